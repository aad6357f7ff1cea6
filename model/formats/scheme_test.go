package formats

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// schemeSpans covers what tells the schemes apart: a two-token span, a
// one-token span of the same label right after it, a three-token span and a
// one-token span of another label right after that.
//
//	Vladimir Putin Erdoğan met in northern Syria Reuters said
//	0        1     2       3   4  5        6     7       8
var schemeSpans = []tokenSpan{{0, 1, "PER"}, {2, 2, "PER"}, {4, 6, "LOC"}, {7, 7, "ORG"}}

func TestEncodeTags(t *testing.T) {
	for _, tc := range []struct {
		scheme Scheme
		want   string
	}{
		{SchemeIOB2, "B-PER I-PER B-PER O B-LOC I-LOC I-LOC B-ORG O"},
		// B- only where a span directly follows one of the same label.
		{SchemeIOB1, "I-PER I-PER B-PER O I-LOC I-LOC I-LOC I-ORG O"},
		{SchemeBIOES, "B-PER E-PER S-PER O B-LOC I-LOC E-LOC S-ORG O"},
		{"", "B-PER I-PER B-PER O B-LOC I-LOC I-LOC B-ORG O"},
	} {
		t.Run(string(tc.scheme), func(t *testing.T) {
			got := strings.Join(encodeTags(9, schemeSpans, tc.scheme), " ")
			if got != tc.want {
				t.Errorf("encodeTags = %s\nwant          %s", got, tc.want)
			}
			back, err := decodeTags(strings.Fields(tc.want), tc.scheme)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, schemeSpans) {
				t.Errorf("decodeTags = %v, want %v", back, schemeSpans)
			}
		})
	}
}

func TestEncodeTags_AdjacentSameLabel(t *testing.T) {
	spans := []tokenSpan{{0, 0, "X"}, {1, 2, "X"}, {3, 3, "X"}}
	for scheme, want := range map[Scheme]string{
		SchemeIOB1:  "I-X B-X I-X B-X O",
		SchemeIOB2:  "B-X B-X I-X B-X O",
		SchemeBIOES: "S-X B-X E-X S-X O",
	} {
		if got := strings.Join(encodeTags(5, spans, scheme), " "); got != want {
			t.Errorf("%s: %s, want %s", scheme, got, want)
		}
		back, err := decodeTags(strings.Fields(want), scheme)
		if err != nil || !reflect.DeepEqual(back, spans) {
			t.Errorf("%s: decodeTags = %v, %v, want %v", scheme, back, err, spans)
		}
	}
}

func TestEncodeTags_NoSpans(t *testing.T) {
	if got := strings.Join(encodeTags(3, nil, SchemeBIOES), " "); got != "O O O" {
		t.Errorf("got %s", got)
	}
	if got := encodeTags(0, nil, SchemeIOB2); len(got) != 0 {
		t.Errorf("got %v", got)
	}
}

// TestDecodeTags_Lenient holds decoding to seqeval's default mode on tags
// that break their scheme's rules.
func TestDecodeTags_Lenient(t *testing.T) {
	for _, tc := range []struct {
		tags string
		want []tokenSpan
	}{
		{"I-X I-X O I-Y", []tokenSpan{{0, 1, "X"}, {3, 3, "Y"}}},
		{"B-X I-Y I-Y", []tokenSpan{{0, 0, "X"}, {1, 2, "Y"}}},
		{"O E-X O", []tokenSpan{{1, 1, "X"}}},
		{"B-X E-X I-X", []tokenSpan{{0, 1, "X"}, {2, 2, "X"}}},
		{"S-X I-X E-X", []tokenSpan{{0, 0, "X"}, {1, 2, "X"}}},
		{"B-X S-X", []tokenSpan{{0, 0, "X"}, {1, 1, "X"}}},
		{"B-X B-X", []tokenSpan{{0, 0, "X"}, {1, 1, "X"}}},
		{"B-X E-Y", []tokenSpan{{0, 0, "X"}, {1, 1, "Y"}}},
		{"I-X E-X E-X", []tokenSpan{{0, 1, "X"}, {2, 2, "X"}}},
		{"U-X B-X L-X", []tokenSpan{{0, 0, "X"}, {1, 2, "X"}}}, // BILOU
		{"B-B-X I-B-X", []tokenSpan{{0, 1, "B-X"}}},            // labels may hold dashes
		{"O O", nil},
	} {
		got, err := decodeTags(strings.Fields(tc.tags), SchemeIOB2)
		if err != nil {
			t.Errorf("%s: %v", tc.tags, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.tags, got, tc.want)
		}
	}
}

