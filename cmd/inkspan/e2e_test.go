//go:build e2e

// The end-to-end tests run the real binary in a real X window under Xvfb and
// drive it with xdotool. `make e2e` (part of `make test`) runs them; they need
// Xvfb, xdotool and ImageMagick, which `make test` installs.
package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/inkspan/inkspan/storage"
)

// display starts Xvfb on a free display and returns its name (":N").
func display(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run `make test`, which installs Xvfb, xdotool and ImageMagick", tool)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -displayfd makes Xvfb pick a free display and write its number to fd 3.
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	xvfb.ExtraFiles = []*os.File{w}
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { xvfb.Process.Kill(); xvfb.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// The end-to-end tests run in parallel (go test's -parallel, the number of
// cores unless told): each starts its own Xvfb and gives the binary its own
// data and configuration folders (windowEnv), so nothing but the binary is
// shared, and most of their time is spent waiting for a window to paint.

// INKSPAN_BIN, an absolute path, names an inkspan binary built from this
// tree for the tests to run (`make e2e` passes the one `make build` made);
// without it the tests build one.
var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// buildBinary returns the real inkspan binary (cgo, GLFW), built once per
// test run: linking it takes seconds, and every test runs the same one.
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		if bin := os.Getenv("INKSPAN_BIN"); bin != "" {
			// go test runs in the package's folder: a relative name
			// would not mean what it meant to whoever set it.
			if !filepath.IsAbs(bin) {
				binErr = fmt.Errorf("INKSPAN_BIN=%q is not an absolute path", bin)
			} else if _, err := os.Stat(bin); err != nil {
				binErr = fmt.Errorf("INKSPAN_BIN: %v", err)
			}
			binPath = bin
			return
		}
		dir, err := os.MkdirTemp("", "inkspan-e2e-")
		if err != nil {
			binErr = err
			return
		}
		atExit = append(atExit, func() { os.RemoveAll(dir) })
		binPath = filepath.Join(dir, "inkspan")
		if out, err := exec.Command("make", "-s", "-C", "../..", "build", "BIN="+binPath).CombinedOutput(); err != nil {
			binErr = fmt.Errorf("make build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// startGUI runs the real binary on the test display. When the test ends it
// is killed, and its output shown if the test failed; two minutes is the
// most any of these tests should need.
func startGUI(t *testing.T, bin string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	gui := exec.CommandContext(ctx, bin, args...)
	gui.Env = env
	var logs bytes.Buffer
	gui.Stdout, gui.Stderr = &logs, &logs
	if err := gui.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		gui.Process.Kill()
		gui.Wait() // an error after an earlier Wait (a test that killed it) is expected
		cancel()
		if t.Failed() {
			t.Logf("inkspan output:\n%s", logs.String())
		}
	})
	return gui
}

// windowEnv starts a display and returns the environment the binary and
// xdotool run in there, with extra variables added.
func windowEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	// Fyne keeps preferences (the annotator, recent projects, pane sizes)
	// under XDG_CONFIG_HOME: a folder of the test's own keeps tests that
	// run at once, and the user's own settings, apart.
	env := append(os.Environ(), "DISPLAY="+display(t), "LANG=C.UTF-8", "LIBGL_ALWAYS_SOFTWARE=1",
		"XDG_CONFIG_HOME="+t.TempDir())
	return append(env, extra...)
}

// openProjectWindow runs the binary on project as annotator and returns
// once its window shows a document: the window records the document it
// opened in the project, and once it has, the text is on screen (or a
// frame away).
func openProjectWindow(t *testing.T, bin string, env []string, project, annotator string) (*exec.Cmd, string) {
	t.Helper()
	gui := startGUI(t, bin, env, "gui", "--project", project, "--annotator", annotator)
	win := waitWindow(t, env, "Inkspan — "+filepath.Base(project)+" — "+annotator, 60*time.Second)
	waitFor(t, 30*time.Second, "the window to open a document", func() bool {
		id, _ := lastDocument(project, annotator)
		return id != ""
	})
	time.Sleep(time.Second)
	return gui, win
}

// waitWindow polls xdotool until a window with the title appears.
func waitWindow(t *testing.T, env []string, title string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		// Only a mapped window: the driver names a window before it shows
		// it, and focusing one not yet shown fails (BadMatch).
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", title)
		cmd.Env = env
		if out, err := cmd.Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
			return strings.Fields(string(out))[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no window titled %q appeared within %s", title, timeout)
	return ""
}

// screenshot saves the whole screen, into INKSPAN_SCREENSHOTS when set so a
// person can look at it, and returns the decoded image.
func screenshot(t *testing.T, env []string, name string) image.Image {
	t.Helper()
	dir := os.Getenv("INKSPAN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return img
}

// paintedScreenshot takes screenshots until one shows a painted window
// (20 distinct colours or more, see distinctColours) or 30 s have passed,
// and returns the last: a window lists its documents and paints the first
// when its loads come back, a moment after it appears, longer on a busy
// machine.
func paintedScreenshot(t *testing.T, env []string, name string) image.Image {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		img := screenshot(t, env, name)
		if distinctColours(img) >= 20 || time.Now().After(deadline) {
			return img
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// distinctColours counts colours on a coarse grid: a blank or black window
// has one or two, a window of text and coloured labels has many.
func distinctColours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}

func TestE2EOpensProjectInRealWindow(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())

	project := filepath.Join(t.TempDir(), "e2e.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, seedPath); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}

	gui := startGUI(t, bin, env, "gui", "--project", project, "--annotator", "e2e")

	waitWindow(t, env, "Inkspan — e2e.inkspan — e2e", 60*time.Second)
	img := paintedScreenshot(t, env, "e2e-main.png")
	if n := distinctColours(img); n < 20 {
		t.Fatalf("the window looks blank: %d distinct colours", n)
	}
	if gui.ProcessState != nil {
		t.Fatalf("inkspan exited early: %s", gui.ProcessState)
	}
}

// TestE2EDefaultProject is `make run` for a new user: inkspan with no
// arguments creates the default project with the sample articles and opens
// it.
func TestE2EDefaultProject(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	data := t.TempDir()
	env := windowEnv(t, "XDG_DATA_HOME="+data, "USER=newuser")

	startGUI(t, bin, env)
	waitWindow(t, env, "Inkspan — default.inkspan — ", 60*time.Second)
	if n := distinctColours(paintedScreenshot(t, env, "e2e-default.png")); n < 20 {
		t.Fatalf("the window looks blank: %d distinct colours", n)
	}
	project := filepath.Join(data, "inkspan", "default.inkspan")
	code, out, errOut := inkspan(t, "stats", "--project", project, "--json")
	if code != 0 || !strings.Contains(out, `"documents": 5`) {
		t.Fatalf("default project: exit %d %s %s", code, out, errOut)
	}
}

// xdo runs xdotool on the test display.
func xdo(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

// TestE2ELabelSurvivesKill is the annotator's core loop in a real window:
// drag across "Putin" in the headline, press 1, and the span is in the
// project file even though the process is then killed with SIGKILL.
func TestE2ELabelSurvivesKill(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "kill.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, seedPath); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	gui, win := openProjectWindow(t, bin, env, project, "e2e")
	// The headline's first word sits at the top left of the document pane
	// (the window opens at 1100x720 at the screen's origin, below the menu
	// bar, the pane after the list): press inside "Putin", drag a few pixels
	// within it, and the selection snaps to the whole token.
	xdo(t, env, "mousemove", "--window", win, "330", "104")
	xdo(t, env, "mousedown", "1")
	for _, x := range []string{"333", "336", "340", "344", "348"} {
		xdo(t, env, "mousemove", "--window", win, x, "105")
		time.Sleep(60 * time.Millisecond)
	}
	xdo(t, env, "mouseup", "1")
	time.Sleep(300 * time.Millisecond)
	xdo(t, env, "type", "1")
	// Saved means acknowledged: kill as soon as the file has it.
	waitFor(t, 15*time.Second, "the span to reach the project file", func() bool {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e")
		return strings.Contains(out, `[0,5,"ACTOR"]`)
	})
	screenshot(t, env, "e2e-labeled.png")
	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()

	code, out, errOut := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e")
	if code != 0 {
		t.Fatalf("export after the kill: %s", errOut)
	}
	if !strings.Contains(out, `[0,5,"ACTOR"]`) {
		t.Fatalf("the span over \"Putin\" is not in the project after the kill; export:\n%s", out)
	}
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting %s for %s", limit, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// lastDocument reads, from another process's point of view, which document
// the annotator has open.
func lastDocument(project, annotator string) (string, error) {
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		return "", err
	}
	defer db.Close()
	return db.LastDocument(ctx, annotator)
}

// TestE2EKeyboardFlow labels, relabels, undoes, deletes and finishes with
// the keyboard alone in a real window, then kills the process: every step
// acknowledged is in the file.
func TestE2EKeyboardFlow(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "keys.inkspan")
	second := write(t, filepath.Join(t.TempDir(), "aleppo.txt"), "Aleppo was quiet on Friday.\n")
	for _, file := range []string{seedPath, second} {
		if code, out, errOut := inkspan(t, "import", "--project", project, file); code != 0 {
			t.Fatalf("import %s: %s%s", file, out, errOut)
		}
	}
	gui, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	exported := func() string {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e")
		return out
	}
	keys := func(what string, names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(150 * time.Millisecond)
		}
		t.Logf("%s: %s", what, strings.Join(names, " "))
	}

	// "Putin, Erdogan look…": the caret starts before "Putin"; two steps
	// right reach "Erdogan", Shift+Right selects it, 1 labels it ACTOR.
	keys("label Erdogan", "Right", "Right", "shift+Right", "1")
	waitFor(t, 15*time.Second, "Erdogan as ACTOR", func() bool { return strings.Contains(exported(), `[7,14,"ACTOR"]`) })
	// Tab focuses the span, 3 relabels it FIGURE, Ctrl+Z takes that back.
	keys("relabel", "Tab", "3")
	waitFor(t, 15*time.Second, "the relabel", func() bool { return strings.Contains(exported(), `[7,14,"FIGURE"]`) })
	keys("undo", "ctrl+z")
	waitFor(t, 15*time.Second, "the undo", func() bool { return strings.Contains(exported(), `[7,14,"ACTOR"]`) })
	screenshot(t, env, "e2e-keys-labeled.png")

	// Ctrl+Enter: done, and on to the next document, where the first
	// token becomes a PLACE, is deleted, and comes back with Ctrl+Z.
	keys("finish", "ctrl+Return")
	waitFor(t, 15*time.Second, "the seed article done", func() bool {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "e2e", "--status", "done")
		return strings.Contains(out, "Erdogan")
	})
	time.Sleep(time.Second) // the next document loads
	keys("label Aleppo", "shift+Right", "2")
	waitFor(t, 15*time.Second, "Aleppo as PLACE", func() bool { return strings.Contains(exported(), `[0,6,"PLACE"]`) })
	keys("delete", "Tab", "Delete")
	waitFor(t, 15*time.Second, "the delete", func() bool { return !strings.Contains(exported(), `[0,6,"PLACE"]`) })
	keys("undo the delete", "ctrl+z")
	waitFor(t, 15*time.Second, "the span back", func() bool { return strings.Contains(exported(), `[0,6,"PLACE"]`) })
	screenshot(t, env, "e2e-keys-second.png")

	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()
	out := exported()
	for _, want := range []string{`[7,14,"ACTOR"]`, `[0,6,"PLACE"]`} {
		if !strings.Contains(out, want) {
			t.Fatalf("%s is not in the project after the kill; export:\n%s", want, out)
		}
	}
}

// TestE2EReview is a reviewer's pass in a real window: review mode, accept
// what both annotators agree on, mark the document reviewed, kill; the gold
// version is what export now writes.
func TestE2EReview(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := reviewTeamProject(t, "review.inkspan")
	gui, win := openProjectWindow(t, bin, env, project, "rita")
	xdo(t, env, "windowfocus", "--sync", win)
	xdo(t, env, "key", "--window", win, "ctrl+r")
	waitWindow(t, env, "Inkspan — review.inkspan — rita — reviewing", 15*time.Second)
	time.Sleep(time.Second)
	xdo(t, env, "key", "--window", win, "ctrl+shift+a")
	gold := func() string {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "gold")
		return out
	}
	waitFor(t, 15*time.Second, "the agreed spans in gold", func() bool {
		return strings.Contains(gold(), `"label":[[0,5,"ACTOR"],[21,27,"PLACE"]]`)
	})
	screenshot(t, env, "e2e-review.png")
	xdo(t, env, "key", "--window", win, "ctrl+Return")
	waitFor(t, 15*time.Second, "the document reviewed", func() bool {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--status", "done")
		return strings.Contains(out, `"label":[[0,5,"ACTOR"],[21,27,"PLACE"]]`)
	})
	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()
	// Export without --annotator now writes the gold version.
	code, out, errOut := inkspan(t, "export", "--project", project, "--format", "doccano")
	if code != 0 || !strings.Contains(out, `[[0,5,"ACTOR"],[21,27,"PLACE"]]`) || strings.Contains(out, `"anna"`) {
		t.Fatalf("default export after the review: exit %d\n%s%s", code, out, errOut)
	}
}

// reviewTeamProject makes a project of one document that anna and bob
// labeled: they agree on Putin and Moscow; bob alone calls Erdoğan a PLACE.
func reviewTeamProject(t *testing.T, name string) string {
	t.Helper()
	project := filepath.Join(t.TempDir(), name)
	text := "Putin met Erdoğan in Moscow."
	team := write(t, filepath.Join(t.TempDir(), "team.jsonl"),
		`{"text":"`+text+`","_annotator_id":"anna","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n"+
			`{"text":"`+text+`","_annotator_id":"bob","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"PLACE"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n")
	if code, out, errOut := inkspan(t, "import", "--project", project, team); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	return project
}

// openedDocument opens the project from another process's point of view
// and names the document the annotator has open in the window; the caller
// closes the project.
func openedDocument(t *testing.T, project, annotator string) (*storage.DB, string) {
	t.Helper()
	doc, err := lastDocument(project, annotator)
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), project, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return db, doc
}
