package suggest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Pattern is one line of a patterns file: a label and either an exact
// phrase or a sequence of token specifications.
type Pattern struct {
	Label  string
	Phrase string      // matched token by token on the tokens' exact text
	Tokens []TokenSpec // used when Phrase is ""
	ID     string      // Prodigy's optional "id", kept so a user can trace a suggestion back
	Line   int         // 1-based line in the patterns file; 0 for a pattern built in code
}

// MaxPatternTokens bounds a token pattern's length: the matcher keeps a
// match's state as a 64-bit set, one bit per position in the pattern.
const MaxPatternTokens = 63

// Op is how many tokens one TokenSpec matches: spaCy's "OP".
type Op string

const (
	OpOne      Op = ""  // exactly one token
	OpNot      Op = "!" // exactly one token that does not satisfy the spec
	OpOptional Op = "?" // zero or one
	OpPlus     Op = "+" // one or more
	OpStar     Op = "*" // zero or more
)

// Flags are the boolean token attributes a TokenSpec can require, with
// the meaning spaCy's lexical attributes of the same names have.
type Flags uint16

const (
	IsAlpha Flags = 1 << iota // every character is a letter
	IsDigit                   // every character is a decimal digit (Unicode Nd: Python also counts "²")
	IsLower                   // has cased characters, all lower case
	IsUpper                   // has cased characters, all upper case
	IsTitle                   // Python's str.istitle: "Idlib", "U.S."
	IsPunct                   // every character is punctuation
	LikeNum                   // "34", "1,250", "3.5", "1/2", "ten", "3rd": spaCy's English like_num
)

// TokenSpec constrains one token; an empty spec matches any token, as {} does
// in spaCy.
type TokenSpec struct {
	Text  string // the token's text equals this (TEXT or ORTH); "" for no constraint
	Lower string // strings.ToLower of the token's text equals this
	Shape string // the token's shape equals this: "Xxxxx", "dd", "d,ddd"
	Is    Flags  // flags the token must have
	IsNot Flags  // flags the token must not have (an attribute given as false)
	Op    Op
}

// Validate checks a pattern built in code the way ReadPatterns checks a line.
// It returns EINVALID.
func (p Pattern) Validate() error {
	switch {
	case strings.TrimSpace(p.Label) == "":
		return model.Errorf(model.EINVALID, "pattern has no label")
	case p.Phrase != "" && p.Tokens != nil:
		return model.Errorf(model.EINVALID, "pattern has both a phrase and token specifications")
	case p.Phrase != "":
		if len(phraseTokens(p.Phrase)) == 0 {
			return model.Errorf(model.EINVALID, "pattern phrase %q has no tokens", p.Phrase)
		}
	case len(p.Tokens) == 0:
		return model.Errorf(model.EINVALID, "pattern is empty")
	case len(p.Tokens) > MaxPatternTokens:
		return model.Errorf(model.EINVALID, "pattern has %d token specifications; at most %d are supported", len(p.Tokens), MaxPatternTokens)
	}
	for _, s := range p.Tokens {
		switch s.Op {
		case OpOne, OpNot, OpOptional, OpPlus, OpStar:
		default:
			return model.Errorf(model.EINVALID, "unknown op %q (want !, ?, + or *)", string(s.Op))
		}
		if s.Is&s.IsNot != 0 {
			return model.Errorf(model.EINVALID, "token specification requires a flag to be both true and false")
		}
	}
	return nil
}

// maxReportedErrors keeps a hopelessly wrong file (say, a CSV chosen by
// mistake) from producing one message per line.
const maxReportedErrors = 20

// ReadPatterns reads a patterns file in Prodigy's JSONL format, one pattern a
// line, blank lines allowed:
//
//	{"label": "PLACE", "pattern": "Maaret Misrin"}
//	{"label": "PLACE", "pattern": [{"lower": "idlib"}], "id": "idlib"}
//
// It returns the patterns of every good line together with an error joining
// one *model.InputError per bad line ("patterns.jsonl:3: ..."), so one pass
// shows a user everything to fix. Attribute names are case-insensitive, as in
// spaCy; keys other than label, pattern and id are ignored.
func ReadPatterns(r io.Reader, file string) ([]Pattern, error) {
	var patterns []Pattern
	var errs []error
	bad := 0
	in := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			if n == 1 {
				line = bytes.TrimPrefix(line, []byte("\uFEFF"))
			}
			p, perr := parsePatternLine(bytes.TrimSpace(line))
			switch {
			case perr != nil:
				bad++
				if bad <= maxReportedErrors {
					errs = append(errs, &model.InputError{File: file, Line: n, Msg: perr.Error()})
				}
			case p.Label != "":
				p.Line = n
				patterns = append(patterns, p)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, &model.InputError{File: file, Line: n, Msg: "cannot read: " + err.Error(), Fatal: true})
			break
		}
	}
	if bad > maxReportedErrors {
		errs = append(errs, &model.InputError{File: file, Msg: fmt.Sprintf("%d more lines have errors", bad-maxReportedErrors)})
	}
	return patterns, errors.Join(errs...)
}

