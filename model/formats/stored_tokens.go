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
	return tokenize.AppendStored(dst, a.Document.Text, a.Tokens)
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
