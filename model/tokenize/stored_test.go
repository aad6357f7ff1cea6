package tokenize_test

import (
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// A CoNLL source that made "U.S.-led" one token and "New York-based" two,
// where the tokenizer makes four of the latter: the words are the
// source's, so a selection snaps to them.
func TestStoredWordsAreTheSourcesTokens(t *testing.T) {
	text := "U.S.-led forces left New York-based firms.\nThey met."
	toks := []model.Token{
		{Start: 0, End: 8, SentenceStart: true}, // U.S.-led
		{Start: 9, End: 15},                     // forces
		{Start: 16, End: 20},                    // left
		{Start: 21, End: 24},                    // New
		{Start: 25, End: 35},                    // York-based
		{Start: 36, End: 41},                    // firms
		{Start: 41, End: 42},                    // .
		{Start: 43, End: 47, SentenceStart: true},
		{Start: 48, End: 51},
		{Start: 51, End: 52},
	}
	words, sents := tokenize.Stored(text, toks)
	want := []tokenize.Token{
		{"U.S.-led", 0, 8, true}, {"forces", 9, 15, true}, {"left", 16, 20, true}, {"New", 21, 24, true},
		{"York-based", 25, 35, true}, {"firms", 36, 41, false}, {".", 41, 42, true},
		{"They", 43, 47, true}, {"met", 48, 51, false}, {".", 51, 52, false},
	}
	if !reflect.DeepEqual(words, want) {
		t.Errorf("words\n got %+v\nwant %+v", words, want)
	}
	if wantS := []tokenize.Sentence{{0, 7}, {7, 10}}; !reflect.DeepEqual(sents, wantS) {
		t.Errorf("sentences %v, want the marked ones %v", sents, wantS)
	}
	// The tokenizer would not have given these words: that is the point.
	if tk := tokenize.Tokenize(text); reflect.DeepEqual(tk, want) {
		t.Fatal("the tokenizer agrees with the source; the test shows nothing")
	}
	if s, e, ok := tokenize.Snap(words, 27, 30); !ok || s != 25 || e != 35 {
		t.Errorf("a selection inside York-based snaps to [%d, %d) %v, want the stored token [25, 35)", s, e, ok)
	}
}

// Prodigy's tokens mark no sentence: the sentences are guessed over the
// stored tokens, by the rule the tokenizer's are found with.
func TestStoredSentencesGuessedWhenUnmarked(t *testing.T) {
	text := "Anna left. Bob came."
	toks := []model.Token{{Start: 0, End: 4}, {Start: 5, End: 10}, {Start: 11, End: 14}, {Start: 15, End: 19}, {Start: 19, End: 20}}
	words, sents := tokenize.Stored(text, toks)
	if len(words) != 5 || words[1].Text != "left." {
		t.Fatalf("words %+v", words)
	}
	// "left." is not the terminator "." the guess looks for: one sentence
	// ends only at the text's end, not inside the source's own token.
	if want := []tokenize.Sentence{{0, 5}}; !reflect.DeepEqual(sents, want) {
		t.Errorf("sentences %v, want %v", sents, want)
	}
	toks = []model.Token{{Start: 0, End: 4}, {Start: 5, End: 9}, {Start: 9, End: 10}, {Start: 11, End: 14}, {Start: 15, End: 19}, {Start: 19, End: 20}}
	if _, sents = tokenize.Stored(text, toks); !reflect.DeepEqual(sents, []tokenize.Sentence{{0, 3}, {3, 6}}) {
		t.Errorf("sentences %v, want two, split after the stored \".\"", sents)
	}
}

// Tokens the text cannot hold (storage refuses them; a damaged file might
// not) stop the words there instead of panicking the window.
func TestStoredStopsAtTokensPastTheText(t *testing.T) {
	text := "Ankara and Moscow"
	toks := []model.Token{{Start: 0, End: 6, SentenceStart: true}, {Start: 7, End: 10}, {Start: 11, End: 30, SentenceStart: true}}
	words, sents := tokenize.Stored(text, toks)
	if len(words) != 2 || words[1].Text != "and" || !words[1].WS {
		t.Fatalf("words %+v, want Ankara and", words)
	}
	if want := []tokenize.Sentence{{0, 2}}; !reflect.DeepEqual(sents, want) {
		t.Errorf("sentences %v, want %v over the words kept", sents, want)
	}
	if words, sents := tokenize.Stored("", nil); len(words) != 0 || len(sents) != 0 {
		t.Errorf("no tokens: %v %v", words, sents)
	}
	// Multi-byte text: offsets are code points, Text is cut at the right bytes.
	words, _ = tokenize.Stored("Erdoğan’s talks", []model.Token{{Start: 0, End: 9}, {Start: 10, End: 15}})
	if words[0].Text != "Erdoğan’s" || words[1].Text != "talks" || words[1].WS {
		t.Errorf("words %+v", words)
	}
}
