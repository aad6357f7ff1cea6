package model

// Token is one token a document came with: a CoNLL line, a Hugging Face
// list entry, a Prodigy token. Documents imported from a format that carries
// tokens keep them, so that token exports write back the source's tokens and
// sentences instead of the tokenizer's guess.
//
// What follows a token (white space or not) is the text between its End and
// the next token's Start: the text is the truth, so the two cannot disagree.
type Token struct {
	Start, End int // code points, end exclusive
	// SentenceStart is true for the first token of a sentence (always for
	// the first token of a document that has sentence breaks).
	SentenceStart bool
	// Columns are the source's other columns for the token, in order
	// (CoNLL's POS and chunk tags); nil when it had none.
	Columns []string
}

// ValidateTokens checks tokens against a text of textLen code points: each
// token non-empty, within the text, after the one before it (no overlap).
// Errors: EINVALID naming the first bad token.
func ValidateTokens(textLen int, tokens []Token) error {
	prev := 0
	for i, t := range tokens {
		switch {
		case t.Start >= t.End:
			return Errorf(EINVALID, "token %d [%d, %d) is empty or inverted", i, t.Start, t.End)
		case t.Start < 0 || t.End > textLen:
			return Errorf(EINVALID, "token %d [%d, %d) is outside the text of %d characters", i, t.Start, t.End, textLen)
		case t.Start < prev:
			return Errorf(EINVALID, "token %d [%d, %d) overlaps or comes before the token before it", i, t.Start, t.End)
		}
		prev = t.End
	}
	return nil
}
