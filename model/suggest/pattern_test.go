package suggest_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

func TestReadPatterns(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		input := "\uFEFF" + `{"label": "PLACE", "pattern": "Maaret Misrin"}

{"label": "PLACE", "pattern": [{"lower": "idlib"}], "id": "idlib-1"}` + "\r\n" +
			`{"label":"FIGURE","pattern":[{"LIKE_NUM":true,"OP":"+"},{"ORTH":"%","op":"?"},{"text":"x","shape":"x","is_alpha":true,"is_digit":false,"is_lower":true,"is_upper":false,"is_title":false,"is_punct":false}],"id":7,"meta":{"ignored":true}}
{"label": "ANY", "pattern": [{}, {"op": "!", "is_punct": true}, {"op": "*"}]}`
		patterns, err := suggest.ReadPatterns(strings.NewReader(input), "patterns.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		want := []suggest.Pattern{
			{Label: "PLACE", Phrase: "Maaret Misrin", Line: 1},
			{Label: "PLACE", Tokens: []suggest.TokenSpec{{Lower: "idlib"}}, ID: "idlib-1", Line: 3},
			{Label: "FIGURE", ID: "7", Line: 4, Tokens: []suggest.TokenSpec{
				{Is: suggest.LikeNum, Op: suggest.OpPlus},
				{Text: "%", Op: suggest.OpOptional},
				{Text: "x", Shape: "x", Is: suggest.IsAlpha | suggest.IsLower, IsNot: suggest.IsDigit | suggest.IsUpper | suggest.IsTitle | suggest.IsPunct},
			}},
			{Label: "ANY", Line: 5, Tokens: []suggest.TokenSpec{{}, {Op: suggest.OpNot, Is: suggest.IsPunct}, {Op: suggest.OpStar}}},
		}
		if !reflect.DeepEqual(patterns, want) {
			t.Fatalf("got  %+v\nwant %+v", patterns, want)
		}
	})

	for _, tt := range []struct {
		name, line, msg string
	}{
		{"ErrInvalidJSON", `{"label": "PLACE", "pattern": "Idlib"`, "patterns.jsonl:2: not a JSON object: invalid JSON"},
		{"ErrNotObject", `["PLACE", "Idlib"]`, "patterns.jsonl:2: not a JSON object: unexpected JSON array"},
		{"ErrMissingLabel", `{"pattern": "Idlib"}`, `patterns.jsonl:2: missing "label"`},
		{"ErrEmptyLabel", `{"label": " ", "pattern": "Idlib"}`, `patterns.jsonl:2: "label" must be a non-empty string`},
		{"ErrMissingPattern", `{"label": "PLACE"}`, `patterns.jsonl:2: missing "pattern"`},
		{"ErrEmptyPhrase", `{"label": "PLACE", "pattern": "  "}`, "patterns.jsonl:2: empty pattern: the phrase has no tokens"},
		{"ErrEmptyList", `{"label": "PLACE", "pattern": []}`, "patterns.jsonl:2: empty pattern: the token list is empty"},
		{"ErrPatternType", `{"label": "PLACE", "pattern": 3}`, `patterns.jsonl:2: "pattern" must be a string (an exact phrase) or a list of token objects`},
		{"ErrTokenNotObject", `{"label": "PLACE", "pattern": ["idlib"]}`, "patterns.jsonl:2: pattern token 1: must be a JSON object"},
		{"ErrUnknownAttribute", `{"label": "PLACE", "pattern": [{"lower": "a"}, {"POS": "PROPN"}]}`, `patterns.jsonl:2: pattern token 2: unknown attribute "POS" (supported: lower, text`},
		{"ErrBadOp", `{"label": "PLACE", "pattern": [{"lower": "a", "op": "{2}"}]}`, `patterns.jsonl:2: pattern token 1: unknown op "{2}" (want !, ?, + or *)`},
		{"ErrFlagNotBool", `{"label": "PLACE", "pattern": [{"is_digit": "yes"}]}`, "patterns.jsonl:2: pattern token 1: is_digit must be true or false"},
		{"ErrEmptyValue", `{"label": "PLACE", "pattern": [{"lower": ""}]}`, "patterns.jsonl:2: pattern token 1: lower must be a non-empty string"},
		{"ErrValueOperator", `{"label": "PLACE", "pattern": [{"LOWER": {"IN": ["a", "b"]}}]}`, "patterns.jsonl:2: pattern token 1: LOWER: operators such as IN, NOT_IN and REGEX are not supported"},
		{"ErrTooLong", `{"label": "PLACE", "pattern": [` + strings.Repeat(`{},`, 63) + `{}]}`, "patterns.jsonl:2: pattern has 64 tokens; at most 63 are supported"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			input := `{"label": "PLACE", "pattern": "Idlib"}` + "\n" + tt.line + "\n" + `{"label": "PLACE", "pattern": "Sochi"}` + "\n"
			patterns, err := suggest.ReadPatterns(strings.NewReader(input), "patterns.jsonl")
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); !strings.HasPrefix(got, tt.msg) {
				t.Fatalf("error %q, want it to start with %q", got, tt.msg)
			}
			var inputErr *model.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("error %T is not a *model.InputError", err)
			}
			if got, want := inputErr.Line, 2; got != want {
				t.Fatalf("error on line %d, want %d", got, want)
			}
			// The good lines around a bad one still load.
			if got, want := len(patterns), 2; got != want {
				t.Fatalf("got %d patterns, want %d", got, want)
			}
		})
	}

	t.Run("ErrEveryBadLine", func(t *testing.T) {
		input := "{}\n" + `{"label": "PLACE", "pattern": "Idlib"}` + "\n" + "nonsense\n"
		_, err := suggest.ReadPatterns(strings.NewReader(input), "p.jsonl")
		if got, want := err.Error(), "p.jsonl:1: missing \"label\"\np.jsonl:3: not a JSON object: invalid JSON"; !strings.HasPrefix(got, want) {
			t.Fatalf("error %q, want it to start with %q", got, want)
		}
	})

	t.Run("ErrManyBadLines", func(t *testing.T) {
		_, err := suggest.ReadPatterns(strings.NewReader(strings.Repeat("{}\n", 25)), "p.jsonl")
		lines := strings.Split(err.Error(), "\n")
		if got, want := len(lines), 21; got != want {
			t.Fatalf("got %d messages, want %d", got, want)
		}
		if got, want := lines[20], "p.jsonl: 5 more lines have errors"; got != want {
			t.Fatalf("last message %q, want %q", got, want)
		}
	})
}

