//go:build e2e

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestE2EExportChooserWritesNothing is File ▸ Export… in a real window over
// an earlier export: choosing that file and agreeing to replace it, then
// Cancel, leaves it byte for byte as it was; so does a Cancel during the
// export; a new name and Cancel leave no file. Only an export that runs to
// the end writes the file, and it appears complete. (Fyne's save dialog
// emptied the file as soon as the replacement was confirmed, and made an
// empty file for a new name.)
func TestE2EExportChooserWritesNothing(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir(), "HOME="+t.TempDir())
	work := t.TempDir()
	project := filepath.Join(work, "export.inkspan")
	// Big enough that the export runs for a couple of seconds, time to
	// press Cancel while it writes.
	const records = 200000
	wire := filepath.Join(work, "wire.jsonl")
	var buf bytes.Buffer
	for i := 0; i < records; i++ {
		text := fmt.Sprintf("Wire report %d: 34 soldiers died near Idlib on day %d, officials said.", i, i)
		at := strings.Index(text, "Idlib")
		line, _ := json.Marshal(map[string]any{"text": text, "spans": []map[string]any{{"start": at, "end": at + 5, "label": "PLACE"}}})
		buf.Write(append(line, '\n'))
	}
	if err := os.WriteFile(wire, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := inkspan(t, "import", "--project", project, "--annotator", "e2e", wire); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}

	// The earlier export, 310,866 bytes as in the report, an hour old.
	exports := t.TempDir()
	old := filepath.Join(exports, "reviews.jsonl")
	oldData := bytes.Repeat([]byte(`{"text":"an earlier export","spans":[]}`+"\n"), 310866/40)
	oldData = append(oldData, bytes.Repeat([]byte("x"), 310866-len(oldData)-1)...)
	oldData = append(oldData, '\n')
	if err := os.WriteFile(old, oldData, 0o644); err != nil {
		t.Fatal(err)
	}
	oldTime := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(old, oldTime, oldTime); err != nil {
		t.Fatal(err)
	}
	unchanged := func(when string) {
		t.Helper()
		data, err := os.ReadFile(old)
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		info, _ := os.Stat(old)
		if !bytes.Equal(data, oldData) || !info.ModTime().Equal(oldTime) {
			t.Fatalf("%s: %s is %d bytes modified %s; it was %d bytes modified %s",
				when, old, len(data), info.ModTime(), len(oldData), oldTime)
		}
	}
	// names lists the exports folder, hidden temporary names included.
	names := func() string {
		entries, err := os.ReadDir(exports)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return strings.Join(out, " ")
	}

	_, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	keys := func(names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(200 * time.Millisecond)
		}
	}
	typeText := func(s string) {
		t.Helper()
		xdo(t, env, "type", "--delay", "20", s)
		time.Sleep(300 * time.Millisecond)
	}
	// chooseFile opens File ▸ Export… and its save chooser, and types path
	// over the proposed name ("" keeps it). Fyne's menus take no keys until open, so the
	// menu is opened with the mouse: File in the menu bar, then Export…,
	// the sixth item, below Open team project… and Import… (see
	// e2e-export-menu.png). The export dialog starts
	// on its format; Shift+Tab thrice goes round, past Export and Cancel,
	// to Choose file…
	chooseFile := func(shot, path string) {
		t.Helper()
		xdo(t, env, "mousemove", "--window", win, "20", "12")
		xdo(t, env, "click", "1")
		time.Sleep(500 * time.Millisecond)
		screenshot(t, env, "e2e-export-menu.png")
		xdo(t, env, "mousemove", "--window", win, "42", "245")
		xdo(t, env, "click", "1")
		time.Sleep(time.Second)
		keys("shift+Tab", "shift+Tab", "shift+Tab", "space")
		time.Sleep(500 * time.Millisecond)
		screenshot(t, env, shot)
		if path != "" {
			typeText(path) // over the proposed name, which the chooser selects
		}
	}

	// An existing file, the replacement agreed to, then Cancel.
	chooseFile("e2e-export-chooser.png", old)
	keys("Return")
	screenshot(t, env, "e2e-export-replace.png")
	unchanged("when the chooser asks whether to replace it")
	keys("Return") // Replace
	screenshot(t, env, "e2e-export-chosen.png")
	unchanged("once the chooser has closed on it")
	keys("Escape") // the export dialog's Cancel
	time.Sleep(300 * time.Millisecond)
	screenshot(t, env, "e2e-export-cancelled-form.png")
	unchanged("after Cancel")

	// A new name, then Cancel: no file.
	chooseFile("e2e-export-chooser-new.png", filepath.Join(exports, "new.jsonl"))
	keys("Return")
	if got := names(); got != "reviews.jsonl" {
		t.Fatalf("after choosing new.jsonl the folder holds: %s", got)
	}
	keys("Escape")
	if got := names(); got != "reviews.jsonl" {
		t.Fatalf("after Cancel the folder holds: %s", got)
	}

	// The existing file again, then Export, and Cancel while it writes.
	chooseFile("e2e-export-chooser-run.png", old)
	keys("Return", "Return")
	// From Choose file…, Tab goes to Cancel and then to Export.
	keys("Tab", "Tab", "space")
	writing := func() bool { return strings.Contains(names(), ".reviews.jsonl.inkspan-tmp-") }
	deadline := time.Now().Add(20 * time.Second)
	for !writing() {
		if time.Now().After(deadline) {
			screenshot(t, env, "e2e-export-not-started.png")
			t.Fatalf("the export did not start writing its temporary file; the folder holds: %s", names())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The run focuses Cancel; Escape cancels too.
	xdo(t, env, "key", "--window", win, "Escape")
	waitFor(t, 20*time.Second, "the cancelled export's temporary file to go", func() bool { return !writing() })
	time.Sleep(300 * time.Millisecond)
	screenshot(t, env, "e2e-export-cancelled-run.png")
	if got := names(); got != "reviews.jsonl" {
		t.Fatalf("after the cancelled export the folder holds: %s", got)
	}
	unchanged("after Cancel during the export (if it is a finished export, the export was too quick: make it bigger)")

	// Export once more, to the end: now, and only now, the file is new,
	// and it is never there incomplete: the temporary file and the real
	// name are never seen together.
	// Cancel kept the focus; Tab goes to Export.
	keys("Tab", "space")
	waitFor(t, 60*time.Second, "the export to replace the file", func() bool {
		info, err := os.Stat(old)
		if err != nil {
			t.Fatal(err)
		}
		if writing() && !info.ModTime().Equal(oldTime) {
			t.Fatalf("the file changed while the export was still writing: the folder holds %s", names())
		}
		return !writing() && !info.ModTime().Equal(oldTime)
	})
	time.Sleep(300 * time.Millisecond)
	screenshot(t, env, "e2e-export-done.png")
	data := mustRead(t, old)
	if lines := bytes.Count(data, []byte("\n")); lines != records || !bytes.HasPrefix(data, []byte(`{"text":"Wire report 0:`)) {
		t.Fatalf("the export wrote %d lines (want %d), starting %.60q", lines, records, data)
	}
	if names() != "reviews.jsonl" {
		t.Fatalf("after the export the folder holds: %s", names())
	}
	keys("Escape") // Close

	// The name the chooser proposes, taken as it is (Space opened the
	// chooser: its rune must not land in the name), in the folder it
	// proposes, the last one used; exported, it appears only complete.
	chooseFile("e2e-export-chooser-proposed.png", "")
	keys("Return", "Tab", "Tab", "space")
	proposed := filepath.Join(exports, "export.jsonl")
	waitFor(t, 60*time.Second, "the export to the proposed name", func() bool {
		got := names()
		if strings.Contains(got, "export.jsonl ") && strings.Contains(got, ".export.jsonl.inkspan-tmp-") {
			t.Fatalf("export.jsonl is there while the export still writes: the folder holds %s", got)
		}
		return got == "export.jsonl reviews.jsonl"
	})
	screenshot(t, env, "e2e-export-proposed-done.png")
	if lines := bytes.Count(mustRead(t, proposed), []byte("\n")); lines != records {
		t.Fatalf("export.jsonl has %d lines, want %d", lines, records)
	}
	keys("Escape")
}
func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
