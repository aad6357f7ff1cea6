package suggest

import (
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Occurrences backs "label all occurrences" in the document the annotator
// is working on: after they label [start, end) (code points) with label, it
// returns a span labeled label for every other whole-token occurrence of
// the same string, leaving out the places where the span could not be added
// next to existing (see Resolve) or would overlap the new span itself.
// Spans have Origin OriginManual, since the annotator asked for them.
// Offsets outside the text give no spans.
func Occurrences(text string, tokens []tokenize.Token, start, end int, label string, existing []model.Span, allowOverlap bool) []model.Span {
	offsets := model.NewOffsets(text)
	if start < 0 || start >= end || end > offsets.Len() {
		return nil
	}
	labeled := model.Span{Start: start, End: end, Label: label}
	others := phraseSpans(offsets, tokens, offsets.Slice(start, end), label)
	others = removeSpan(others, labeled)
	return Resolve(others, append(existing[:len(existing):len(existing)], labeled), allowOverlap)
}

// LabelPhrase backs "label all occurrences" across a project: called on
// each other document, it returns a span labeled label for every
// whole-token occurrence of phrase that can be added next to existing.
// Spans have Origin OriginManual.
func LabelPhrase(text string, tokens []tokenize.Token, phrase, label string, existing []model.Span, allowOverlap bool) []model.Span {
	return Resolve(phraseSpans(model.NewOffsets(text), tokens, phrase, label), existing, allowOverlap)
}

// Labeled backs "remove label from all occurrences": it returns the spans
// of spans labeled label whose text is phrase, for the caller to delete.
func Labeled(text string, spans []model.Span, phrase, label string) []model.Span {
	offsets := model.NewOffsets(text)
	var found []model.Span
	for _, s := range spans {
		if s.Label == label && s.Start >= 0 && s.Start < s.End && s.End <= offsets.Len() && offsets.Slice(s.Start, s.End) == phrase {
			found = append(found, s)
		}
	}
	return found
}

// phraseSpans finds phrase where it covers whole tokens of the text: it
// starts where a token starts, ends where one ends, and the text between
// is the phrase exactly, white space included. The phrase is matched by
// its text, not by its own tokens, so that it is found among tokens a
// document came with (a CoNLL "York-based") as among the tokenizer's.
func phraseSpans(offsets *model.Offsets, tokens []tokenize.Token, phrase, label string) []model.Span {
	if len(phraseTokens(phrase)) == 0 {
		return nil
	}
	var spans []model.Span
	for i, first := range tokens {
		if !strings.HasPrefix(phrase, first.Text) {
			continue
		}
		for _, last := range tokens[i:] {
			covered := offsets.Slice(first.Start, last.End)
			if len(covered) >= len(phrase) {
				if covered == phrase {
					spans = append(spans, model.Span{Start: first.Start, End: last.End, Label: label, Origin: model.OriginManual})
				}
				break
			}
			if !strings.HasPrefix(phrase, covered) {
				break
			}
		}
	}
	return spans
}

func removeSpan(spans []model.Span, s model.Span) []model.Span {
	kept := spans[:0]
	for _, o := range spans {
		if !o.SameAs(s) {
			kept = append(kept, o)
		}
	}
	return kept
}
