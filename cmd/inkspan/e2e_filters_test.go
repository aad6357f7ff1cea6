//go:build e2e

package main

import (
	"image"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// changed is the share of pixels in r that differ between a and b.
func changed(a, b image.Image, r image.Rectangle) float64 {
	n, diff := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			n++
			if r1 != r2 || g1 != g2 || b1 != b2 {
				diff++
			}
		}
	}
	return float64(diff) / float64(n)
}

// TestE2EFilterOpensAfterTheCacheForgotIt opens the label filter at the
// moment Fyne 2.7.1's desktop driver has forgotten which canvas it is on,
// the moment that once killed the window with a nil pointer inside Fyne
// (issue #5965; see dialogkit.Select). Before the workaround this recipe
// killed the window every time; now the list opens under the filter.
//
// How the driver forgets: it answers CanvasForObject from a cache whose
// entries expire FYNE_CACHE after they were added or last read (a minute
// by default, 25 s here to keep the test short). A repaint walks the
// widgets but does not renew entries already there; a window idle for
// FYNE_CACHE-10 s walks them and renews them. Its clean-up, at most every
// 10 s and after a repaint, drops the expired entries, and only the next
// repaint adds them back. So: hover the filter (its last read), keep the
// window repainting at intervals under 15 s until its entry has expired,
// let the clean-up run with nothing to repaint after it, and click.
func TestE2EFilterOpensAfterTheCacheForgotIt(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir(), "FYNE_CACHE=25s")
	project := filepath.Join(t.TempDir(), "filters.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, seedPath); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	_, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	// The text has the keys; the pointer rests on "Every label" (the
	// window opens at 1100x720 at the screen's origin: the filter is the
	// right one of the pair under the search box).
	xdo(t, env, "mousemove", "--window", win, "600", "300", "click", "1")
	time.Sleep(500 * time.Millisecond)
	xdo(t, env, "mousemove", "--window", win, "230", "88")
	time.Sleep(12 * time.Second)
	xdo(t, env, "key", "--window", win, "shift+Right") // a repaint, 12 s after the hover
	time.Sleep(14 * time.Second)
	xdo(t, env, "key", "--window", win, "shift+Right") // the filter's entry has expired: the clean-up drops it
	time.Sleep(11 * time.Second)                       // the clean-up has run; nothing repainted since

	before := screenshot(t, env, "e2e-filter-before.png")
	xdo(t, env, "click", "1")
	list := image.Rect(165, 110, 300, 250) // under the filter, where its list opens
	waitFor(t, 10*time.Second, "the label filter's list to open", func() bool {
		return changed(before, screenshot(t, env, "e2e-filter-open.png"), list) > 0.3
	})
	// A window that died would also change the picture: it must be there.
	time.Sleep(time.Second)
	cmd := exec.Command("xdotool", "search", "--name", "Inkspan — filters.inkspan — e2e")
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		t.Fatal("the window is gone after opening the filter")
	}
}
