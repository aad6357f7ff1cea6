package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCommandLeavesTheProjectFileWhole: once a command has ended, the
// project file alone, copied without anything beside it, is the whole
// project. That is what "send your copy back" relies on.
func TestCommandLeavesTheProjectFileWhole(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	input := write(t, filepath.Join(dir, "in.jsonl"),
		`{"text":"Putin met Erdoğan in Moscow; 34 soldiers died.","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`+"\n")
	steps := [][]string{
		{"import", "--project", project, "--annotator", "alice", input},
		{"labels", "add", "--project", project, "--name", "EVENT", "--key", "4"},
		{"suggest", "--project", project, "--annotator", "bob", "--figures", "--accept"},
	}
	for _, step := range steps {
		mustRun(t, step...)
		if _, err := os.Stat(project + "-wal"); !os.IsNotExist(err) {
			t.Fatalf("after %s: a -wal file is left beside the project (%v)", step[0], err)
		}
		copied := filepath.Join(t.TempDir(), "copy.inkspan")
		b, err := os.ReadFile(project)
		if err != nil {
			t.Fatal(err)
		}
		write(t, copied, string(b))
		if got, want := stats(t, copied), stats(t, project); !reflect.DeepEqual(got, want) {
			t.Fatalf("after %s the copy differs:\n%+v\nwant\n%+v", step[0], got, want)
		}
		if out := mustRun(t, "labels", "--project", copied); step[0] != "import" && !strings.Contains(out, "EVENT") {
			t.Fatalf("after %s the copy lacks the new label:\n%s", step[0], out)
		}
	}
	if st := stats(t, project); st.Spans < 2 {
		t.Fatalf("the steps saved %d spans, want the imported one and a suggested figure", st.Spans)
	}
}
