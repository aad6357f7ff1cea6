package formats

import (
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// documentTokens appends the tokens a token writer writes for a: its stored
// tokens when it has them (so a document comes back token for token as its
// source had it), else the tokenizer's. The WS of a stored token says that
// something lies between it and the next token (or the text's end).
func documentTokens(dst []tokenize.Token, a *Annotation) []tokenize.Token {
	if a.Tokens == nil {
		return tokenize.Append(dst, a.Document.Text)
	}
	return appendStored(dst, a.Document.Text, a.Tokens)
}

// appendStored turns stored tokens into tokenize.Tokens over text, in one
// pass over the text. Tokens past the text (which storage refuses) are cut
// off rather than panicking a writer.
func appendStored(dst []tokenize.Token, text string, toks []model.Token) []tokenize.Token {
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
				textLen = runeCount(text)
			}
			ws = textLen > t.End
		}
		dst = append(dst, tokenize.Token{Text: text[from:to], Start: t.Start, End: t.End, WS: ws})
	}
	return dst
}

// storedSentences gives the sentences of stored tokens, by their
// SentenceStart; a document whose tokens mark none is one sentence.
func storedSentences(dst []tokenize.Sentence, toks []model.Token) []tokenize.Sentence {
	first := 0
	for i := 1; i < len(toks); i++ {
		if toks[i].SentenceStart {
			dst = append(dst, tokenize.Sentence{First: first, End: i})
			first = i
		}
	}
	if len(toks) > 0 {
		dst = append(dst, tokenize.Sentence{First: first, End: len(toks)})
	}
	return dst
}

// appendWhitespace appends, as a JSON list of strings, the text after each
// token up to the next one (up to the text's end after the last): what the
// Hugging Face writer records so that the text can be rebuilt exactly, and
// an import of the export finds the documents it came from.
func appendWhitespace(b []byte, text string, toks []tokenize.Token) []byte {
	b = append(b, '[')
	cp, at := 0, 0
	for i, t := range toks {
		for cp < t.End && at < len(text) { // to the token's end
			_, size := utf8.DecodeRuneInString(text[at:])
			at += size
			cp++
		}
		from := at
		next := -1 // the text's end
		if i+1 < len(toks) {
			next = toks[i+1].Start
		}
		for (next < 0 || cp < next) && at < len(text) {
			_, size := utf8.DecodeRuneInString(text[at:])
			at += size
			cp++
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, text[from:at])
	}
	return append(b, ']')
}
