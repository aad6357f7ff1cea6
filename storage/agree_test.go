package storage_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/storage"
)

// agreeNews is tokenized as
//
//	Putin met   Erdogan in      Moscow  on      Thursday .
//	[0,5) [6,9) [10,17) [18,20) [21,27) [28,30) [31,39)  [39,40)
//
// the text of model/agree's tests, whose figures are worked out there.
const agreeNews = "Putin met Erdogan in Moscow on Thursday."

// agreeSet gives annotator a set with these spans and status on a document.
func agreeSet(tb testing.TB, db *storage.DB, docID, annotator string, status model.Status, list ...model.Span) {
	tb.Helper()
	ctx := context.Background()
	for _, s := range list {
		if _, err := db.AddSpan(ctx, docID, annotator, s); err != nil {
			tb.Fatal(err)
		}
	}
	if err := db.SetStatus(ctx, docID, annotator, status); err != nil {
		tb.Fatal(err)
	}
}

// agreeProject holds four documents whose sets test which ones count:
//
//	d1 agreeNews     alice, bob in progress; gold reviewed (alice's spans)
//	d2 "Erdogan spoke."  alice done, bob in progress, both Erdogan;
//	                 gold in review, the same
//	d3 another text  alice in progress; bob skipped, carol todo (a note)
//	d4 another text  alice in progress; gold unreviewed
//
// so that people's sets count in progress or done, and gold in review or
// reviewed.
func agreeProject(tb testing.TB) (db *storage.DB, d1, d2 string) {
	tb.Helper()
	ctx := context.Background()
	db = mustOpen(tb)
	d1 = mustAddDocument(tb, db, agreeNews)
	d2 = mustAddDocument(tb, db, "Erdogan spoke.")
	d3 := mustAddDocument(tb, db, "Erdogan spoke in Ankara.")
	d4 := mustAddDocument(tb, db, "Moscow is cold.")
	erdogan := span(0, 7, "ACTOR")
	// Sets made out of document order: bob's d2 first.
	agreeSet(tb, db, d2, "bob", model.StatusInProgress, erdogan)
	agreeSet(tb, db, d1, "alice", model.StatusInProgress, span(0, 5, "ACTOR"), span(10, 17, "ACTOR"), span(21, 27, "PLACE"))
	agreeSet(tb, db, d1, "bob", model.StatusInProgress, span(0, 5, "ACTOR"), span(10, 17, "PLACE"), span(18, 27, "PLACE"), span(31, 39, "FIGURE"))
	agreeSet(tb, db, d2, "alice", model.StatusDone, erdogan)
	agreeSet(tb, db, d1, model.GoldAnnotator, model.ReviewReviewed.Status(), span(0, 5, "ACTOR"), span(10, 17, "ACTOR"), span(21, 27, "PLACE"))
	agreeSet(tb, db, d2, model.GoldAnnotator, model.ReviewInReview.Status(), erdogan)
	agreeSet(tb, db, d3, "alice", model.StatusInProgress, erdogan)
	agreeSet(tb, db, d3, "bob", model.StatusSkipped, span(0, 7, "PLACE"))
	if err := db.SetNote(ctx, d3, "carol", "later"); err != nil {
		tb.Fatal(err)
	}
	agreeSet(tb, db, d4, "alice", model.StatusInProgress, span(0, 6, "PLACE"))
	agreeSet(tb, db, d4, model.GoldAnnotator, model.ReviewUnreviewed.Status(), span(0, 6, "PLACE"))
	return db, d1, d2
}

func agreeNear(tb testing.TB, what string, got, want float64) {
	tb.Helper()
	if math.Abs(got-want) > 1e-9 {
		tb.Fatalf("%s = %.6f, want %.6f", what, got, want)
	}
}

// agreeAliceBob runs Agreement and checks that its one pair, alice and
// bob, shares documents documents.
func agreeAliceBob(tb testing.TB, db *storage.DB, opts agree.Options, reviewed bool, documents int) (agree.Report, agree.Pair) {
	tb.Helper()
	r, err := app.Agreement(context.Background(), db, opts, reviewed)
	if err != nil {
		tb.Fatal(err)
	}
	if len(r.Pairs) != 1 || r.Pairs[0].A != "alice" || r.Pairs[0].B != "bob" {
		tb.Fatalf("pairs = %+v, want alice-bob only", r.Pairs)
	}
	if got, want := r.Pairs[0].Documents, documents; got != want {
		tb.Fatalf("documents = %d, want %d", got, want)
	}
	return r, r.Pairs[0]
}

