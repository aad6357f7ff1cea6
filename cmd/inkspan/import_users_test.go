package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// doccano 1.x exports one file per user, named after the user: imported
// together, they are their users' work on the same documents; --annotator
// says whose they are instead.
func TestImportDoccanoUserFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "model", "formats", "testdata", "doccano-users")
	alice, bob := filepath.Join(dir, "alice.jsonl"), filepath.Join(dir, "bob.jsonl")
	project := filepath.Join(t.TempDir(), "p.inkspan")
	out := mustRun(t, "import", "--project", project, alice, bob)
	for _, want := range []string{
		"6 records read: 3 new documents, 3 already there",
		"annotators named after their files: alice, bob\n",
		"1 texts a user's file lists with nothing labeled: no set for that user",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("summary lacks %q:\n%s", want, out)
		}
	}
	st := stats(t, project)
	if st.Documents != 3 || len(st.Annotators) != 2 || st.Annotators["alice"]["done"] != 2 || st.Annotators["bob"]["done"] != 3 {
		t.Fatalf("stats %+v", st)
	}
	agree := mustRun(t, "agree", "--project", project, "--csv")
	if !strings.Contains(agree, "alice,bob") {
		t.Fatalf("agree:\n%s", agree)
	}

	// With --annotator both files are anna's, whose two versions of a
	// text are refused as before.
	code, _, errOut := inkspan(t, "import", "--project", filepath.Join(t.TempDir(), "q.inkspan"), "--annotator", "anna", alice, bob)
	if code == 0 || !strings.Contains(errOut, "--on-conflict") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// A Prodigy review imports as each session's sets and gold, and says so.
func TestImportProdigyReviewSummary(t *testing.T) {
	review := filepath.Join("..", "..", "model", "formats", "testdata", "prodigy-review", "ner-manual-review.jsonl")
	project := filepath.Join(t.TempDir(), "p.inkspan")
	out := mustRun(t, "import", "--project", project, review)
	if !strings.Contains(out, "3 review records: 9 annotators' versions and 3 gold versions, reviewed by ner_news_review-carol\n") {
		t.Fatalf("summary:\n%s", out)
	}
	st := stats(t, project)
	if st.Documents != 3 || len(st.Annotators) != 4 || st.Annotators["gold"]["done"] != 3 || st.Annotators["ner_news-dan"]["done"] != 3 {
		t.Fatalf("stats %+v", st)
	}
}

// doccano's download is the users' files zipped: the archive imports as
// they would.
func TestImportDoccanoZip(t *testing.T) {
	dir := filepath.Join("..", "..", "model", "formats", "testdata", "doccano-users")
	zipPath := filepath.Join(t.TempDir(), "doccano-export.zip")
	f, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, name := range []string{"alice.jsonl", "bob.jsonl"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(t.TempDir(), "p.inkspan")
	out := mustRun(t, "import", "--project", project, zipPath)
	if !strings.Contains(out, "annotators named after their files: alice, bob\n") || !strings.Contains(out, "3 new documents, 3 already there") {
		t.Fatalf("summary:\n%s", out)
	}
	if st := stats(t, project); st.Documents != 3 || st.Annotators["alice"]["done"] != 2 || st.Annotators["bob"]["done"] != 3 {
		t.Fatalf("stats %+v", st)
	}
}
