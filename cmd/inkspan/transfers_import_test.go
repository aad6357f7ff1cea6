package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/gui/transfer"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage"
)

// Two CoNLL files with an index column and two tag layers (nested spans),
// no -DOCSTART-: read a sentence a document, each holds two documents. The
// first sentence has the same words in both, with other spans (Erdoğan is
// an ACTOR in a.conll only): a conflict, at a.conll:1 and b.conll:1. In
// a.conll the second layer's ACTOR "Moscow" overlaps the first layer's
// PLACE "Moscow city", at line 5 twice.
const (
	conflictA = "1\tPutin\tB-ACTOR\tO\n2\tmet\tO\tO\n3\tErdoğan\tB-ACTOR\tO\n4\tin\tO\tO\n5\tMoscow\tB-PLACE\tB-ACTOR\n6\tcity\tI-PLACE\tO\n\n" +
		"1\t34\tB-FIGURE\tO\n2\tsoldiers\tO\tO\n3\tdied\tO\tO\n"
	conflictB = "1\tPutin\tB-ACTOR\tO\n2\tmet\tO\tO\n3\tErdoğan\tO\tO\n4\tin\tO\tO\n5\tMoscow\tB-PLACE\tO\n6\tcity\tI-PLACE\tO\n\n" +
		"1\t34\tB-FIGURE\tO\n2\tsoldiers\tO\tO\n3\tdied\tO\tO\n"
)

