package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// nestedJSONL is one record whose spans nest: "Putin met Erdoğan" holds
// "Erdoğan".
const nestedJSONL = `{"id":"nested-1","text":"` + example + `","spans":[{"start":0,"end":17,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"}]}` + "\n"

func TestSettingsCommand(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	data := write(t, filepath.Join(dir, "nested.jsonl"), nestedJSONL)
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "plain.txt"), "Another text."))

	if out := mustRun(t, "settings", "--project", project); !strings.Contains(out, "allow-overlap  off") || !strings.Contains(out, "guidelines") {
		t.Fatalf("a new project's settings:\n%s", out)
	}

	// Without the setting, the overlap is refused and the error says how
	// to allow it.
	code, _, errOut := inkspan(t, "import", "--project", project, "--annotator", "alice", data)
	if code != 1 || !strings.Contains(errOut, "nested.jsonl") || !strings.Contains(errOut, "--allow-overlap") {
		t.Fatalf("nested spans into a project without overlaps: exit %d\n%s", code, errOut)
	}
	// Skipped, they are named once with the same advice.
	code, _, errOut = inkspan(t, "import", "--project", project, "--annotator", "alice", "--skip-invalid", data)
	if code != 0 || strings.Count(errOut, "--allow-overlap") != 1 {
		t.Fatalf("nested spans skipped: exit %d\n%s", code, errOut)
	}

	if out := mustRun(t, "settings", "--project", project, "--allow-overlap", "on"); !strings.Contains(out, "now allowed") {
		t.Fatalf("turning overlaps on: %s", out)
	}
	if out := mustRun(t, "settings", "--project", project); !strings.Contains(out, "allow-overlap  on") {
		t.Fatalf("settings after turning overlaps on:\n%s", out)
	}
	out := mustRun(t, "import", "--project", project, "--annotator", "bob", data)
	if strings.Contains(out, "now allowed") {
		t.Fatalf("the import says it changed a setting that was already on:\n%s", out)
	}

	// Off is refused while spans overlap, naming the document; nothing changes.
	code, _, errOut = inkspan(t, "settings", "--project", project, "--allow-overlap", "off")
	if code != 1 || !strings.Contains(errOut, "“nested-1”") || !strings.Contains(errOut, "1 pair of spans overlaps in 1 document: “nested-1” (bob: 1)") {
		t.Fatalf("turning overlaps off over nested spans: exit %d\n%s", code, errOut)
	}
	if out := mustRun(t, "settings", "--project", project); !strings.Contains(out, "allow-overlap  on") {
		t.Fatalf("a refused change changed the setting:\n%s", out)
	}

	for _, bad := range [][]string{
		{"settings", "--project", project, "--allow-overlap", "maybe"},
		{"settings", "--project", project, "extra"},
		{"settings"},
	} {
		if code, _, _ := inkspan(t, bad...); code != 2 {
			t.Errorf("inkspan %s: exit %d, want 2", strings.Join(bad, " "), code)
		}
	}
}

func TestImportAllowOverlapFlag(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	data := write(t, filepath.Join(dir, "nested.jsonl"), nestedJSONL)
	out := mustRun(t, "import", "--project", project, "--annotator", "alice", "--allow-overlap", data)
	if !strings.Contains(out, "overlapping spans are now allowed in this project") {
		t.Fatalf("the summary does not say the setting changed:\n%s", out)
	}
	if st := stats(t, project); st.Spans != 2 {
		t.Fatalf("spans = %d, want both nested spans", st.Spans)
	}
	if out := mustRun(t, "settings", "--project", project); !strings.Contains(out, "allow-overlap  on") {
		t.Fatalf("settings after import --allow-overlap:\n%s", out)
	}
}
