//go:build e2e

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestE2EWindowAndImportTogether: an annotator labels in the window while a
// command-line import writes to the same project. Every label is saved and
// the import lands whole; then, once the window has sat idle, a copy of
// NAME.inkspan alone, taken with the window still open and the process
// killed right after, holds all of it.
func TestE2EWindowAndImportTogether(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	dir := t.TempDir()
	project := filepath.Join(dir, "together.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, seedPath); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	// Big enough that the import holds the project for a few seconds.
	const records = 400000
	big := filepath.Join(dir, "wire.jsonl")
	var buf bytes.Buffer
	for i := 0; i < records; i++ {
		line, _ := json.Marshal(map[string]string{"text": fmt.Sprintf("Wire report %d: 34 soldiers died near Idlib on day %d, officials said.", i, i)})
		buf.Write(append(line, '\n'))
	}
	if err := os.WriteFile(big, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	gui, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	keys := func(names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(150 * time.Millisecond)
		}
	}

	imp := exec.Command(bin, "import", "--project", project, "--annotator", "wire", big)
	imp.Env = env
	var impOut bytes.Buffer
	imp.Stdout, imp.Stderr = &impOut, &impOut
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()
	time.Sleep(700 * time.Millisecond) // the import is reading and writing by now

	// "Putin, Erdogan look…": label Erdogan, then relabel it, while the
	// import holds the project.
	keys("Right", "Right", "shift+Right", "1")
	select {
	case err := <-done:
		t.Fatalf("the import ended before the label was made (%v): make it bigger\n%s", err, impOut.String())
	default:
	}
	time.Sleep(2 * time.Second) // the label has waited over a second: the status bar says why
	screenshot(t, env, "e2e-together-waiting.png")
	keys("Tab", "3")
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("import: %v\n%s", err, impOut.String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("the import did not finish\n%s", impOut.String())
	}
	if !strings.Contains(impOut.String(), fmt.Sprintf("%d new documents", records)) {
		t.Fatalf("import output:\n%s", impOut.String())
	}

	// One more change after the import, so that only the window's own idle
	// checkpoint can bring it into the main file: Erdogan back to ACTOR.
	keys("Tab", "1")
	// Idle, the window checkpoints (within a second or so; longer on a
	// busy machine): copy NAME.inkspan alone until a copy holds the change,
	// 30 s at most, then kill the window and check that copy whole.
	// (A copy taken too early is refused at once: the export sees the
	// main file's side file, which the copy lacks.)
	copied := filepath.Join(t.TempDir(), "copy.inkspan")
	var code int
	var out, errOut string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		b, err := os.ReadFile(project)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied, b, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut = inkspan(t, "export", "--project", copied, "--format", "doccano", "--annotator", "e2e")
		if code == 0 && strings.Contains(out, `[7,14,"ACTOR"]`) || time.Now().After(deadline) {
			break
		}
	}
	screenshot(t, env, "e2e-together-idle.png")
	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()

	if code != 0 || !strings.Contains(out, `[7,14,"ACTOR"]`) {
		t.Fatalf("the copy of the main file lacks the window's label (exit %d): %s\n%s", code, errOut, firstLines(out, 3))
	}
	code, out, errOut = inkspan(t, "stats", "--project", copied, "--json")
	if code != 0 || !strings.Contains(out, fmt.Sprintf(`"documents": %d`, records+1)) {
		t.Fatalf("the copy lacks the import (exit %d): %s\n%s", code, errOut, firstLines(out, 12))
	}
}

func firstLines(s string, n int) string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, 1<<20)
	for len(lines) < n && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return strings.Join(lines, "\n")
}
