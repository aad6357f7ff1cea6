package formats_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// The files under testdata/real/labelstudio were written by Label Studio's
// authors (see the README there). Each is imported, what was imported is
// exported, and the export is compared with the original by a check that
// shares no code with the reader or the writer: both files are decoded as
// plain JSON and each annotation's regions compared as (start, end, label)
// in UTF-16 units, sliced with unicode/utf16.

// lsPlainTasks decodes a Label Studio file as plain JSON: a list of tasks,
// one task, or tasks one after another.
func lsPlainTasks(tb testing.TB, data []byte) []map[string]any {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	dec.UseNumber()
	var tasks []map[string]any
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			return tasks
		} else if err != nil {
			tb.Fatalf("not JSON: %v", err)
		}
		switch v := v.(type) {
		case []any:
			for _, t := range v {
				tasks = append(tasks, t.(map[string]any))
			}
		case map[string]any:
			tasks = append(tasks, v)
		default:
			tb.Fatalf("a %T at the top level", v)
		}
	}
}

// lsPlainText is the task's text: data.text, else data's only string.
func lsPlainText(task map[string]any) string {
	data, ok := task["data"].(map[string]any)
	if !ok {
		data = task
	}
	if s, ok := data["text"].(string); ok {
		return s
	}
	var found []string
	for k, v := range data {
		if s, ok := v.(string); ok && k != "external_id" && k != "id" {
			found = append(found, s)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// lsPlainRegions lists an annotation's regions as "start end label", in
// UTF-16 units, sorted, leaving out a region whose value.text is not the
// text at its offsets (after trimming white space and writing every line
// break as \n, the leniency Label Studio's own files need).
func lsPlainRegions(text string, ann map[string]any) []string {
	units := utf16.Encode([]rune(text))
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	var out []string
	results, _ := ann["result"].([]any)
	for _, r := range results {
		res := r.(map[string]any)
		if res["type"] != "labels" {
			continue
		}
		v := res["value"].(map[string]any)
		start, err1 := strconv.Atoi(string(v["start"].(json.Number)))
		end, err2 := strconv.Atoi(string(v["end"].(json.Number)))
		if err1 != nil || err2 != nil || start < 0 || end > len(units) || start >= end {
			continue
		}
		if want, ok := v["text"].(string); ok && norm(want) != norm(string(utf16.Decode(units[start:end]))) {
			continue
		}
		for _, l := range v["labels"].([]any) {
			out = append(out, fmt.Sprintf("%d %d %s", start, end, l))
		}
	}
	slices.Sort(out)
	return out
}

// lsDocument is the document a record becomes, as an import would store
// it: the annotations of one task share it.
func lsDocument(rec *formats.Record) model.Document {
	return model.Document{ID: fmt.Sprintf("%s#%d", rec.Source, rec.Line), ExternalID: rec.ExternalID, Text: rec.Text, Meta: rec.Meta}
}

func TestLabelStudioRealFiles(t *testing.T) {
	for _, tc := range []struct {
		file        string
		errors      []string // phrases of the errors, in order (the import fails on the first without --skip-invalid)
		errorLines  []int
		suggestions int    // over all records
		notKept     string // summed over all records
		annotated   int    // records with an annotation
		// emptied: the file's annotations lost every region as bad, so
		// none is left to export (the tasks are documents to annotate).
		emptied bool
	}{
		{file: "lsf-named-entity-annotation.json", annotated: 1},
		{file: "lsf-named-entity-tasks.json", suggestions: 1, notKept: "map[]"},
		{file: "lsf-rich-text-plain-annotation.json", annotated: 0, emptied: true,
			errors:     []string{`task 1 (id 1), annotation 1, region "beFiQTT1cU": value.text "February 22" does not match " supporters"`},
			errorLines: []int{6}},
		{file: "ls-tasks-annotations-predictions.json", annotated: 4, notKept: "map[choices:4 predicted choices:3]"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "real", "labelstudio", tc.file)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			items := readAll(t, []string{path}, formats.FormatAuto, formats.Options{})
			var anns []*formats.Annotation
			var errs []*model.InputError
			suggestions, notKept := 0, map[string]int{}
			for _, it := range items {
				if it.err != nil {
					errs = append(errs, it.err)
					continue
				}
				rec := it.rec
				suggestions += len(rec.Suggestions)
				for k, n := range rec.NotKept {
					notKept[k] += n
				}
				if !rec.Annotated {
					continue // nobody annotated it: nothing to export
				}
				anns = append(anns, &formats.Annotation{
					Document:  lsDocument(rec),
					Annotator: rec.Annotator,
					Status:    rec.Status,
					Spans:     rec.Spans,
					Note:      rec.Note,
				})
			}
			if len(errs) != len(tc.errors) {
				t.Fatalf("%d errors (%v), want %d", len(errs), errs, len(tc.errors))
			}
			for i, phrase := range tc.errors {
				checkInputError(t, errs[i], path, tc.errorLines[i], false, phrase)
			}
			if len(anns) != tc.annotated || suggestions != tc.suggestions {
				t.Errorf("%d annotations, %d suggestions; want %d, %d", len(anns), suggestions, tc.annotated, tc.suggestions)
			}
			if tc.notKept != "" && fmt.Sprint(notKept) != tc.notKept {
				t.Errorf("not kept: %v, want %s", notKept, tc.notKept)
			}

			out := charWrite(t, formats.FormatLabelStudio, anns...)
			var exported []map[string]any
			if len(anns) > 0 {
				exported = lsPlainTasks(t, []byte(out))
			}
			k := 0
			for i, task := range lsPlainTasks(t, orig) {
				origAnns, _ := task["annotations"].([]any)
				if len(origAnns) == 0 || tc.emptied {
					continue
				}
				if k >= len(exported) {
					t.Fatalf("task %d is not in the export", i+1)
				}
				got := exported[k]
				k++
				text := lsPlainText(task)
				if lsPlainText(got) != text {
					t.Errorf("task %d: exported text %q, want %q", i+1, lsPlainText(got), text)
				}
				gotAnns, _ := got["annotations"].([]any)
				if len(gotAnns) != len(origAnns) {
					t.Fatalf("task %d: %d annotations exported, want %d", i+1, len(gotAnns), len(origAnns))
				}
				for a := range origAnns {
					o, g := origAnns[a].(map[string]any), gotAnns[a].(map[string]any)
					want, have := lsPlainRegions(text, o), lsPlainRegions(text, g)
					if !slices.Equal(want, have) {
						t.Errorf("task %d, annotation %d: exported regions %q, want %q", i+1, a+1, have, want)
					}
					if o["was_cancelled"] == true != (g["was_cancelled"] == true) {
						t.Errorf("task %d, annotation %d: was_cancelled %v, want %v", i+1, a+1, g["was_cancelled"], o["was_cancelled"])
					}
					// Every exported region's text is exactly what its
					// offsets cut out.
					for _, r := range g["result"].([]any) {
						v := r.(map[string]any)["value"].(map[string]any)
						s, _ := strconv.Atoi(string(v["start"].(json.Number)))
						e, _ := strconv.Atoi(string(v["end"].(json.Number)))
						if slice := string(utf16.Decode(utf16.Encode([]rune(text))[s:e])); v["text"] != slice {
							t.Errorf("task %d: exported region text %q, want %q", i+1, v["text"], slice)
						}
					}
				}
			}
			if k != len(exported) {
				t.Errorf("%d tasks exported, want %d", len(exported), k)
			}
		})
	}
}

// TestLabelStudioRealFiles_FailsNamingTheRegion: without --skip-invalid an
// import stops at the first error, which must name the file, the line, the
// task and the region, and comes before any record of that task.
func TestLabelStudioRealFiles_FailsNamingTheRegion(t *testing.T) {
	path := filepath.Join("testdata", "real", "labelstudio", "lsf-rich-text-plain-annotation.json")
	r, err := formats.OpenPaths([]string{path}, formats.FormatAuto, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.Next()
	var ie *model.InputError
	if rec != nil || !errors.As(err, &ie) {
		t.Fatalf("Next = %v, %v; want the region's error before any record", rec, err)
	}
	if got, want := err.Error(), path+`:6: task 1 (id 1), annotation 1, region "beFiQTT1cU": value.text "February 22" does not match " supporters"`; !strings.HasPrefix(got, want) {
		t.Errorf("error %q, want it to start %q", got, want)
	}
}
