package storage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// A write transaction answers Spans from what it keeps of the sets it has
// changed. After every kind of write, in random order, that answer must be
// exactly what the database holds: the same spans, fields and order.
func TestWriteTxSpansMatchTheDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	text := strings.Repeat("Ankara and Moscow met in Idlib. ", 20)
	var docs []string
	for range 2 {
		id, _, err := db.AddDocument(ctx, model.Document{Text: text + fmt.Sprint(len(docs))})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, id)
	}
	// Suggestions to accept: every "Moscow" of the first document.
	batch, err := db.SuggestBatch(ctx, "anna", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var found []model.Suggestion
	for at := strings.Index(text, "Moscow"); at >= 0 && at < len(text); at += 32 {
		found = append(found, model.Suggestion{Start: at, End: at + 6, Label: "PLACE", Source: model.SourcePatterns})
	}
	if _, err := db.AddSuggestions(ctx, "anna", []model.FoundSuggestions{{Key: batch[0].Key, Suggestions: found}}); err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(7, 11))
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	// Attributes as a caller may give them: none (most spans), out of
	// canonical order, a flag, typed text with a line break.
	attributes := []model.Attributes{nil, nil, nil,
		{{Name: model.AttributeKB, Value: "Q1"}},
		{{Name: model.AttributeKB, Value: "Q2"}, {Name: "Negated"}},
		{{Name: "comment", Value: "two\nlines", Text: true}, {Name: "Topic", Value: "war"}, {Name: "Topic", Value: "oil"}},
	}
	randomAttributes := func() model.Attributes { return attributes[rng.IntN(len(attributes))] }
	randomSpan := func() model.Span {
		start := rng.IntN(len(text) - 10)
		return model.Span{Start: start, End: start + 1 + rng.IntN(9), Label: labels[rng.IntN(3)], Note: []string{"", "a note"}[rng.IntN(2)],
			Attributes: randomAttributes()}
	}
	succeeded := map[string]int{}
	for round := range 40 {
		err := db.writeTx(ctx, func(tx *WriteTx) error {
			for step := range 12 {
				doc := docs[rng.IntN(2)]
				ann := []string{"anna", model.GoldAnnotator}[rng.IntN(2)]
				have, err := tx.reads().Spans(ctx, doc, ann)
				if err != nil {
					return err
				}
				var op string
				switch rng.IntN(10) {
				case 0:
					op = "AddSpan"
					_, err = tx.AddSpan(ctx, doc, ann, randomSpan())
				case 1:
					op = "AddSpans"
					_, err = tx.AddSpans(ctx, doc, ann, []model.Span{randomSpan(), randomSpan()})
				case 2:
					op = "AddLabeledSpans"
					_, err = tx.AddLabeledSpans(ctx, ann, []model.LabeledSpan{{DocumentID: doc, Span: randomSpan()}})
				case 3:
					if len(have) > 0 {
						op = "UpdateSpan"
						s := have[rng.IntN(len(have))]
						s.Label, s.Note, s.End = labels[rng.IntN(3)], "changed", s.End+rng.IntN(2)
						_, err = tx.UpdateSpan(ctx, s)
					}
				case 4:
					if len(have) > 0 {
						op = "DeleteSpan"
						err = tx.DeleteSpan(ctx, have[rng.IntN(len(have))].ID)
					}
				case 5:
					if len(have) > 1 {
						op = "DeleteSpans"
						err = tx.DeleteSpans(ctx, []string{have[0].ID, have[len(have)-1].ID})
					}
				case 6:
					if len(have) > 0 {
						op = "DeleteLabeledSpans"
						err = tx.DeleteLabeledSpans(ctx, ann, []model.LabeledSpan{{DocumentID: doc, Span: have[0]}})
					}
				case 7:
					op = "SetStatus"
					err = tx.SetStatus(ctx, doc, ann, []model.Status{model.StatusDone, model.StatusInProgress, model.StatusTodo}[rng.IntN(3)])
				case 8:
					op = "AcceptSuggestions"
					_, err = tx.AcceptSuggestions(ctx, docs[0], "anna")
					doc, ann = docs[0], "anna"
				case 9:
					if len(have) > 0 {
						// An edit of the attributes alone, as the span
						// panel makes it.
						op = "UpdateSpan attributes"
						s := have[rng.IntN(len(have))]
						s.Attributes = randomAttributes()
						_, err = tx.UpdateSpan(ctx, s)
					}
				}
				if err != nil && model.ErrorCode(err) == model.EINTERNAL {
					return fmt.Errorf("round %d step %d %s: %w", round, step, op, err)
				}
				// Refusals (an overlap, a duplicate) are part of the walk.
				if err == nil && op != "" {
					succeeded[op]++
				}
				for _, d := range docs {
					for _, a := range []string{"anna", model.GoldAnnotator} {
						got, err := tx.Spans(ctx, d, a)
						if err != nil {
							return err
						}
						want, err := tx.reads().Spans(ctx, d, a)
						if err != nil {
							return err
						}
						if !reflect.DeepEqual(got, want) {
							return fmt.Errorf("round %d step %d, after %s: Spans(%s) = %+v\nthe database holds %+v", round, step, op, a, got, want)
						}
						for _, s := range want {
							if len(s.Attributes) > 0 {
								succeeded["stored attributes"]++
							}
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, op := range []string{"AddSpan", "AddSpans", "AddLabeledSpans", "UpdateSpan", "UpdateSpan attributes", "DeleteSpan", "DeleteSpans", "DeleteLabeledSpans", "SetStatus", "AcceptSuggestions", "stored attributes"} {
		if succeeded[op] == 0 {
			t.Errorf("the walk never made a %s that succeeded: %v", op, succeeded)
		}
	}
}
