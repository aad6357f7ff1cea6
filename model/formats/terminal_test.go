package formats_test

import (
	"github.com/inkspan/inkspan/model"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
)

// A carriage return in a bad CoNLL line must not reach the terminal: it
// would send the cursor back to the start of the line, and the rest of the
// line would overwrite the file:line the message starts with.
func TestCoNLLErrorQuotesCarriageReturn(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "bad.conll", "-DOCSTART- O\n\nfine O\nMoscow\rall_fine\x1b[2J\n")
	err := firstError(t, []string{path}, formats.FormatCoNLL, formats.Options{})
	checkInputError(t, err, path, 4, false, "line has one column")
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\x1b") {
		t.Fatalf("the message holds a raw control: %q", msg)
	}
	if want := path + `:4: line has one column, "Moscow\rall_fine\x1b[2J"`; !strings.HasPrefix(msg, want) {
		t.Fatalf("Error() = %q, want it to start with %q", msg, want)
	}
}

// Every model.InputError escapes its file name and message, whatever reader made
// it: both come from the input.
func TestInputErrorIsPrintable(t *testing.T) {
	err := &model.InputError{File: "evil\x1b]0;pwned\x07.jsonl", Line: 3, Msg: "label \u202eLIVE\r is bad"}
	want := `evil\x1b]0;pwned\a.jsonl:3: label \u202eLIVE\r is bad`
	if got := err.Error(); got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	rec := &formats.Record{Source: "a\rb.csv", Line: 2}
	if got, want := rec.Where(), `a\rb.csv:2`; got != want {
		t.Fatalf("Where() = %q, want %q", got, want)
	}
}
