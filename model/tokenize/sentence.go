package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// Sentences groups tokens into sentences (for CoNLL's blank lines).
//
// tokens must be Tokenize(text), or tokens over text whose Text is cut
// from it (AppendStored: a document's own tokens). A sentence ends at every line break (news
// paragraphs are one per line) and after a sentence-final ".", "!", "?" or
// ellipsis, with the closing quotes and brackets attached to it, when the
// next token looks like a sentence start: a capital, a digit, an opening
// quote or bracket, or a letter of a non-Latin script. Abbreviations such as
// "Mr." are single tokens and so never end a sentence; neither does the
// period of a title that spaCy splits off ("Capt", "."). The result covers
// every token in order with no empty sentence; it is nil for no tokens.
func Sentences(text string, tokens []Token) []Sentence {
	if len(tokens) == 0 {
		return nil
	}
	out := make([]Sentence, 0, len(tokens)/20+1)
	first := 0
	cut := -1 // a sentence starts at this token, found by a terminator before it
	b := byteOffset(text, tokens[0].Start)
	for k := 0; k+1 < len(tokens); k++ {
		// Scan the gap after token k for a line break; it holds only white space.
		b += len(tokens[k].Text)
		newline := false
		for c := tokens[k].End; c < tokens[k+1].Start && b < len(text); c++ {
			r, size := utf8.DecodeRuneInString(text[b:])
			switch r {
			case '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
				newline = true
			}
			b += size
		}
		if isTerminator(tokens[k].Text) && !afterTitle(tokens, k) {
			j := k + 1
			for j < len(tokens) && !tokens[j-1].WS && isCloser(tokens[j].Text) {
				j++
			}
			if j < len(tokens) && startsSentence(tokens[j].Text) {
				cut = j
			}
		}
		if newline || cut == k+1 {
			out = append(out, Sentence{First: first, End: k + 1})
			first = k + 1
		}
	}
	return append(out, Sentence{First: first, End: len(tokens)})
}

// byteOffset converts a code point offset to bytes by walking the text; it is
// used once per call, for the first token.
func byteOffset(text string, cp int) int {
	b := 0
	for ; cp > 0 && b < len(text); cp-- {
		_, size := utf8.DecodeRuneInString(text[b:])
		b += size
	}
	return b
}

func isTerminator(s string) bool {
	switch s {
	case ".", "!", "?", "…", "。", "！", "？", "؟", "۔":
		return true
	}
	// Runs of periods or ellipses ("...", "……").
	if len(s) >= 2 && (s[0] == '.' || s[0] == "…"[0]) {
		for _, r := range s {
			if r != '.' && r != '…' {
				return false
			}
		}
		return true
	}
	return false
}

func isCloser(s string) bool {
	switch s {
	case "”", "’", `"`, "'", ")", "]", "}", "»", "」", "』", "）", "〕", "】", "》", "〉":
		return true
	}
	return false
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '“', '‘', '"', '\'', '(', '[', '{', '«', '„', '‚', '¿', '¡', '「', '『', '（', '【', '《', '〈', '〔', '`':
		return true
	}
	if unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsDigit(r) {
		return true
	}
	return r >= 0x80 && unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r)
}

// titles are abbreviations before a name whose period spaCy's exceptions do
// not keep on the word, in the forms they are written in.
var titles = set("Capt Cmdr Col Lt Maj Sgt Sr Cpl Pvt Brig Supt Insp Det Fr Hon Pres Vs " +
	"CAPT COL LT MAJ SGT SR MR MRS MS DR PROF ST JR GEN GOV SEN REP")

// afterTitle tells whether token k is a period attached to a title.
func afterTitle(tokens []Token, k int) bool {
	return k > 0 && tokens[k].Text == "." && !tokens[k-1].WS && titles[tokens[k-1].Text]
}
