package transfer

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// newWindow is the workspace window a dialog opens over.
func newWindow(t *testing.T) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the workspace"))
	w.Resize(fyne.NewSize(900, 700))
	return w
}

// waitIdle waits until every run started has had its outcome applied.
// busy is atomic and is decremented last, inside the fyne.Do callback, so
// once it reads zero the widgets may be read without a race.
func waitIdle(t *testing.T, s *shell) {
	t.Helper()
	waitFor(t, "the run to finish", func() bool { return s.busy.Load() == 0 })
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// findButton returns the button labelled text in the top overlay.
func findButton(t *testing.T, w fyne.Window, text string) *button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open to find %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

func tapButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	test.Tap(findButton(t, w, text))
}

// dialogText is the text of every visible label of the top overlay.
func dialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
			b.WriteString(l.Text)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func isOpen(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

// picturesDir is where TestPictures writes: $TRANSFER_PICTURES if set, so
// a person can look at them, else a directory removed after the test.
func picturesDir(t *testing.T) string {
	if dir := os.Getenv("TRANSFER_PICTURES"); dir != "" {
		return dir
	}
	return t.TempDir()
}

func capture(t *testing.T, w fyne.Window, dir, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