func TestAgreement(t *testing.T) {
	db, d1, d2 := agreeProject(t)
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		// d1 and d2: d3 has bob's skipped set only.
		r, p := agreeAliceBob(t, db, agree.Options{}, false, 2)
		// carol's todo set does not count, so she is no annotator here.
		if got, want := r.Annotators, []string{"alice", "bob"}; !slices.Equal(got, want) {
			t.Fatalf("annotators = %v, want %v", got, want)
		}
		// model/agree's TestMicroAverage: exact d1 3 + 4 spans, 1 match,
		// d2 1 + 1, 1 match: F1 = 2·2 / 9. Tokens 8 + 3, κ = 4/7.
		agreeNear(t, "span_f1", p.SpanF1, 4.0/9)
		agreeNear(t, "token_kappa", p.TokenKappa, 4.0/7)
		if got, want := p.Tokens, 11; got != want {
			t.Fatalf("tokens = %d, want %d", got, want)
		}
		// Overlap adds alice's Moscow against bob's "in Moscow" on d1:
		// F1 = 2·3 / 9.
		agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 6.0/9)
		if r.Fleiss != nil {
			t.Fatalf("fleiss = %+v with two annotators", r.Fleiss)
		}
		// Worst first, by document UUID: d1 at 2/7, d2 at 1.
		if len(r.Documents) != 2 || r.Documents[0].ID != d1 || r.Documents[1].ID != d2 {
			t.Fatalf("documents = %+v, want d1 %s then d2 %s", r.Documents, d1, d2)
		}
		agreeNear(t, "d1 agreement", r.Documents[0].Agreement, 2.0/7)

		// Gold on d1 (reviewed) and d2 (in review), not d4 (unreviewed).
		if len(r.Gold) != 2 {
			t.Fatalf("gold = %+v, want alice and bob", r.Gold)
		}
		alice, bob := r.Gold[0], r.Gold[1]
		if alice.Annotator != "alice" || alice.Documents != 2 || alice.Score != (agree.Score{Precision: 1, Recall: 1, F1: 1, TP: 4}) {
			t.Fatalf("alice against gold = %+v, want 2 documents, all 4 spans right", alice)
		}
		// bob: d1 1 of his 4 against gold's 3, d2 1 of 1: TP 2, FP 3,
		// FN 2. P = 2/5, R = 2/4, F1 = 2·2 / (5 + 4) = 4/9.
		if bob.Documents != 2 || bob.TP != 2 || bob.FP != 3 || bob.FN != 2 {
			t.Fatalf("bob against gold = %+v", bob)
		}
		agreeNear(t, "bob precision", bob.Precision, 2.0/5)
		agreeNear(t, "bob recall", bob.Recall, 2.0/4)
		agreeNear(t, "bob f1", bob.F1, 4.0/9)
	})

	t.Run("Reviewed", func(t *testing.T) {
		// Only d1, the figures of model/agree's TestTwoAnnotators and
		// TestGold.
		r, p := agreeAliceBob(t, db, agree.Options{}, true, 1)
		agreeNear(t, "span_f1", p.SpanF1, 2.0/7)
		agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 4.0/7)
		agreeNear(t, "token_kappa", p.TokenKappa, 5.0/11)
		if len(r.Documents) != 1 || r.Documents[0].ID != d1 {
			t.Fatalf("documents = %+v, want d1 only", r.Documents)
		}
		if len(r.Gold) != 2 || r.Gold[1].Documents != 1 {
			t.Fatalf("gold = %+v, want alice and bob on one document", r.Gold)
		}
		// bob: P = 1/4, R = 1/3, F1 = 2·1 / (4 + 3).
		agreeNear(t, "bob f1", r.Gold[1].F1, 2.0/7)
	})

	t.Run("Label", func(t *testing.T) {
		// Both documents still count: on d2 neither has a PLACE.
		_, p := agreeAliceBob(t, db, agree.Options{Label: "PLACE"}, false, 2)
		// alice's Moscow against bob's Erdogan and "in Moscow": exact
		// 0, overlap 1: F1 0, overlap F1 2·1 / 3.
		agreeNear(t, "span_f1", p.SpanF1, 0)
		agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 2.0/3)
		// PLACE or not over 11 tokens: both 1 (Moscow), only bob 2
		// (Erdogan, in), neither 8. p_o = 9/11; alice 1 PLACE, bob 3:
		// p_e = (1·3 + 10·8) / 121 = 83/121; κ = (99 − 83) / (121 − 83) = 16/38.
		agreeNear(t, "token_kappa", p.TokenKappa, 16.0/38)
		if _, ok := p.PerLabel["ACTOR"]; ok {
			t.Fatalf("per_label = %v, want PLACE only", p.PerLabel)
		}
	})

	t.Run("LabelReviewed", func(t *testing.T) {
		// The label's argument comes before the filter's in the query.
		_, p := agreeAliceBob(t, db, agree.Options{Label: "PLACE"}, true, 1)
		// d1 alone: model/agree's TestLabelFilter, κ = 10/26.
		agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 2.0/3)
		agreeNear(t, "token_kappa", p.TokenKappa, 10.0/26)
	})

	t.Run("ErrUnknownLabel", func(t *testing.T) {
		_, err := app.Agreement(ctx, db, agree.Options{Label: "PERSON"}, false)
		if got, want := model.ErrorCode(err), model.ENOTFOUND; got != want {
			t.Fatalf("error %v has code %q, want %q", err, got, want)
		}
		if msg := err.Error(); !strings.Contains(msg, "PERSON") || !strings.Contains(msg, "ACTOR, PLACE, FIGURE") {
			t.Fatalf("error %q should name the label and the project's labels", msg)
		}
	})
}

