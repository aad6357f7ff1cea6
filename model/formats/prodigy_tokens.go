package formats

import (
	"encoding/json"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// prodigyToken is one entry of a Prodigy task's "tokens".
type prodigyToken struct {
	Text  string `json:"text"`
	Start *int   `json:"start"`
	End   *int   `json:"end"`
}

// prodigyTokens reads a task's "tokens" (code-point start and end, end
// exclusive), to be kept with the document so that an export writes the
// same tokens and the same token_start/token_end. Prodigy has no sentence
// breaks: the sentence splitter marks them over the task's own tokens. A
// list that does not fit the text (offsets outside it, overlapping,
// missing) is not kept and is counted in the record's NotKept: the record
// itself is still good, and exports tokenize it as any other.
func (r *jsonlReader) prodigyTokens(raw []byte, text string, runes int) []model.Token {
	var list []prodigyToken
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		r.addNotKept("token lists that do not fit the text", 1)
		return nil
	}
	toks := make([]model.Token, len(list))
	for i, t := range list {
		if t.Start == nil || t.End == nil {
			r.addNotKept("token lists that do not fit the text", 1)
			return nil
		}
		toks[i] = model.Token{Start: *t.Start, End: *t.End}
	}
	if model.ValidateTokens(runes, toks) != nil {
		r.addNotKept("token lists that do not fit the text", 1)
		return nil
	}
	plain := tokenize.AppendStored(make([]tokenize.Token, 0, len(toks)), text, toks)
	for _, s := range tokenize.Sentences(text, plain) {
		if s.First < len(toks) {
			toks[s.First].SentenceStart = true
		}
	}
	return toks
}
