//go:build e2e

package main

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
)

// reviewState reads, from another process's point of view, the review
// status of the document the reviewer has open and the rejections stored
// on it, as "start-end LABEL".
func reviewState(t *testing.T, project, reviewer string) (model.ReviewStatus, []string) {
	t.Helper()
	ctx := context.Background()
	db, doc := openedDocument(t, project, reviewer)
	defer db.Close()
	review, err := db.Review(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	spans, err := db.Rejections(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range spans {
		out = append(out, fmt.Sprintf("%d-%d %s", s.Start, s.End, s.Label))
	}
	return review.Status, out
}

// TestE2EReviewTabAndX is the reviewer's case from issue 11 in a real
// window: anna's "Erdoğan" (ACTOR) is accepted into gold while bob's
// proposal over the same word (PLACE) is still open. Tab then focuses bob's
// proposal, not the gold span, and x rejects it: gold keeps anna's span.
func TestE2EReviewTabAndX(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	env := windowEnv(t, "XDG_DATA_HOME="+t.TempDir())
	project := reviewTeamProject(t, "tabx.inkspan")
	gui, win := openProjectWindow(t, bin, env, project, "rita")
	xdo(t, env, "windowfocus", "--sync", win)
	keys := func(names ...string) {
		t.Helper()
		for _, k := range names {
			xdo(t, env, "key", "--window", win, k)
			time.Sleep(150 * time.Millisecond)
		}
	}
	gold := func() string {
		_, out, _ := inkspan(t, "export", "--project", project, "--format", "doccano", "--annotator", "gold")
		return out
	}
	keys("ctrl+r")
	waitWindow(t, env, "Inkspan — tabx.inkspan — rita — reviewing", 15*time.Second)
	time.Sleep(time.Second)

	// Accept what both agree on (Putin, Moscow); then Tab past the gold
	// "Putin" to anna's "Erdoğan" (of the two proposals there, ACTOR sorts
	// first) and accept it.
	keys("ctrl+shift+a")
	waitFor(t, 15*time.Second, "the agreed spans in gold", func() bool {
		return strings.Contains(gold(), `"label":[[0,5,"ACTOR"],[21,27,"PLACE"]]`)
	})
	keys("Tab", "Tab", "Return")
	waitFor(t, 15*time.Second, "anna's Erdoğan in gold", func() bool {
		return strings.Contains(gold(), `"label":[[0,5,"ACTOR"],[10,17,"ACTOR"],[21,27,"PLACE"]]`)
	})

	// The gold span and bob's proposal now cover the same word. Tab goes
	// to the proposal, drawn focused; x rejects it and gold stays.
	keys("Tab")
	time.Sleep(500 * time.Millisecond)
	screenshot(t, env, "e2e-review-tab-proposal.png")
	keys("x")
	rejected := func(want ...string) func() bool {
		return func() bool {
			_, r := reviewState(t, project, "rita")
			return strings.Join(r, ",") == strings.Join(want, ",")
		}
	}
	waitFor(t, 15*time.Second, "bob's PLACE rejected", rejected("10-17 PLACE"))
	keys("Tab")
	time.Sleep(500 * time.Millisecond)
	screenshot(t, env, "e2e-review-tab-gold.png")

	// Undo the rejection, then mark the document reviewed with bob's
	// proposal open: that rejects it, and one Ctrl+Z takes the status and
	// the rejection back.
	keys("ctrl+z")
	waitFor(t, 15*time.Second, "the rejection undone", rejected())
	keys("ctrl+Return")
	waitFor(t, 15*time.Second, "reviewed, with bob's PLACE rejected", func() bool {
		st, r := reviewState(t, project, "rita")
		return st == model.ReviewReviewed && strings.Join(r, ",") == "10-17 PLACE"
	})
	time.Sleep(500 * time.Millisecond)
	screenshot(t, env, "e2e-review-reviewed.png")
	keys("ctrl+z")
	waitFor(t, 15*time.Second, "the review undone in one step", func() bool {
		st, r := reviewState(t, project, "rita")
		return st == model.ReviewInReview && len(r) == 0
	})
	gui.Process.Signal(syscall.SIGKILL)
	gui.Wait()
	if out := gold(); !strings.Contains(out, `"label":[[0,5,"ACTOR"],[10,17,"ACTOR"],[21,27,"PLACE"]]`) {
		t.Fatalf("gold after Tab and x:\n%s", out)
	}
}
