//go:build e2e

package main

import (
	"context"
	"image"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// relationsIn reads the annotator's relations on the document open in the
// window, from another process, as "from LABEL to" in the spans' words.
func relationsIn(t *testing.T, project, annotator, text string) []string {
	t.Helper()
	db, doc := openedDocument(t, project, annotator)
	defer db.Close()
	ctx := context.Background()
	spans, err := db.Spans(ctx, doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	rels, err := db.Relations(ctx, doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]string{}
	for _, s := range spans {
		words[s.ID] = string([]rune(text)[s.Start:s.End])
	}
	var out []string
	for _, r := range rels {
		out = append(out, words[r.From]+" "+r.Label+" "+words[r.To])
	}
	slices.Sort(out)
	return out
}

// highlightRows finds, in a screenshot, the rows of the coloured span
// highlights crossing column x between y0 and y1: the middle of each band
// of label colour (text is grey, the background white).
func highlightRows(img image.Image, x, y0, y1 int) []int {
	var rows []int
	start := -1
	for y := y0; y <= y1; y++ {
		r, g, b, _ := img.At(x, y).RGBA()
		hi, lo := max(r, g, b)>>8, min(r, g, b)>>8
		coloured := hi-lo > 25
		switch {
		case coloured && start < 0:
			start = y
		case !coloured && start >= 0:
			if y-start >= 8 {
				rows = append(rows, (start+y)/2)
			}
			start = -1
		}
	}
	return rows
}

// TestE2ERelations makes a relation with the keyboard alone (Tab, r, Tab,
// i) and another by dragging from one span to another with Ctrl held
// (then Enter, the label used last), undoes both and redoes them, kills
// the process with SIGKILL: both are in the project, and the window
// opened again shows them.
func TestE2ERelations(t *testing.T) {
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "relations.inkspan")
	// Each span starts its line, so the highlights are found at the left
	// of the document pane.
	const text = "Putin spoke first.\nErdoğan answered him.\nMoscow hosted the talks."
	doc := write(t, filepath.Join(t.TempDir(), "rel.jsonl"),
		`{"text":"Putin spoke first.\nErdoğan answered him.\nMoscow hosted the talks.","_annotator_id":"e2e","spans":[`+
			`{"start":0,"end":5,"label":"ACTOR"},{"start":19,"end":26,"label":"ACTOR"},{"start":41,"end":47,"label":"PLACE"}]}`+"\n")
	if code, out, errOut := inkspan(t, "import", "--project", project, doc); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	gui, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	const x = 333 // inside the first word of each line
	rows := highlightRows(screenshot(t, env, "e2e-relations-start.png"), x, 70, 260)
	if len(rows) != 3 {
		t.Fatalf("found %d span highlights at the left of the text (rows %v), want 3", len(rows), rows)
	}
	keys := func(what string, names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(150 * time.Millisecond)
		}
		t.Logf("%s: %s", what, strings.Join(names, " "))
	}
	both := []string{"Erdoğan ACTS_IN Moscow", "Putin ACTS_IN Moscow"}
	wait := func(what string, want ...string) {
		t.Helper()
		waitFor(t, 15*time.Second, what, func() bool {
			return strings.Join(relationsIn(t, project, "e2e", text), "; ") == strings.Join(want, "; ")
		})
	}

	// Tab focuses Putin, r starts a relation to the next span (Erdoğan),
	// Tab picks Moscow, i makes it ACTS_IN.
	keys("relate by keys", "Tab", "r", "Tab", "i")
	wait("Putin ACTS_IN Moscow", "Putin ACTS_IN Moscow")
	screenshot(t, env, "e2e-relations-keys.png")

	// Ctrl held, drag from Erdoğan to Moscow; Enter makes it with the
	// label used last.
	xdo(t, env, "mousemove", "--window", win, strconv.Itoa(x), strconv.Itoa(rows[1]))
	xdo(t, env, "keydown", "ctrl")
	xdo(t, env, "mousedown", "1")
	for k := 1; k <= 6; k++ {
		y := rows[1] + (rows[2]-rows[1])*k/6
		xdo(t, env, "mousemove", "--window", win, strconv.Itoa(x+k), strconv.Itoa(y))
		time.Sleep(60 * time.Millisecond)
	}
	xdo(t, env, "mouseup", "1")
	xdo(t, env, "keyup", "ctrl")
	time.Sleep(300 * time.Millisecond)
	keys("label the dragged relation", "Return")
	wait("both relations", both...)
	screenshot(t, env, "e2e-relations-mouse.png")

	keys("undo both", "ctrl+z", "ctrl+z")
	wait("no relation")
	keys("redo both", "ctrl+y", "ctrl+y")
	wait("both relations again", both...)

	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()
	if got := relationsIn(t, project, "e2e", text); strings.Join(got, "; ") != strings.Join(both, "; ") {
		t.Fatalf("after the kill the project holds %v, want %v", got, both)
	}
	// Opened again, the window shows them: Tab focuses Putin, whose
	// relation is drawn in the relation label's colour (ACTS_IN, #3d5a80,
	// lightened a third of the way to white on a dark background).
	_, win = openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	before := screenshot(t, env, "e2e-relations-reopened.png")
	keys("focus Putin", "Tab")
	time.Sleep(300 * time.Millisecond)
	after := screenshot(t, env, "e2e-relations-reopened-focus.png")
	if n := bluePixels(after) - bluePixels(before); n < 30 {
		t.Fatalf("focusing Putin drew %d more pixels of ACTS_IN's colour, want its arc", n)
	}
}

// bluePixels counts pixels near ACTS_IN's colour (#3d5a80), or the
// colour it is drawn in on a dark background (#8193ac), in the window.
func bluePixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < min(b.Max.Y, 720); y++ {
		for x := b.Min.X; x < min(b.Max.X, 1100); x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r>>8, 0x3d) && near(g>>8, 0x5a) && near(bl>>8, 0x80) ||
				near(r>>8, 0x81) && near(g>>8, 0x93) && near(bl>>8, 0xac) {
				n++
			}
		}
	}
	return n
}

func near(a, b uint32) bool { return a+12 >= b && a <= b+12 }
