package formats_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// example is the worked text of the formats notes: 49 code points, with a
// two-code-point flag and a "ğ" that is two bytes in UTF-8.
const example = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."

// exampleSpans are its spans in code points.
var exampleSpans = []wantSpan{
	{0, 5, "ACTOR", "Putin"},
	{10, 17, "ACTOR", "Erdoğan"},
	{21, 27, "PLACE", "Moscow"},
	{29, 31, "FIGURE", "34"},
}

type wantSpan struct {
	start, end int
	label      string
	text       string // what the offsets must cut out of the record's text
}

// jsonString encodes s as a JSON string.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// writeFile creates dir/name (and its parent directories) holding content.
func writeFile(tb testing.TB, dir, name, content string) string {
	tb.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// item is one result of Next: a record or an error.
type item struct {
	rec *formats.Record
	err *model.InputError
}

// readAll reads every record and every model.InputError, going on after errors as
// --skip-invalid does. Any other error fails the test.
func readAll(tb testing.TB, paths []string, format formats.Format, opts formats.Options) []item {
	tb.Helper()
	r, err := formats.OpenPaths(paths, format, opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	defer r.Close()
	var items []item
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return items
		}
		if err != nil {
			var ie *model.InputError
			if !errors.As(err, &ie) {
				tb.Fatalf("Next: %v (%T), want an *model.InputError", err, err)
			}
			items = append(items, item{err: ie})
			continue
		}
		if rec == nil {
			tb.Fatal("Next returned neither a record nor an error")
		}
		items = append(items, item{rec: rec})
		if len(items) > 1_000_000 {
			tb.Fatal("Next does not stop")
		}
	}
}

// readRecords reads paths and fails on any error.
func readRecords(tb testing.TB, paths []string, format formats.Format, opts formats.Options) []*formats.Record {
	tb.Helper()
	var recs []*formats.Record
	for _, it := range readAll(tb, paths, format, opts) {
		if it.err != nil {
			tb.Fatalf("unexpected error: %v", it.err)
		}
		recs = append(recs, it.rec)
	}
	return recs
}

// readOne reads a file that must hold exactly one record.
func readOne(tb testing.TB, path string, format formats.Format) *formats.Record {
	tb.Helper()
	recs := readRecords(tb, []string{path}, format, formats.Options{})
	if len(recs) != 1 {
		tb.Fatalf("read %d records, want 1", len(recs))
	}
	return recs[0]
}

// firstError reads paths and returns the first error, failing if there is
// none.
func firstError(tb testing.TB, paths []string, format formats.Format, opts formats.Options) *model.InputError {
	tb.Helper()
	for _, it := range readAll(tb, paths, format, opts) {
		if it.err != nil {
			return it.err
		}
	}
	tb.Fatal("no error, want one")
	return nil
}

// checkInputError checks where an error points and that its message says
// what went wrong.
func checkInputError(tb testing.TB, err *model.InputError, file string, line int, fatal bool, phrase string) {
	tb.Helper()
	if err == nil {
		tb.Fatal("no error")
	}
	if got, want := err.File, file; got != want {
		tb.Errorf("File = %q, want %q (error: %v)", got, want, err)
	}
	if got, want := err.Line, line; got != want {
		tb.Errorf("Line = %d, want %d (error: %v)", got, want, err)
	}
	if got, want := err.Fatal, fatal; got != want {
		tb.Errorf("Fatal = %v, want %v (error: %v)", got, want, err)
	}
	if !strings.Contains(err.Msg, phrase) {
		tb.Errorf("message %q does not contain %q", err.Msg, phrase)
	}
	if !strings.HasPrefix(err.Error(), file) {
		tb.Errorf("Error() = %q does not start with the file name %q", err.Error(), file)
	}
}

// checkSpans compares a record's spans with want and checks that each cuts
// the expected text out of the record.
func checkSpans(tb testing.TB, rec *formats.Record, want []wantSpan) {
	tb.Helper()
	if got, want := len(rec.Spans), len(want); got != want {
		tb.Fatalf("%s: %d spans, want %d: %+v", rec.Where(), got, want, rec.Spans)
	}
	off := model.NewOffsets(rec.Text)
	for i, w := range want {
		s := rec.Spans[i]
		if s.Start != w.start || s.End != w.end || s.Label != w.label {
			tb.Errorf("%s: span %d = [%d, %d) %s, want [%d, %d) %s", rec.Where(), i, s.Start, s.End, s.Label, w.start, w.end, w.label)
			continue
		}
		if got := off.Slice(s.Start, s.End); got != w.text {
			tb.Errorf("%s: span %d covers %q, want %q", rec.Where(), i, got, w.text)
		}
	}
}

// checkMeta compares Meta with a JSON object, ignoring key order and
// spacing but not the spelling of numbers.
func checkMeta(tb testing.TB, rec *formats.Record, want string) {
	tb.Helper()
	if want == "" {
		if rec.Meta != nil {
			tb.Fatalf("%s: Meta = %s, want none", rec.Where(), rec.Meta)
		}
		return
	}
	if err := model.ValidateMeta(rec.Meta); err != nil || len(rec.Meta) == 0 {
		tb.Fatalf("%s: Meta = %s is not a JSON object", rec.Where(), rec.Meta)
	}
	got := map[string]json.RawMessage{}
	exp := map[string]json.RawMessage{}
	if err := json.Unmarshal(rec.Meta, &got); err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		tb.Fatal(err)
	}
	if len(got) != len(exp) {
		tb.Fatalf("%s: Meta = %s, want %s", rec.Where(), rec.Meta, want)
	}
	for k, v := range exp {
		if string(compact(tb, got[k])) != string(compact(tb, v)) {
			tb.Fatalf("%s: Meta = %s, want %s (key %q)", rec.Where(), rec.Meta, want, k)
		}
	}
}

func compact(tb testing.TB, raw json.RawMessage) string {
	tb.Helper()
	if raw == nil {
		return "<missing>"
	}
	var sb strings.Builder
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		tb.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	sb.Write(b)
	return sb.String()
}
