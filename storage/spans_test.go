package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestAddSpan(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		s, err := db.AddSpan(ctx, doc, "alice", span(10, 17, "ACTOR"))
		if err != nil {
			t.Fatal(err)
		}
		if s.ID == "" || s.Origin != model.OriginManual || s.Created.IsZero() {
			t.Fatalf("stored span = %+v", s)
		}
		got, err := db.Spans(ctx, doc, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != s.ID || got[0].Start != 10 || got[0].End != 17 || !got[0].Created.Equal(s.Created) {
			t.Fatalf("spans = %+v, want %+v", got, s)
		}
		d, err := db.Document(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		if text := model.NewOffsets(d.Text).Slice(got[0].Start, got[0].End); text != "Erdoğan" {
			t.Fatalf("span text = %q", text)
		}
		if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusInProgress {
			t.Fatalf("status = %s, want in_progress after the first span", st)
		}
		if other, _ := db.Spans(ctx, doc, "bob"); len(other) != 0 {
			t.Fatalf("bob sees alice's spans: %v", other)
		}
	})
	t.Run("AfterAstralCharacters", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		// "." after the flag: code points 48-49, whatever bytes or UTF-16 say.
		if _, err := db.AddSpan(ctx, doc, "alice", span(46, 49, "PLACE")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, doc, "alice", span(46, 50, "PLACE")); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("span past the 49 code points: err = %v", err)
		}
	})
	for _, tc := range []struct {
		name string
		span model.Span
		code string
		text string
	}{
		{"ErrInverted", span(5, 0, "ACTOR"), model.EINVALID, "start must be before end"},
		{"ErrEmpty", span(5, 5, "ACTOR"), model.EINVALID, "empty"},
		{"ErrNegative", span(-1, 5, "ACTOR"), model.EINVALID, "negative"},
		{"ErrPastEnd", span(40, 60, "ACTOR"), model.EINVALID, "ends past the text"},
		{"ErrUnknownLabel", span(0, 5, "PERSON"), model.EINVALID, "label PERSON"},
		{"ErrNoLabel", span(0, 5, ""), model.EINVALID, "label"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t)
			doc := mustAddDocument(t, db, example)
			_, err := db.AddSpan(ctx, doc, "alice", tc.span)
			if model.ErrorCode(err) != tc.code || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %s containing %q", err, tc.code, tc.text)
			}
			if got, _ := db.Spans(ctx, doc, "alice"); len(got) != 0 {
				t.Fatalf("a rejected span was stored: %v", got)
			}
		})
	}
	t.Run("ErrDuplicate", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR")); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR")); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("err = %v, want conflict", err)
		}
		// Another annotator may make the same span.
		if _, err := db.AddSpan(ctx, doc, "bob", span(0, 5, "ACTOR")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrUnknownDocument", func(t *testing.T) {
		db := mustOpen(t)
		if _, err := db.AddSpan(ctx, "no-such-doc", "alice", span(0, 5, "ACTOR")); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Overlap", func(t *testing.T) {
		db := mustOpen(t)
		doc := mustAddDocument(t, db, example)
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 9, "ACTOR")); err != nil {
			t.Fatal(err)
		}
		_, err := db.AddSpan(ctx, doc, "alice", span(6, 17, "PLACE"))
		if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "does not allow overlapping") {
			t.Fatalf("overlap with overlaps off: err = %v", err)
		}
		// Spans that only touch do not overlap.
		if _, err := db.AddSpan(ctx, doc, "alice", span(9, 17, "PLACE")); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSettings(ctx, model.Settings{AllowOverlap: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddSpan(ctx, doc, "alice", span(6, 17, "PLACE")); err != nil {
			t.Fatalf("overlap with overlaps on: %v", err)
		}
		// Overlaps exist now: turning the setting off would break them.
		if err := db.SetSettings(ctx, model.Settings{AllowOverlap: false}); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("disallowing overlaps while some exist: err = %v", err)
		}
	})
}

func TestUpdateAndDeleteSpan(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, example)
	a, _ := db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR"))
	b, _ := db.AddSpan(ctx, doc, "alice", span(21, 27, "PLACE"))

	a.Label, a.Note = "FIGURE", "checked"
	if _, err := db.UpdateSpan(ctx, a); err != nil {
		t.Fatal(err)
	}
	// Moving a onto b's range with b's label would duplicate b.
	a.Start, a.End, a.Label = 21, 27, "PLACE"
	if _, err := db.UpdateSpan(ctx, a); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("update into a duplicate: err = %v", err)
	}
	got, _ := db.Spans(ctx, doc, "alice")
	if len(got) != 2 || got[0].Label != "FIGURE" || got[0].Note != "checked" || got[0].Start != 0 {
		t.Fatalf("spans = %+v", got)
	}
	if err := db.DeleteSpan(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSpan(ctx, b.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("deleting twice: err = %v", err)
	}
	if got, _ := db.Spans(ctx, doc, "alice"); len(got) != 1 {
		t.Fatalf("spans after delete = %+v", got)
	}
	if _, err := db.UpdateSpan(ctx, b); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("updating a deleted span: err = %v", err)
	}
}

