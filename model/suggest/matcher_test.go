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

// MustMatcher builds a matcher from a patterns file's text.
func MustMatcher(tb testing.TB, jsonl string) *suggest.Matcher {
	tb.Helper()
	patterns, err := suggest.ReadPatterns(strings.NewReader(jsonl), "patterns.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	m, err := suggest.NewMatcher(patterns)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// show writes spans as "LABEL text@start" with code point offsets, the
// form that makes a failure readable.
func show(text string, spans []model.Span) []string {
	runes := []rune(text)
	out := []string{}
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%s %s@%d", s.Label, string(runes[s.Start:s.End]), s.Start))
	}
	return out
}

func matchText(m *suggest.Matcher, text string) []string {
	return show(text, m.Match(tokenize.Tokenize(text), nil))
}

func TestMatcherPhrases(t *testing.T) {
	m := MustMatcher(t, `{"label": "PLACE", "pattern": "Maaret Misrin"}
{"label": "PLACE", "pattern": "Misrin"}
{"label": "TOWN", "pattern": "Misrin"}
{"label": "PLACE", "pattern": "Misrin"}
{"label": "ACTOR", "pattern": "Erdoğan"}
{"label": "PLACE", "pattern": "東京都"}
{"label": "FLAG", "pattern": "🇹🇷"}
{"label": "PLACE", "pattern": "Idlib"}
{"label": "ORG", "pattern": "U.S. Army"}`)
	t.Run("OK", func(t *testing.T) {
		text := "🇹🇷 Erdoğan went to 東京都, then to Maaret Misrin and Idlib."
		// The flag is two code points.
		want := []string{"FLAG 🇹🇷@0", "ACTOR Erdoğan@3", "PLACE 東京都@19", "PLACE Maaret Misrin@32", "PLACE Misrin@39", "TOWN Misrin@39", "PLACE Idlib@50"}
		if got := matchText(m, text); !reflect.DeepEqual(got, want) {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
	})
	t.Run("WholeTokensOnly", func(t *testing.T) {
		if got := matchText(m, "Idlibi, MaaretMisrin, Erdoğans"); len(got) != 0 {
			t.Fatalf("got %q, want no matches", got)
		}
	})
	t.Run("CaseSensitive", func(t *testing.T) {
		if got := matchText(m, "idlib IDLIB maaret misrin"); len(got) != 0 {
			t.Fatalf("got %q, want no matches", got)
		}
	})
	t.Run("TokenizedLikeText", func(t *testing.T) {
		// The phrase and the text split "U.S." and the final period alike.
		want := []string{"ORG U.S. Army@11", "PLACE Idlib@33"}
		if got := matchText(m, "He met the U.S. Army officers in Idlib."); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("AppendsToDst", func(t *testing.T) {
		dst := []model.Span{{Label: "KEEP"}}
		dst = m.Match(tokenize.Tokenize("Idlib"), dst)
		if got, want := len(dst), 2; got != want {
			t.Fatalf("got %d spans, want %d", got, want)
		}
		if got, want := dst[1], (model.Span{Start: 0, End: 5, Label: "PLACE", Origin: model.OriginSuggestion}); !got.Equal(want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
}

func TestMatcherAttributes(t *testing.T) {
	const text = "Idlib idlib IDLIB 34 1,250 3.5 ten 3rd 1/2 , Éric U.S. x"
	for _, tt := range []struct {
		spec string
		want string // the matching tokens
	}{
		{`{"lower": "idlib"}`, "Idlib idlib IDLIB"},
		{`{"LOWER": "éric"}`, "Éric"},
		{`{"text": "Idlib"}`, "Idlib"},
		{`{"orth": "IDLIB"}`, "IDLIB"},
		{`{"shape": "Xxxxx"}`, "Idlib"},
		{`{"shape": "XXXX"}`, "IDLIB"},
		{`{"shape": "dd"}`, "34"},
		{`{"shape": "d,ddd"}`, "1,250"},
		{`{"shape": "X.X."}`, "U.S."},
		{`{"is_digit": true}`, "34"},
		{`{"like_num": true}`, "34 1,250 3.5 ten 3rd 1/2"},
		{`{"is_title": true}`, "Idlib Éric U.S."},
		{`{"is_alpha": true}`, "Idlib idlib IDLIB ten Éric x"},
		{`{"is_lower": true}`, "idlib ten 3rd x"},
		{`{"is_upper": true}`, "IDLIB U.S."},
		{`{"is_punct": true}`, ","},
		{`{"is_alpha": false, "like_num": false}`, ", U.S."},
		{`{"is_alpha": true, "is_title": true}`, "Idlib Éric"},
	} {
		t.Run(tt.spec, func(t *testing.T) {
			m := MustMatcher(t, `{"label": "L", "pattern": [`+tt.spec+`]}`)
			var got []string
			for _, s := range matchText(m, text) {
				got = append(got, strings.TrimPrefix(s[:strings.LastIndex(s, "@")], "L "))
			}
			if got, want := strings.Join(got, " "), tt.want; got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
		})
	}
}

func TestMatcherOperators(t *testing.T) {
	const text = "a a b a c"
	for _, tt := range []struct {
		pattern string
		want    []string
	}{
		{`[{"lower": "a"}, {"lower": "b", "op": "?"}]`, []string{"a@0", "a@2", "a b@2", "a@6"}},
		{`[{"lower": "a", "op": "+"}]`, []string{"a@0", "a a@0", "a@2", "a@6"}},
		{`[{"lower": "b"}, {"lower": "a", "op": "*"}]`, []string{"b@4", "b a@4"}},
		{`[{"lower": "a"}, {"lower": "a", "op": "!"}]`, []string{"a b@2", "a c@6"}},
		{`[{"lower": "a", "op": "*"}, {"lower": "b"}]`, []string{"a a b@0", "a b@2", "b@4"}},
		{`[{"op": "?"}, {"lower": "c"}]`, []string{"a c@6", "c@8"}},
		{`[{"lower": "a", "op": "?"}, {"lower": "a", "op": "?"}]`, []string{"a@0", "a a@0", "a@2", "a@6"}},
		{`[{"lower": "c"}, {"op": "+"}]`, []string{}},
		{`[{"op": "!", "lower": "a"}, {"op": "*"}]`, []string{"b@4", "b a@4", "b a c@4", "c@8"}},
	} {
		t.Run(tt.pattern, func(t *testing.T) {
			m := MustMatcher(t, `{"label": "L", "pattern": `+tt.pattern+`}`)
			got := []string{}
			for _, s := range matchText(m, text) {
				got = append(got, strings.TrimPrefix(s, "L "))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMatcherConcurrent(t *testing.T) {
	m := MustMatcher(t, `{"label": "PLACE", "pattern": "Idlib"}
{"label": "N", "pattern": [{"like_num": true}]}`)
	tokens := tokenize.Tokenize("34 died in Idlib")
	done := make(chan []model.Span)
	for range 4 {
		go func() { done <- m.Match(tokens, nil) }()
	}
	for range 4 {
		if got, want := len(<-done), 2; got != want {
			t.Errorf("got %d spans, want %d", got, want)
		}
	}
}