func TestPatternValidate(t *testing.T) {
	for _, tt := range []struct {
		name    string
		pattern suggest.Pattern
		msg     string
	}{
		{"ErrNoLabel", suggest.Pattern{Phrase: "Idlib"}, "pattern has no label"},
		{"ErrBoth", suggest.Pattern{Label: "P", Phrase: "Idlib", Tokens: []suggest.TokenSpec{{}}}, "pattern has both a phrase and token specifications"},
		{"ErrEmpty", suggest.Pattern{Label: "P"}, "pattern is empty"},
		{"ErrBadOp", suggest.Pattern{Label: "P", Tokens: []suggest.TokenSpec{{Op: "{1,2}"}}}, `unknown op "{1,2}" (want !, ?, + or *)`},
		{"ErrContradiction", suggest.Pattern{Label: "P", Tokens: []suggest.TokenSpec{{Is: suggest.IsDigit, IsNot: suggest.IsDigit}}}, "token specification requires a flag to be both true and false"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.pattern.Validate()
			if got, want := model.ErrorCode(err), model.EINVALID; got != want {
				t.Fatalf("code %q, want %q (error %v)", got, want, err)
			}
			if got, want := err.Error(), tt.msg; got != want {
				t.Fatalf("error %q, want %q", got, want)
			}
			_, err = suggest.NewMatcher([]suggest.Pattern{{Label: "P", Phrase: "x"}, tt.pattern})
			if got, want := err.Error(), "pattern 2: "+tt.msg; got != want {
				t.Fatalf("NewMatcher error %q, want %q", got, want)
			}
		})
	}
}

// FuzzReadPatterns checks that whatever ReadPatterns accepts, NewMatcher
// accepts too, and that matching with it does not fail.
func FuzzReadPatterns(f *testing.F) {
	f.Add(`{"label": "PLACE", "pattern": "Maaret Misrin"}`)
	f.Add(`{"label": "N", "pattern": [{"like_num": true, "op": "+"}, {"lower": "people", "op": "?"}]}`)
	f.Add(`{"label": "X", "pattern": [{"op": "*"}, {"shape": "Xxxxx"}, {"is_title": false, "op": "!"}]}`)
	f.Fuzz(func(t *testing.T, jsonl string) {
		patterns, _ := suggest.ReadPatterns(strings.NewReader(jsonl), "f.jsonl")
		m, err := suggest.NewMatcher(patterns)
		if err != nil {
			t.Fatalf("ReadPatterns accepted what NewMatcher refuses: %v", err)
		}
		m.Match(tokenize.Tokenize("34 people met Maaret Misrin in Idlib, 1,250 of them"), nil)
	})
}