func TestStatus(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := mustAddDocument(t, db, example)
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusTodo {
		t.Fatalf("status = %s", st)
	}
	if err := db.SetStatus(ctx, doc, "alice", model.StatusDone); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusDone {
		t.Fatalf("status = %s", st)
	}
	if err := db.SetStatus(ctx, doc, "alice", "finished"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("err = %v", err)
	}
	// Adding a span to a done document keeps it done.
	if _, err := db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR")); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Status(ctx, doc, "alice"); st != model.StatusDone {
		t.Fatalf("status = %s", st)
	}
}

func TestLabels(t *testing.T) {
	ctx := context.Background()
	t.Run("AddAndRenameKeepsSpans", func(t *testing.T) {
		db := mustOpen(t)
		if err := db.AddLabel(ctx, model.Label{Name: "EVENT", Color: "#123456", Key: "4", Description: "Something that happens."}); err != nil {
			t.Fatal(err)
		}
		doc := mustAddDocument(t, db, example)
		if _, err := db.AddSpan(ctx, doc, "alice", span(0, 5, "ACTOR")); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateLabel(ctx, "ACTOR", model.Label{Name: "PERSON", Color: "#ff0000", Key: "1"}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Spans(ctx, doc, "alice")
		if len(got) != 1 || got[0].Label != "PERSON" {
			t.Fatalf("spans after rename = %+v", got)
		}
		labels, _ := db.Labels(ctx)
		if names := []string{labels[0].Name, labels[3].Name}; names[0] != "PERSON" || names[1] != "EVENT" {
			t.Fatalf("labels = %+v", labels)
		}
	})
	for _, tc := range []struct {
		name  string
		label model.Label
		code  string
	}{
		{"ErrNameTaken", model.Label{Name: "PLACE", Color: "#000000"}, model.ECONFLICT},
		{"ErrKeyTaken", model.Label{Name: "EVENT", Color: "#000000", Key: "2"}, model.ECONFLICT},
		{"ErrColor", model.Label{Name: "EVENT", Color: "red"}, model.EINVALID},
		{"ErrHiddenInName", model.Label{Name: "NEWS\u200bEVENT", Color: "#000000"}, model.EINVALID},
		{"OKSpaceInName", model.Label{Name: "NEWS EVENT", Color: "#000000"}, ""},
		{"ErrNoName", model.Label{Color: "#000000"}, model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := mustOpen(t)
			if err := db.AddLabel(ctx, tc.label); model.ErrorCode(err) != tc.code {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
		})
	}
	t.Run("ErrUpdateMissing", func(t *testing.T) {
		db := mustOpen(t)
		if err := db.UpdateLabel(ctx, "NOPE", model.Label{Name: "X", Color: "#000000"}); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	d1 := mustAddDocument(t, db, example)
	d2 := mustAddDocument(t, db, "Ankara said 34 soldiers died.")
	mustAddDocument(t, db, "A third text.")
	db.AddSpan(ctx, d1, "alice", span(0, 5, "ACTOR"))
	db.AddSpan(ctx, d1, "alice", span(21, 27, "PLACE"))
	db.AddSpan(ctx, d2, "bob", span(12, 14, "FIGURE"))
	db.SetStatus(ctx, d2, "alice", model.StatusDone)
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 3 || st.Spans != 3 {
		t.Fatalf("stats = %+v", st)
	}
	if st.Labels["ACTOR"] != 1 || st.Labels["PLACE"] != 1 || st.Labels["FIGURE"] != 1 {
		t.Fatalf("labels = %v", st.Labels)
	}
	alice := st.Annotators["alice"]
	if alice[model.StatusInProgress] != 1 || alice[model.StatusDone] != 1 || alice[model.StatusTodo] != 1 || alice[model.StatusSkipped] != 0 {
		t.Fatalf("alice = %v", alice)
	}
	if bob := st.Annotators["bob"]; bob[model.StatusInProgress] != 1 || bob[model.StatusTodo] != 2 {
		t.Fatalf("bob = %v", bob)
	}
}

func TestDocuments(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	id, added, err := db.AddDocument(ctx, model.Document{ExternalID: "a.txt", Text: "\n  Headline here  \nBody " + strings.Repeat("x", 300)})
	if err != nil || !added {
		t.Fatal(added, err)
	}
	again, added, err := db.AddDocument(ctx, model.Document{ExternalID: "copy.txt", Text: "\n  Headline here  \nBody " + strings.Repeat("x", 300)})
	if err != nil || added || again != id {
		t.Fatalf("same text again: id %s added %v err %v", again, added, err)
	}
	if _, _, err := db.AddDocument(ctx, model.Document{Text: "bad \xff"}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("invalid UTF-8: %v", err)
	}
	if _, _, err := db.AddDocument(ctx, model.Document{Text: "x", Meta: []byte("[1]")}); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("meta not an object: %v", err)
	}
	list, err := db.Documents(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Title != "Headline here" || list[0].ExternalID != "a.txt" || list[0].Status != model.StatusTodo {
		t.Fatalf("documents = %+v", list)
	}
	if _, err := db.Document(ctx, "missing"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("err = %v", err)
	}
}
