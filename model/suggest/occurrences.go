package suggest

import (
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

// phraseSpans finds phrase where it covers whole tokens of the text: the
// tokens must be the phrase's own tokens, and the text they cover must be
// the phrase exactly, white space included.
func phraseSpans(offsets *model.Offsets, tokens []tokenize.Token, phrase, label string) []model.Span {
	want := phraseTokens(phrase)
	if len(want) == 0 {
		return nil
	}
	var spans []model.Span
	for i := 0; i+len(want) <= len(tokens); i++ {
		if !sameTexts(tokens[i:i+len(want)], want) {
			continue
		}
		start, end := tokens[i].Start, tokens[i+len(want)-1].End
		if offsets.Slice(start, end) == phrase {
			spans = append(spans, model.Span{Start: start, End: end, Label: label, Origin: model.OriginManual})
		}
	}
	return spans
}

func sameTexts(a, b []tokenize.Token) bool {
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
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
