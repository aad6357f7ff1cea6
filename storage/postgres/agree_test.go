package postgres_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/app/apptest"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres"
)

// agreeStore is a store agreement reads and the test fills.
type agreeStore interface {
	app.Store
	app.AgreementStore
	AddDocument(ctx context.Context, d model.Document) (string, bool, error)
}

// fillAgreement gives a store the same documents (same IDs) and work:
// alice and bob on the first document (done and in progress, disagreeing
// on Moscow), carol's skipped set there, gold reviewed there; alice and an
// empty set of bob's on the second; a note of alice's (todo) on the third.
func fillAgreement(t *testing.T, st agreeStore) {
	t.Helper()
	ctx := context.Background()
	ids := []string{"0190f5b2-0000-7000-8000-0000000d0001", "0190f5b2-0000-7000-8000-0000000d0002", "0190f5b2-0000-7000-8000-0000000d0003"}
	for i, text := range apptest.Texts {
		if _, _, err := st.AddDocument(ctx, model.Document{ID: ids[i], Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(tx app.WriteTx, doc int, who string, start, end int, label string) error {
		_, err := tx.AddSpan(ctx, ids[doc], who, model.Span{Start: start, End: end, Label: label})
		return err
	}
	err := st.Write(ctx, func(tx app.WriteTx) error {
		return errors.Join(
			add(tx, 0, "alice", 0, 5, "ACTOR"), add(tx, 0, "alice", 10, 17, "ACTOR"), add(tx, 0, "alice", 21, 27, "PLACE"),
			tx.SetStatus(ctx, ids[0], "alice", model.StatusDone),
			add(tx, 0, "bob", 0, 5, "ACTOR"), add(tx, 0, "bob", 21, 27, "FIGURE"),
			add(tx, 0, "carol", 0, 5, "ACTOR"), tx.SetStatus(ctx, ids[0], "carol", model.StatusSkipped),
			add(tx, 0, model.GoldAnnotator, 0, 5, "ACTOR"), add(tx, 0, model.GoldAnnotator, 21, 27, "PLACE"),
			tx.SetStatus(ctx, ids[0], model.GoldAnnotator, model.StatusDone),
			add(tx, 1, "alice", 0, 18, "FIGURE"), tx.SetStatus(ctx, ids[1], "alice", model.StatusDone),
			tx.SetStatus(ctx, ids[1], "bob", model.StatusDone),
			tx.SetNote(ctx, ids[2], "alice", "later"),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Agreement measured on a team database is what the project file gives
// for the same work: every label, one label, reviewed documents only, and
// an unknown label refused alike.
func TestAgreementAsSQLite(t *testing.T) {
	ctx := context.Background()
	lite, err := storage.Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), storage.OpenOptions{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	team := open(t)
	fillAgreement(t, lite)
	fillAgreement(t, team)
	for _, c := range []struct {
		name     string
		opts     agree.Options
		reviewed bool
		batch    int // documents AgreementSets reads at a time; 0 for its own
	}{
		{"all", agree.Options{}, false, 0},
		{"all, a document a batch", agree.Options{}, false, 1},
		{"ACTOR", agree.Options{Label: "ACTOR"}, false, 0},
		{"reviewed", agree.Options{}, true, 0},
		{"unknown label", agree.Options{Label: "WEAPON"}, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.batch > 0 {
				defer postgres.SetBatches(c.batch)()
			}
			want, wantErr := app.Agreement(ctx, lite, c.opts, c.reviewed)
			got, err := app.Agreement(ctx, team, c.opts, c.reviewed)
			if model.ErrorCode(err) != model.ErrorCode(wantErr) {
				t.Fatalf("error %v, want %v as the project file", err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("report\n%+v\nwant the project file's\n%+v", got, want)
			}
		})
	}
	if got, err := app.Agreement(ctx, team, agree.Options{}, false); err != nil || reflect.DeepEqual(got, agree.Report{}) {
		t.Errorf("the team database's report is empty (%v): the comparison would prove nothing", err)
	}
}
