package main

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// stats counts relations, in all and per relation label (every one
// listed, unused ones at 0), as text and as JSON.
func TestStatsCountsRelations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "a.jsonl"),
		`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n"))
	db := openProjectT(t, project, false)
	docs, err := db.Search(ctx, "Putin", "", 1)
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	spans, err := db.Spans(ctx, docs[0].ID, "alice")
	if err != nil || len(spans) != 3 {
		t.Fatal(spans, err)
	}
	for _, r := range []model.Relation{
		{From: spans[0].ID, To: spans[2].ID, Label: "ACTS_IN"},
		{From: spans[1].ID, To: spans[2].ID, Label: "ACTS_IN"},
		{From: spans[0].ID, To: spans[1].ID, Label: "TARGETS"},
	} {
		if _, err := db.AddRelation(ctx, docs[0].ID, "alice", r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	st := stats(t, project)
	if st.Relations != 3 || st.RelationLabels["ACTS_IN"] != 2 || st.RelationLabels["TARGETS"] != 1 {
		t.Errorf("stats = %+v, want 3 relations: 2 ACTS_IN, 1 TARGETS", st)
	}
	if n, listed := st.RelationLabels["SAME_AS"]; !listed || n != 0 {
		t.Errorf("SAME_AS: %d, listed %v; want 0, listed", n, listed)
	}
	text := mustRun(t, "stats", "--project", project)
	for _, want := range []string{`(?m)^Relations +3$`, `(?m)^ACTS_IN +2$`, `(?m)^TARGETS +1$`, `(?m)^COUNTS +0$`, `Relation label +Relations`} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("stats text does not match %s:\n%s", want, text)
		}
	}
}

// stats counts, per attribute name, the spans that carry it: a span with
// two values of a name counts once, and a name no span carries is not
// listed.
func TestStatsCountsAttributes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "a.jsonl"),
		`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n"))
	db := openProjectT(t, project, false)
	docs, err := db.Search(ctx, "Putin", "", 1)
	if err != nil || len(docs) != 1 {
		t.Fatal(docs, err)
	}
	spans, err := db.Spans(ctx, docs[0].ID, "alice")
	if err != nil || len(spans) != 3 {
		t.Fatal(spans, err)
	}
	spans[0].Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q7747"}, {Name: "Topic", Value: "war"}, {Name: "Topic", Value: "oil"}}
	spans[1].Attributes = model.Attributes{{Name: model.AttributeKB, Value: "Q39857"}}
	for _, s := range spans[:2] {
		if _, err := db.UpdateSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	st := stats(t, project)
	if len(st.Attributes) != 2 || st.Attributes[model.AttributeKB] != 2 || st.Attributes["Topic"] != 1 {
		t.Errorf("attributes = %+v, want kb_id on 2 spans, Topic on 1", st.Attributes)
	}
	text := mustRun(t, "stats", "--project", project)
	for _, want := range []string{`Attribute +Spans`, `(?m)^kb_id +2$`, `(?m)^Topic +1$`} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("stats text does not match %s:\n%s", want, text)
		}
	}
}
