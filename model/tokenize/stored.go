package tokenize

import (
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// AppendStored appends a document's stored tokens (model.Token: the ones
// its CoNLL, Hugging Face or Prodigy source gave) as Tokens over its text,
// in one pass over the text: Text is the token's text, WS says that
// something lies between it and the next token (or the text's end). The
// tokens stop at the first one that is empty or reaches past the text
// (which storage refuses), rather than panicking a reader.
func AppendStored(dst []Token, text string, toks []model.Token) []Token {
	byteAt, cp := 0, 0
	advance := func(to int) int { // byte offset of code point to, moving forward only
		for cp < to && byteAt < len(text) {
			_, size := utf8.DecodeRuneInString(text[byteAt:])
			byteAt += size
			cp++
		}
		return byteAt
	}
	textLen := -1
	for i, t := range toks {
		from := advance(t.Start)
		to := advance(t.End)
		if cp < t.End || t.Start >= t.End {
			break
		}
		ws := false
		if i+1 < len(toks) {
			ws = toks[i+1].Start > t.End
		} else {
			if textLen < 0 {
				textLen = cp + utf8.RuneCountInString(text[byteAt:])
			}
			ws = textLen > t.End
		}
		dst = append(dst, Token{Text: text[from:to], Start: t.Start, End: t.End, WS: ws})
	}
	return dst
}

// Stored gives the words of a document that came with tokens, as the
// window snaps a selection to them and moves the caret by them: its stored
// tokens (AppendStored), so that a span drawn there falls on the tokens a
// token export writes, and its sentences. The sentences are the ones the
// tokens mark (model.Token.SentenceStart: CoNLL's blank lines, a Hugging
// Face record being one) when any token marks one, else Sentences' guess
// over the stored tokens (Prodigy's tokens mark none). For a document
// without stored tokens the words are Tokenize's and Sentences'.
func Stored(text string, toks []model.Token) ([]Token, []Sentence) {
	words := AppendStored(make([]Token, 0, len(toks)), text, toks)
	toks = toks[:len(words)] // the ones AppendStored kept
	marked := false
	for _, t := range toks {
		if t.SentenceStart {
			marked = true
			break
		}
	}
	if !marked {
		return words, Sentences(text, words)
	}
	var sents []Sentence
	first := 0
	for i := 1; i < len(toks); i++ {
		if toks[i].SentenceStart {
			sents = append(sents, Sentence{First: first, End: i})
			first = i
		}
	}
	if len(toks) > 0 {
		sents = append(sents, Sentence{First: first, End: len(toks)})
	}
	return words, sents
}
