package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestSetLabels(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, example)
	db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR"))
	db.AddSpan(ctx, doc, "alice", span(21, 27, "PLACE"))
	names := func() string {
		labels, _ := db.Labels(ctx)
		var out []string
		for _, l := range labels {
			out = append(out, l.Name+":"+l.Key)
		}
		return strings.Join(out, " ")
	}
	spanLabels := func() string {
		spans, _ := db.Spans(ctx, doc, "alice")
		var out []string
		for _, s := range spans {
			out = append(out, s.Label)
		}
		return strings.Join(out, " ")
	}
	// Swap the names and keys of ACTOR and PLACE, and add EVENT.
	labels := model.DefaultLabels()
	labels[0].Name, labels[0].Key = "PLACE", "2"
	labels[1].Name, labels[1].Key = "ACTOR", "1"
	labels = append(labels, model.Label{Name: "EVENT", Color: "#123456", Key: "4"})
	if err := db.SetLabels(ctx, map[string]string{"ACTOR": "PLACE", "PLACE": "ACTOR"}, labels); err != nil {
		t.Fatal(err)
	}
	if got := names(); got != "PLACE:2 ACTOR:1 FIGURE:3 EVENT:4" {
		t.Fatalf("labels = %s", got)
	}
	// The span over "Putin" was ACTOR and its label is now called PLACE.
	if got := spanLabels(); got != "PLACE ACTOR" {
		t.Fatalf("span labels = %s", got)
	}
	// An invalid set changes nothing.
	bad := append(model.DefaultLabels(), model.Label{Name: "X", Color: "#000000", Key: "1"})
	if err := db.SetLabels(ctx, nil, bad); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("err = %v", err)
	}
	if got := names(); got != "PLACE:2 ACTOR:1 FIGURE:3 EVENT:4" {
		t.Fatalf("labels after a refused edit = %s", got)
	}
	if err := db.SetLabels(ctx, map[string]string{"NOPE": "X"}, labels); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("err = %v", err)
	}
	// A rename onto a name another label keeps would merge two labels.
	onto := []model.Label{{Name: "ACTOR", Color: "#000000"}}
	if err := db.SetLabels(ctx, map[string]string{"EVENT": "ACTOR"}, onto); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("renaming onto a kept name: %v, want ECONFLICT", err)
	}
	if got := names(); got != "PLACE:2 ACTOR:1 FIGURE:3 EVENT:4" {
		t.Fatalf("labels after a refused rename = %s", got)
	}
}