func TestAgreementNothingToCompare(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, reviewed := range []bool{false, true} {
		r, err := app.Agreement(ctx, db, agree.Options{}, reviewed)
		if err != nil {
			t.Fatal(err)
		}
		if r.Pairs == nil || len(r.Pairs) != 0 || len(r.Annotators) != 0 || len(r.Gold) != 0 {
			t.Fatalf("empty project, reviewed %v: %+v, want an empty report", reviewed, r)
		}
	}
	// One annotator and gold: no pair, but a score against gold.
	d := mustAddDocument(t, db, agreeNews)
	agreeSet(t, db, d, "alice", model.StatusDone, span(0, 5, "ACTOR"))
	agreeSet(t, db, d, model.GoldAnnotator, model.ReviewReviewed.Status(), span(0, 5, "ACTOR"), span(10, 17, "ACTOR"))
	r, err := app.Agreement(ctx, db, agree.Options{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 0 || len(r.Documents) != 0 || len(r.Gold) != 1 {
		t.Fatalf("report = %+v, want alice against gold only", r)
	}
	// 1 of gold's 2: P = 1, R = 1/2, F1 = 2·1 / (1 + 2).
	agreeNear(t, "alice f1", r.Gold[0].F1, 2.0/3)
}

// TestAgreementThreeAnnotators checks the merge of sets and texts when
// documents with three, one and two people's sets follow one another.
func TestAgreementThreeAnnotators(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	both := []model.Span{span(0, 5, "ACTOR")}
	d1 := mustAddDocument(t, db, agreeNews)
	d2 := mustAddDocument(t, db, "Only alice read this.")
	d3 := mustAddDocument(t, db, "Putin spoke.")
	for _, who := range []string{"carol", "bob", "alice"} {
		agreeSet(t, db, d1, who, model.StatusDone, both...)
	}
	agreeSet(t, db, d2, "alice", model.StatusDone, span(0, 4, "ACTOR"))
	agreeSet(t, db, d3, "alice", model.StatusDone, both...)
	agreeSet(t, db, d3, "carol", model.StatusDone)
	r, err := app.Agreement(ctx, db, agree.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 3 || r.Fleiss == nil || r.Fleiss.Documents != 1 {
		t.Fatalf("pairs = %+v, fleiss = %+v; want three pairs and Fleiss over d1", r.Pairs, r.Fleiss)
	}
	// Everyone marked Putin on d1: Fleiss κ = 1 over its 8 tokens.
	agreeNear(t, "fleiss", r.Fleiss.Kappa, 1)
	if got, want := r.Fleiss.Tokens, 8; got != want {
		t.Fatalf("fleiss tokens = %d, want %d", got, want)
	}
	// alice-carol: d1 1 match of 1 + 1, d3 Putin against nothing:
	// F1 = 2·1 / (2 + 1) = 2/3; tokens 8 of d1 and 3 of d3
	// ("Putin" "spoke" ".").
	ac := r.Pairs[1]
	if ac.A != "alice" || ac.B != "carol" || ac.Documents != 2 || ac.Tokens != 11 {
		t.Fatalf("second pair = %+v, want alice-carol on 2 documents, 11 tokens", ac)
	}
	agreeNear(t, "alice-carol span_f1", ac.SpanF1, 2.0/3)
	if len(r.Documents) != 2 || r.Documents[0].ID != d3 || r.Documents[1].ID != d1 {
		t.Fatalf("documents = %+v, want d3 (0) then d1 (1)", r.Documents)
	}
}