// projectDump is a project's content as the comparison needs it: the
// overlap rule, the labels, and every annotation set with its status,
// answer and spans, in the order the sets were made.
func projectDump(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	settings, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "overlap allowed: %v\n", settings.AllowOverlap)
	labels, err := db.Labels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range labels {
		fmt.Fprintf(&b, "label %s\n", l.Name)
	}
	err = db.Export(ctx, storage.ExportQuery{}, func(a *formats.Annotation) error {
		fmt.Fprintf(&b, "%q by %s: %s %q\n", a.Document.Text, a.Annotator, a.Status, a.Answer)
		for _, s := range a.Spans {
			fmt.Fprintf(&b, "  [%d, %d) %s\n", s.Start, s.End, s.Label)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// File ▸ Import…'s choices reach the import as `inkspan import`'s flags
// do: the same conflicting, overlapping files imported by the command with
// flags and by the window with the matching request make the same project,
// and fail the same way, the window's error naming both places and no flag.
func TestWindowImportOptionsAreTheFlags(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "a.conll"), conflictA)
	b := write(t, filepath.Join(dir, "b.conll"), conflictB)
	// hf ids whose names only a file of another name gives.
	hf := write(t, filepath.Join(dir, "hf", "train.jsonl"), `{"tokens":["Putin","met","Erdoğan"],"ner_tags":[1,0,1]}`+"\n")
	tags := write(t, filepath.Join(dir, "tags.json"), `["O","B-ACTOR","I-ACTOR"]`)

	conll := transfer.ImportRequest{Paths: []string{a, b}, Format: formats.FormatAuto, Annotator: "anna", TextColumn: "text",
		TokenColumn: 2, TagColumns: []int{3, 4}, CoNLLDocuments: formats.ConllSentence}
	conllFlags := []string{"--token-column", "2", "--tag-column", "3,4", "--conll-documents", "sentence"}
	with := func(f func(*transfer.ImportRequest)) transfer.ImportRequest {
		r := conll
		f(&r)
		return r
	}
	cases := []struct {
		name  string
		flags []string
		req   transfer.ImportRequest
		paths []string
		// want: lines the dump must hold (it fails when the options had no
		// effect); refused: what the error is refused for.
		want    []string
		refused transfer.Refused
	}{
		{name: "overlap refused", flags: conllFlags, req: conll, refused: transfer.RefusedOverlap},
		{name: "conflict refused", flags: append([]string{"--allow-overlap"}, conllFlags...),
			req: with(func(r *transfer.ImportRequest) { r.AllowOverlap = true }), refused: transfer.RefusedConflict},
		{name: "separate", flags: append([]string{"--allow-overlap", "--on-conflict", "separate", "--status", "in_progress"}, conllFlags...),
			req: with(func(r *transfer.ImportRequest) {
				r.AllowOverlap, r.OnConflict, r.Status = true, transfer.ConflictSeparate, model.StatusInProgress
			}),
			want: []string{"overlap allowed: true\n", "\"Putin met Erdoğan in Moscow city\" by anna (b.conll): in_progress \"\"\n",
				"\"34 soldiers died\" by anna: in_progress \"\"\n", "  [21, 27) ACTOR\n"}},
		{name: "first", flags: append([]string{"--allow-overlap", "--on-conflict", "first", "--status", "skipped"}, conllFlags...),
			req: with(func(r *transfer.ImportRequest) {
				r.AllowOverlap, r.OnConflict, r.Status = true, transfer.ConflictKeepFirst, model.StatusSkipped
			}),
			want: []string{"\"Putin met Erdoğan in Moscow city\" by anna: skipped \"\"\n  [0, 5) ACTOR\n  [10, 17) ACTOR\n"}},
		{name: "conflict skipped", flags: append([]string{"--allow-overlap", "--skip-invalid"}, conllFlags...),
			req:  with(func(r *transfer.ImportRequest) { r.AllowOverlap, r.SkipInvalid = true, true }),
			want: []string{"\"34 soldiers died\" by anna: done \"\"\n"}},
		{name: "hf labels", flags: []string{"--format", "hf", "--hf-labels", tags}, paths: []string{hf},
			req:  transfer.ImportRequest{Paths: []string{hf}, Format: formats.FormatHF, Annotator: "anna", TextColumn: "text", HFLabels: tags},
			want: []string{"\"Putin met Erdoğan\" by anna: done \"\"\n  [0, 5) ACTOR\n  [10, 17) ACTOR\n"}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmdProject := filepath.Join(dir, fmt.Sprintf("cmd%d.inkspan", i))
			winProject := filepath.Join(dir, fmt.Sprintf("win%d.inkspan", i))
			paths := c.paths
			if paths == nil {
				paths = []string{a, b}
			}
			args := append(append([]string{"import", "--project", cmdProject, "--annotator", "anna"}, c.flags...), paths...)
			code, out, errOut := inkspan(t, args...)

			db, err := storage.Open(ctx, winProject, storage.OpenOptions{Create: true})
			if err != nil {
				t.Fatal(err)
			}
			res, winErr := windowImport(ctx, db, c.req, func(int) {})
			db.Close()

			if c.refused != 0 {
				if code == 0 {
					t.Fatalf("the command imported:\n%s", out)
				}
				var r *transfer.ImportRefusal
				if !errors.As(winErr, &r) || r.For != c.refused {
					t.Fatalf("window error %v, want a refusal for %d", winErr, c.refused)
				}
				msg := model.ErrorMessage(winErr)
				// Both places, as the command names them, and no flag.
				places := []string{"a.conll:5: span [21, 27) ACTOR overlaps span [21, 32) PLACE at " + a + ":5", "--allow-overlap"}
				if c.refused == transfer.RefusedConflict {
					places = []string{"b.conll:1: the same text as " + a + ":1", "--on-conflict first"}
				}
				for _, p := range places[:len(places)-1] {
					if !strings.Contains(msg, p) || !strings.Contains(errOut, p) {
						t.Errorf("window %q\ncommand %q\nboth should name %q", msg, errOut, p)
					}
				}
				if !strings.Contains(errOut, places[len(places)-1]) || strings.Contains(msg, "--") {
					t.Errorf("the command should name its flag and the window none:\nwindow %q\ncommand %q", msg, errOut)
				}
				if !strings.HasSuffix(msg, "(nothing was imported)") {
					t.Errorf("window error %q", msg)
				}
				return
			}
			if code != 0 || winErr != nil {
				t.Fatalf("command exit %d: %s%s\nwindow: %v", code, out, errOut, winErr)
			}
			cmdDump, winDump := projectDump(t, cmdProject), projectDump(t, winProject)
			if cmdDump != winDump {
				t.Fatalf("the projects differ\ncommand:\n%s\nwindow:\n%s", cmdDump, winDump)
			}
			for _, w := range c.want {
				if !strings.Contains(winDump, w) {
					t.Errorf("the project lacks %q:\n%s", w, winDump)
				}
			}
			// The window's summary is the command's, line for line, with
			// the overlap rule's change where the command prints it.
			lines := res.Lines("listed on stderr", 0)
			if res.OverlapAllowed {
				lines = append(lines, "overlapping spans are now allowed in this project")
			}
			if got := strings.Join(lines, "\n") + "\n"; got != out {
				t.Errorf("window summary\n%s\ncommand's\n%s", got, out)
			}
			if c.name == "conflict skipped" {
				if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0], "b.conll:1: the same text as") ||
					strings.Contains(res.Skipped[0], "--") || !strings.Contains(errOut, "--on-conflict") {
					t.Errorf("skipped conflict: window %q, command %q", res.Skipped, errOut)
				}
			}
		})
	}
}

