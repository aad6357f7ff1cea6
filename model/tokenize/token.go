// Package tokenize splits text into tokens and sentences the way spaCy's
// English tokenizer does on news text, since models are trained on spaCy's
// tokens: token formats (CoNLL, Hugging Face, Prodigy's tokens) and the GUI's
// token snapping all use it. Offsets are code points, like everywhere in
// Inkspan.
package tokenize

// Token is one token of a text.
type Token struct {
	Text  string
	Start int  // code point offset of the first character
	End   int  // code point offset after the last character
	WS    bool // followed by white space (spaCy's whitespace_)
}

// Sentence is a run of tokens, tokens[First:End].
type Sentence struct {
	First, End int
}
