package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/storage"
)

// re3dProject imports the first n documents of re3d with their spans as
// alice's, done, and the rest without, and returns the project's path.
func re3dProject(t *testing.T, n int) string {
	t.Helper()
	f, err := os.Open(filepath.Join(realDir, "re3d", "re3d-public.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var done, rest strings.Builder
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for i := 0; sc.Scan(); i++ {
		if i < n {
			done.WriteString(sc.Text() + "\n")
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		delete(rec, "spans")
		line, _ := json.Marshal(rec)
		rest.Write(append(line, '\n'))
	}
	dir := t.TempDir()
	project := filepath.Join(dir, "re3d.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", "--status", "done",
		write(t, filepath.Join(dir, "done.jsonl"), done.String()))
	mustRun(t, "import", "--project", project, write(t, filepath.Join(dir, "rest.jsonl"), rest.String()))
	return project
}

// TestTrainCommand: train prints each label's cross-validated scores and
// a learning curve and keeps the model; suggest --model uses it, with the
// model as the suggestions' source and a threshold that leaves some out.
func TestTrainCommand(t *testing.T) {
	project := re3dProject(t, 20)
	out := mustRun(t, "train", "--project", project, "--annotator", "alice", "--folds", "4")
	for _, want := range []string{
		"model trained for alice on 20 finished documents in ",
		"cross-validation, 4 folds (exact matches):",
		"Label  Precision  Recall    F1  Spans",
		"ACTOR", "PLACE", "FIGURE", "overall",
		"learning curve (F1 by cross-validation, training on the first N finished documents):",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("train output lacks %q:\n%s", want, out)
		}
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := db.SavedModel(ctx, "alice")
	db.Close()
	if err != nil || saved.Documents != 20 || len(saved.Data) == 0 {
		t.Fatalf("saved model %d bytes on %d documents, %v", len(saved.Data), saved.Documents, err)
	}

	var report struct {
		Documents int
		Overall   struct{ F1 float64 }
		Labels    []struct{ Label string }
		Curve     []struct{ Documents int }
	}
	if err := json.Unmarshal([]byte(mustRun(t, "train", "--project", project, "--annotator", "alice", "--folds", "4", "--json")), &report); err != nil {
		t.Fatal(err)
	}
	// 20 documents in 4 folds: each fold trains on 15, the curve on 1, 2,
	// 4, 8 and 15.
	if report.Documents != 20 || len(report.Labels) != 3 || len(report.Curve) != 5 || report.Curve[4].Documents != 15 || report.Overall.F1 < 0.3 {
		t.Fatalf("JSON report %+v", report)
	}

	all := mustRun(t, "suggest", "--project", project, "--annotator", "alice", "--model")
	if !strings.Contains(all, "Source  Suggestions\nmodel ") {
		t.Fatalf("suggest --model output:\n%s", all)
	}
	// A second project with the same work, suggesting above 0.9 only.
	strict := re3dProject(t, 20)
	mustRun(t, "train", "--project", strict, "--annotator", "alice", "--folds", "0")
	few := mustRun(t, "suggest", "--project", strict, "--annotator", "alice", "--model", "--min-confidence", "0.9")
	if suggested(t, few) >= suggested(t, all) {
		t.Fatalf("above 0.9 %d suggestions, with none left out %d:\n%s\n%s", suggested(t, few), suggested(t, all), few, all)
	}
}

// suggested reads the count a suggest report starts with.
func suggested(t *testing.T, out string) int {
	t.Helper()
	_, after, ok := strings.Cut(out, ": ")
	var n int
	if !ok {
		t.Fatalf("no count in %q", out)
	}
	if _, err := fmt.Sscanf(after, "%d", &n); err != nil {
		t.Fatalf("no count in %q: %v", out, err)
	}
	return n
}
