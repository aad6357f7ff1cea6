//go:build e2e

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// spanNotes reads, from another process's point of view, the notes on the
// annotator's spans of the document they have open, leaving out empty ones.
func spanNotes(t *testing.T, project, annotator string) []string {
	t.Helper()
	ctx := context.Background()
	db, doc := openedDocument(t, project, annotator)
	defer db.Close()
	spans, err := db.Spans(ctx, doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, s := range spans {
		if s.Note != "" {
			notes = append(notes, s.Note)
		}
	}
	return notes
}

// TestE2ESpanNoteTypedSteadily types a span note in a real window with
// xdotool, a key every 50 ms, so saves land while keys are still coming:
// the note is stored exactly as typed, and survives a kill.
func TestE2ESpanNoteTypedSteadily(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := filepath.Join(t.TempDir(), "notes.inkspan")
	// A long document with thousands of spans, so that each save (and the
	// reload after it) takes about as long as the pause between two keys.
	const sentence, repeats = "Putin met Erdoğan in Moscow. ", 1500
	var spans []string
	for i := range repeats {
		at := i * utf8.RuneCountInString(sentence)
		spans = append(spans, fmt.Sprintf(`{"start":%d,"end":%d,"label":"ACTOR"}`, at, at+5),
			fmt.Sprintf(`{"start":%d,"end":%d,"label":"ACTOR"}`, at+10, at+17),
			fmt.Sprintf(`{"start":%d,"end":%d,"label":"PLACE"}`, at+21, at+27))
	}
	text, _ := json.Marshal(strings.Repeat(sentence, repeats))
	doc := write(t, filepath.Join(t.TempDir(), "notes.jsonl"),
		fmt.Sprintf(`{"text":%s,"_annotator_id":"e2e","spans":[%s]}`+"\n", text, strings.Join(spans, ",")))
	if code, out, errOut := inkspan(t, "import", "--project", project, doc); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	gui, win := openProjectWindow(t, bin, env, project, "e2e")
	xdo(t, env, "windowfocus", "--sync", win)
	// Tab focuses the span, which enables the note field under the span
	// list; a click there puts the cursor in it.
	xdo(t, env, "key", "--window", win, "Tab")
	time.Sleep(300 * time.Millisecond)
	xdo(t, env, "mousemove", "--window", win, noteX, noteY)
	xdo(t, env, "click", "1")
	time.Sleep(300 * time.Millisecond)

	const note = "neighbour state, not the city"
	xdo(t, env, "type", "--delay", "50", note)
	// xdotool returns once the last key is sent; the saves follow. A note
	// that stays the same for a second is all there is going to be.
	last := ""
	waitFor(t, 15*time.Second, "the note to settle", func() bool {
		time.Sleep(time.Second)
		notes := spanNotes(t, project, "e2e")
		if len(notes) != 1 || notes[0] == "" || notes[0] != last {
			last = strings.Join(notes, "|")
			return false
		}
		return true
	})
	screenshot(t, env, "e2e-span-note.png")
	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()
	if notes := spanNotes(t, project, "e2e"); len(notes) != 1 || notes[0] != note {
		t.Fatalf("stored notes %q, want [%q]", notes, note)
	}
}

// Where the span note field is in a window of the default size.
const noteX, noteY = "990", "533"