// Spans skipped for overlapping: the window's result says so, for the
// dialog to point to its check box where the command names --allow-overlap.
func TestWindowImportOverlapSkipped(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := write(t, filepath.Join(dir, "a.conll"), conflictA)
	db, err := storage.Open(ctx, filepath.Join(dir, "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := windowImport(ctx, db, transfer.ImportRequest{Paths: []string{a}, Format: formats.FormatCoNLL, Annotator: "anna",
		SkipInvalid: true, TextColumn: "text", TokenColumn: 2, TagColumns: []int{3, 4}}, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	if !res.OverlapSkipped || res.OverlapAllowed || len(res.SkippedSpans) != 1 ||
		!slices.ContainsFunc(res.SkippedSpans, func(s string) bool { return strings.Contains(s, "a.conll:5") }) {
		t.Fatalf("result %+v", res)
	}
	// And with the rule turned on, nothing is skipped and the result says
	// the rule changed.
	res, err = windowImport(ctx, db, transfer.ImportRequest{Paths: []string{a}, Format: formats.FormatCoNLL, Annotator: "bob",
		AllowOverlap: true, TextColumn: "text", TokenColumn: 2, TagColumns: []int{3, 4}}, func(int) {})
	if err != nil {
		t.Fatal(err)
	}
	if res.OverlapSkipped || !res.OverlapAllowed || len(res.SkippedSpans) != 0 {
		t.Fatalf("result %+v", res)
	}
	if !reflect.DeepEqual(res.Formats, []string{"conll"}) {
		t.Fatalf("formats %v", res.Formats)
	}
}

// doccano's per-user files imported from the window with the dialog's
// "each file is the annotator it is named after" make the project the
// command makes of them without --annotator: alice's and bob's sets on the
// same documents.
func TestWindowImportFileUsersIsTheCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	users := filepath.Join("..", "..", "model", "formats", "testdata", "doccano-users")
	paths := []string{filepath.Join(users, "alice.jsonl"), filepath.Join(users, "bob.jsonl")}
	cmdProject, winProject := filepath.Join(dir, "cmd.inkspan"), filepath.Join(dir, "win.inkspan")
	if code, out, errOut := inkspan(t, append([]string{"import", "--project", cmdProject}, paths...)...); code != 0 {
		t.Fatalf("command exit %d: %s%s", code, out, errOut)
	}
	db, err := storage.Open(ctx, winProject, storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	_, winErr := windowImport(ctx, db, transfer.ImportRequest{Paths: paths, Format: formats.FormatAuto,
		Annotator: "anna", FileUsers: true, TextColumn: "text"}, func(int) {})
	db.Close()
	if winErr != nil {
		t.Fatal(winErr)
	}
	cmdDump, winDump := projectDump(t, cmdProject), projectDump(t, winProject)
	if cmdDump != winDump {
		t.Fatalf("the projects differ\ncommand:\n%s\nwindow:\n%s", cmdDump, winDump)
	}
	for _, who := range []string{"by alice", "by bob"} {
		if !strings.Contains(winDump, who) {
			t.Errorf("the project has no set %s:\n%s", who, winDump)
		}
	}
	if strings.Contains(winDump, "by anna") {
		t.Errorf("the files' users' work went to anna:\n%s", winDump)
	}
}