// parsePatternLine returns the zero Pattern for a blank line.
func parsePatternLine(line []byte) (Pattern, error) {
	var p Pattern
	if len(line) == 0 {
		return p, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(line, &fields); err != nil {
		return p, fmt.Errorf("not a JSON object: %s", jsonReason(err))
	}
	rawLabel, ok := fields["label"]
	if !ok {
		return p, errors.New(`missing "label"`)
	}
	if json.Unmarshal(rawLabel, &p.Label) != nil || strings.TrimSpace(p.Label) == "" {
		return p, errors.New(`"label" must be a non-empty string`)
	}
	if raw, ok := fields["id"]; ok {
		p.ID = idString(raw)
	}
	rawPattern, ok := fields["pattern"]
	if !ok {
		return p, errors.New(`missing "pattern"`)
	}
	switch firstByte(rawPattern) {
	case '"':
		if err := json.Unmarshal(rawPattern, &p.Phrase); err != nil {
			return p, fmt.Errorf("pattern: %s", jsonReason(err))
		}
		if len(phraseTokens(p.Phrase)) == 0 {
			return p, errors.New("empty pattern: the phrase has no tokens")
		}
	case '[':
		var specs []json.RawMessage
		if err := json.Unmarshal(rawPattern, &specs); err != nil {
			return p, fmt.Errorf("pattern: %s", jsonReason(err))
		}
		if len(specs) == 0 {
			return p, errors.New("empty pattern: the token list is empty")
		}
		if len(specs) > MaxPatternTokens {
			return p, fmt.Errorf("pattern has %d tokens; at most %d are supported", len(specs), MaxPatternTokens)
		}
		p.Tokens = make([]TokenSpec, len(specs))
		for i, raw := range specs {
			spec, err := parseTokenSpec(raw)
			if err != nil {
				return p, fmt.Errorf("pattern token %d: %w", i+1, err)
			}
			p.Tokens[i] = spec
		}
	default:
		return p, errors.New(`"pattern" must be a string (an exact phrase) or a list of token objects`)
	}
	return p, nil
}

// tokenFlags names the boolean attributes in patterns files.
var tokenFlags = map[string]Flags{
	"is_alpha": IsAlpha, "is_digit": IsDigit, "is_lower": IsLower, "is_upper": IsUpper,
	"is_title": IsTitle, "is_punct": IsPunct, "like_num": LikeNum,
}

const supportedAttributes = "lower, text, orth, shape, is_alpha, is_digit, is_lower, is_upper, is_title, is_punct, like_num and op"

func parseTokenSpec(raw json.RawMessage) (TokenSpec, error) {
	var spec TokenSpec
	var fields map[string]json.RawMessage
	if firstByte(raw) != '{' || json.Unmarshal(raw, &fields) != nil {
		return spec, errors.New("must be a JSON object such as {\"lower\": \"idlib\"}")
	}
	// Sorted so that a line with several mistakes always reports the same one.
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		value := fields[key]
		name := strings.ToLower(key)
		if flag, ok := tokenFlags[name]; ok {
			var b bool
			if json.Unmarshal(value, &b) != nil {
				return spec, fmt.Errorf("%s must be true or false", key)
			}
			if b {
				spec.Is |= flag
			} else {
				spec.IsNot |= flag
			}
			continue
		}
		var target *string
		switch name {
		case "lower":
			target = &spec.Lower
		case "text", "orth":
			target = &spec.Text
		case "shape":
			target = &spec.Shape
		case "op":
			var op string
			if json.Unmarshal(value, &op) != nil {
				return spec, fmt.Errorf("%s must be a string", key)
			}
			switch Op(op) {
			case OpNot, OpOptional, OpPlus, OpStar:
				spec.Op = Op(op)
			default:
				return spec, fmt.Errorf("unknown op %q (want !, ?, + or *)", op)
			}
			continue
		default:
			return spec, fmt.Errorf("unknown attribute %q (supported: %s)", key, supportedAttributes)
		}
		if firstByte(value) == '{' {
			return spec, fmt.Errorf("%s: operators such as IN, NOT_IN and REGEX are not supported; give a string", key)
		}
		if json.Unmarshal(value, target) != nil || *target == "" {
			return spec, fmt.Errorf("%s must be a non-empty string", key)
		}
	}
	return spec, nil
}

func firstByte(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// idString accepts Prodigy ids written as strings or as numbers.
func idString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// jsonReason drops the Go type names encoding/json puts in its messages.
func jsonReason(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("invalid JSON at character %d: %s", syntax.Offset, syntax.Error())
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return "unexpected JSON " + typeErr.Value
	}
	return err.Error()
}
