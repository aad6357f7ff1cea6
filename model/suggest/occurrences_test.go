package suggest_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// cp returns the code point offset of the n-th (0-based) occurrence of sub
// in text.
func cp(tb testing.TB, text, sub string, n int) int {
	tb.Helper()
	at := 0
	for range n + 1 {
		i := strings.Index(text[at:], sub)
		if i < 0 {
			tb.Fatalf("%q has no occurrence %d of %q", text, n, sub)
		}
		at += i + len(sub)
	}
	return len([]rune(text[:at-len(sub)]))
}

// at is how show writes a span of text found at code point start.
func at(labelAndText string, start int) string { return fmt.Sprintf("%s@%d", labelAndText, start) }

func TestOccurrences(t *testing.T) {
	const text = "🇹🇷 Idlib, Idlibi, Idlib. Maaret Misrin and Maaret  Misrin and Maaret Misrin; Idlib"
	tokens := tokenize.Tokenize(text)

	t.Run("OK", func(t *testing.T) {
		start := cp(t, text, "Idlib", 0)
		got := suggest.Occurrences(text, tokens, start, start+5, "PLACE", nil, false)
		want := []string{at("PLACE Idlib", cp(t, text, "Idlib", 2)), at("PLACE Idlib", cp(t, text, "Idlib", 3))}
		if got := show(text, got); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
		for _, s := range got {
			if s.Origin != model.OriginManual {
				t.Fatalf("origin %q, want %q", s.Origin, model.OriginManual)
			}
		}
	})

	t.Run("ExactStringOnly", func(t *testing.T) {
		// The double-spaced "Maaret  Misrin" has the same tokens but is
		// another string.
		start := cp(t, text, "Maaret Misrin", 0)
		got := show(text, suggest.Occurrences(text, tokens, start, start+13, "PLACE", nil, false))
		want := []string{at("PLACE Maaret Misrin", cp(t, text, "Maaret Misrin", 1))}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})

	t.Run("SkipsConflicts", func(t *testing.T) {
		start := cp(t, text, "Idlib", 0)
		second, last := cp(t, text, "Idlib", 2), cp(t, text, "Idlib", 3)
		existing := []model.Span{
			{Start: start, End: start + 5, Label: "PLACE"},     // the span just labeled
			{Start: last, End: last + 5, Label: "PLACE"},       // already labeled
			{Start: second - 2, End: second + 3, Label: "ORG"}, // overlaps the second Idlib
		}
		if got := suggest.Occurrences(text, tokens, start, start+5, "PLACE", existing, false); len(got) != 0 {
			t.Fatalf("got %q, want none", show(text, got))
		}
		want := []string{at("PLACE Idlib", second)}
		if got := show(text, suggest.Occurrences(text, tokens, start, start+5, "PLACE", existing, true)); !reflect.DeepEqual(got, want) {
			t.Fatalf("with overlaps allowed got %q, want %q", got, want)
		}
	})

	t.Run("SelfOverlap", func(t *testing.T) {
		const text = "a a a a a"
		got := show(text, suggest.Occurrences(text, tokenize.Tokenize(text), 0, 3, "X", nil, false))
		if want := []string{"X a a@4"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})

	t.Run("NotTokenAligned", func(t *testing.T) {
		// A span inside "Idlibi" still labels the whole-token "Idlib"s.
		start := cp(t, text, "Idlibi", 0)
		got := show(text, suggest.Occurrences(text, tokens, start, start+5, "PLACE", nil, false))
		want := []string{at("PLACE Idlib", 3), at("PLACE Idlib", cp(t, text, "Idlib", 2)), at("PLACE Idlib", cp(t, text, "Idlib", 3))}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})

	t.Run("BadOffsets", func(t *testing.T) {
		for _, r := range [][2]int{{-1, 3}, {5, 5}, {6, 2}, {80, 200}} {
			if got := suggest.Occurrences(text, tokens, r[0], r[1], "X", nil, false); got != nil {
				t.Fatalf("[%d, %d): got %+v, want nil", r[0], r[1], got)
			}
		}
	})
}

func TestLabelPhrase(t *testing.T) {
	const text = "東京 and 東京都; Idlib. Idlibi"
	got := suggest.LabelPhrase(text, tokenize.Tokenize(text), "東京", "PLACE", []model.Span{{Start: 0, End: 2, Label: "PLACE"}}, false)
	// The tokenizer splits CJK per character, so 東京 is found inside 東京都.
	if got, want := show(text, got), []string{"PLACE 東京@7"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	got = suggest.LabelPhrase(text, tokenize.Tokenize(text), "Idlib", "PLACE", nil, false)
	if got, want := show(text, got), []string{"PLACE Idlib@12"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := suggest.LabelPhrase(text, tokenize.Tokenize(text), " ", "PLACE", nil, false); len(got) != 0 {
		t.Fatalf("blank phrase: got %+v, want nil", got)
	}
}

func TestLabeled(t *testing.T) {
	const text = "🇹🇷 Idlib and Idlib and idlib"
	spans := []model.Span{
		{ID: "1", Start: 3, End: 8, Label: "PLACE"},
		{ID: "2", Start: 13, End: 18, Label: "PLACE"},
		{ID: "3", Start: 13, End: 18, Label: "ORG"},
		{ID: "4", Start: 23, End: 28, Label: "PLACE"},
		{ID: "5", Start: 20, End: 99, Label: "PLACE"},
	}
	var ids []string
	for _, s := range suggest.Labeled(text, spans, "Idlib", "PLACE") {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, ","), "1,2"; got != want {
		t.Fatalf("got spans %s, want %s", got, want)
	}
}

// Among tokens a document came with, a phrase is found where it covers
// whole stored tokens, whatever the tokenizer would make of it.
func TestLabelPhraseAmongStoredTokens(t *testing.T) {
	const text = "New York-based firms left New York."
	stored := []model.Token{{Start: 0, End: 3}, {Start: 4, End: 14}, {Start: 15, End: 20}, {Start: 21, End: 25},
		{Start: 26, End: 29}, {Start: 30, End: 34}, {Start: 34, End: 35}}
	words := tokenize.AppendStored(nil, text, stored)
	got := suggest.LabelPhrase(text, words, "York", "PLACE", nil, false)
	if got, want := show(text, got), []string{"PLACE York@30"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("York among stored tokens: got %q, want only the whole token %q", got, want)
	}
	got = suggest.LabelPhrase(text, words, "New York-based", "ACTOR", nil, false)
	if got, want := show(text, got), []string{"ACTOR New York-based@0"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("New York-based: got %q, want %q", got, want)
	}
	// The tokenizer cuts York-based, so there both Yorks are whole tokens.
	got = suggest.LabelPhrase(text, tokenize.Tokenize(text), "York", "PLACE", nil, false)
	if got, want := show(text, got), []string{"PLACE York@4", "PLACE York@30"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("York among the tokenizer's tokens: got %q, want %q", got, want)
	}
}