func TestDecodeTags_Errors(t *testing.T) {
	for _, tc := range []struct {
		tags   []string
		phrase string
	}{
		{[]string{"O", "X-PER"}, `token 1: tag "X-PER" has an unknown prefix`},
		{[]string{"B"}, `tag "B" is not O`},
		{[]string{"B-"}, `tag "B-" has no label`},
		{[]string{"o"}, `tag "o"`},
		{[]string{"BPER"}, `tag "BPER"`},
		{[]string{""}, `tag ""`},
		{[]string{"b-PER"}, `tag "b-PER" has an unknown prefix`},
	} {
		_, err := decodeTags(tc.tags, SchemeIOB2)
		if err == nil || !strings.Contains(err.Error(), tc.phrase) {
			t.Errorf("%q: error %v, want one containing %q", tc.tags, err, tc.phrase)
		}
	}
}

// TestEncodeDecode_Random round-trips random non-overlapping spans through
// every scheme.
func TestEncodeDecode_Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	labels := []string{"A", "B", "C"}
	for range 2000 {
		n := rng.IntN(20)
		var spans []tokenSpan
		for t := 0; t < n; {
			t += rng.IntN(3) // often 0: spans right after each other
			if t >= n {
				break
			}
			last := min(t+rng.IntN(4), n-1)
			spans = append(spans, tokenSpan{t, last, labels[rng.IntN(len(labels))]})
			t = last + 1
		}
		for _, scheme := range []Scheme{SchemeIOB1, SchemeIOB2, SchemeBIOES} {
			tags := encodeTags(n, spans, scheme)
			got, err := decodeTags(tags, scheme)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, spans) {
				t.Fatalf("%s: %v encodes as %v, which decodes as %v", scheme, spans, tags, got)
			}
			// Every tag must have the id HFTags gives it.
			all := HFTags(labels, scheme)
			kinds := encodeKinds(nil, n, spans, scheme)
			for i, k := range kinds {
				label := 0
				if k.kind != tagO {
					label = strings.Index("ABC", spans[k.span].Label)
				}
				if id := tagID(k.kind, label, scheme); all[id] != tags[i] {
					t.Fatalf("%s: tag %s has id %d, which HFTags names %s", scheme, tags[i], id, all[id])
				}
			}
		}
	}
}

func TestHFTags(t *testing.T) {
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	iob := "O B-ACTOR I-ACTOR B-PLACE I-PLACE B-FIGURE I-FIGURE"
	for scheme, want := range map[Scheme]string{
		SchemeIOB1:  iob,
		SchemeIOB2:  iob,
		"":          iob,
		SchemeBIOES: "O B-ACTOR I-ACTOR E-ACTOR S-ACTOR B-PLACE I-PLACE E-PLACE S-PLACE B-FIGURE I-FIGURE E-FIGURE S-FIGURE",
	} {
		if got := strings.Join(HFTags(labels, scheme), " "); got != want {
			t.Errorf("%q: %s, want %s", scheme, got, want)
		}
	}
	if got := HFTags(nil, SchemeIOB2); !reflect.DeepEqual(got, []string{"O"}) {
		t.Errorf("no labels: %v", got)
	}
}
