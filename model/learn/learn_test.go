package learn_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/tokenize"
)

// TestDeterministic: the same examples, options and seed give the same
// suggestions and confidences; another seed is allowed to differ.
func TestDeterministic(t *testing.T) {
	docs := loadRe3d(t)
	opt := learn.Options{Labels: re3dLabels, Seed: 7}
	a, err := learn.Train(docs[:20], opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := learn.Train(docs[:20], opt)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, ex := range docs[20:25] {
		sa, sb := a.Suggest(ex.Text), b.Suggest(ex.Text)
		if !slices.Equal(sa, sb) {
			t.Fatalf("two models trained with seed 7 disagree:\n%v\n%v", sa, sb)
		}
		if ua, ub := a.Uncertainty(ex.Text), b.Uncertainty(ex.Text); ua != ub {
			t.Fatalf("uncertainty %v and %v from the same seed", ua, ub)
		}
		found += len(sa)
	}
	if found == 0 {
		t.Fatal("the models suggested nothing on five documents")
	}
}

// TestReliability: on documents the model has not seen (5-fold
// cross-validation on re3d), a suggestion's confidence says how likely it
// is to be right: more confident suggestions are right more often, and the
// expected calibration error is small.
func TestReliability(t *testing.T) {
	docs := loadRe3d(t)
	type bin struct {
		n, right int
		conf     float64
	}
	var bins [5]bin
	total := 0
	for f := range 5 {
		var train, test []learn.Example
		for i, d := range docs {
			if i%5 == f {
				test = append(test, d)
			} else {
				train = append(train, d)
			}
		}
		m, err := learn.Train(train, learn.Options{Labels: re3dLabels, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range test {
			for _, s := range m.Suggest(ex.Text) {
				if s.Confidence <= 0 || s.Confidence >= 1 {
					t.Fatalf("confidence %v is not a probability", s.Confidence)
				}
				b := &bins[min(int(s.Confidence*5), 4)]
				b.n++
				b.conf += s.Confidence
				if slices.ContainsFunc(ex.Spans, s.Span().SameAs) {
					b.right++
				}
				total++
			}
		}
	}
	ece := 0.0
	lastAccuracy := -1.0
	for i, b := range bins {
		if b.n == 0 {
			continue
		}
		acc, conf := float64(b.right)/float64(b.n), b.conf/float64(b.n)
		t.Logf("confidence %.1f–%.1f: %4d suggestions, mean confidence %.2f, right %.2f", float64(i)/5, float64(i+1)/5, b.n, conf, acc)
		ece += float64(b.n) / float64(total) * math.Abs(acc-conf)
		// Bins of a few suggestions are noise; judge the order on the rest.
		if b.n >= 30 {
			if acc <= lastAccuracy {
				t.Errorf("suggestions with confidence %.1f–%.1f are right %.2f of the time, no more than the bin below (%.2f)", float64(i)/5, float64(i+1)/5, acc, lastAccuracy)
			}
			lastAccuracy = acc
		}
	}
	t.Logf("expected calibration error %.3f over %d suggestions", ece, total)
	if ece > 0.08 {
		t.Errorf("expected calibration error %.3f, want at most 0.08", ece)
	}
}

// TestRejectedSuggestionTeaches: a suggestion the annotator rejected, on a
// document not yet finished, makes the retrained model suggest it less.
func TestRejectedSuggestionTeaches(t *testing.T) {
	docs := loadRe3d(t)
	train := docs[:20]
	opt := learn.Options{Labels: re3dLabels, Seed: 1}
	before, err := learn.Train(train, opt)
	if err != nil {
		t.Fatal(err)
	}
	// The wrong suggestions on an unseen document.
	doc := docs[30]
	var wrong []learn.Suggestion
	for _, s := range before.Suggest(doc.Text) {
		if !slices.ContainsFunc(doc.Spans, s.Span().SameAs) {
			wrong = append(wrong, s)
		}
	}
	if len(wrong) == 0 {
		t.Fatal("the model made no mistake on document 31 to reject")
	}
	rejected := learn.Example{Text: doc.Text, Partial: true}
	for _, s := range wrong {
		rejected.Rejected = append(rejected.Rejected, s.Span())
	}
	after, err := learn.Train(append(slices.Clone(train), rejected), opt)
	if err != nil {
		t.Fatal(err)
	}
	still := after.Suggest(doc.Text)
	kept := 0
	for _, w := range wrong {
		i := slices.IndexFunc(still, func(s learn.Suggestion) bool { return s.Span().SameAs(w.Span()) })
		if i >= 0 {
			t.Logf("still suggested: %s %q, confidence %.2f, was %.2f", w.Label, string([]rune(doc.Text)[w.Start:w.End]), still[i].Confidence, w.Confidence)
			kept++
			if still[i].Confidence > w.Confidence {
				t.Errorf("rejected %s [%d, %d) came back more confident: %.2f, was %.2f", w.Label, w.Start, w.End, still[i].Confidence, w.Confidence)
			}
		}
	}
	t.Logf("%d rejected suggestions, %d still suggested after retraining", len(wrong), kept)
	if kept == len(wrong) {
		t.Errorf("all %d rejected suggestions are still suggested", kept)
	}
}

// TestOverlapOneTaggerPerLabel: where the project allows overlaps, the model
// suggests a span inside another of a different label.
func TestOverlapOneTaggerPerLabel(t *testing.T) {
	sentences := []string{
		"The New York Police arrested two men.",
		"Officers of the New York Police said nothing.",
		"A spokesman for the New York Police declined to comment.",
		"The Boston Police arrested a man.",
		"The Chicago Police opened an inquiry.",
	}
	var examples []learn.Example
	for _, s := range sentences {
		ex := learn.Example{Text: s}
		for _, city := range []string{"New York", "Boston", "Chicago"} {
			if i := strings.Index(s, city+" Police"); i >= 0 {
				ex.Spans = append(ex.Spans,
					model.Span{Start: i, End: i + len(city) + len(" Police"), Label: "ACTOR"},
					model.Span{Start: i, End: i + len(city), Label: "PLACE"})
			}
		}
		examples = append(examples, ex)
	}
	m, err := learn.Train(examples, learn.Options{Labels: []string{"ACTOR", "PLACE"}, AllowOverlap: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	text := "The Denver Police arrested three men."
	got := learn.Spans(m.Suggest(text))
	want := []model.Span{{Start: 4, End: 17, Label: "ACTOR"}, {Start: 4, End: 10, Label: "PLACE"}}
	for _, w := range want {
		if !slices.ContainsFunc(got, w.SameAs) {
			t.Errorf("no %s [%d, %d) in %v", w.Label, w.Start, w.End, got)
		}
	}
	if !m.AllowOverlap() {
		t.Error("the model does not say it tags overlaps")
	}
}

// TestTrainRefuses: options and examples Train cannot use are EINVALID.
func TestTrainRefuses(t *testing.T) {
	ok := []learn.Example{{Text: "Idlib is in Syria.", Spans: []model.Span{{Start: 0, End: 5, Label: "PLACE"}}}}
	cases := []struct {
		name     string
		examples []learn.Example
		opt      learn.Options
	}{
		{"no labels", ok, learn.Options{}},
		{"a label twice", ok, learn.Options{Labels: []string{"PLACE", "PLACE"}}},
		{"an empty label", ok, learn.Options{Labels: []string{""}}},
		{"negative epochs", ok, learn.Options{Labels: []string{"PLACE"}, Epochs: -1}},
		{"empty text", []learn.Example{{Text: ""}}, learn.Options{Labels: []string{"PLACE"}}},
		{"span past the text", []learn.Example{{Text: "Idlib", Spans: []model.Span{{Start: 0, End: 9, Label: "PLACE"}}}}, learn.Options{Labels: []string{"PLACE"}}},
		{"inverted rejected span", []learn.Example{{Text: "Idlib", Rejected: []model.Span{{Start: 3, End: 1, Label: "PLACE"}}}}, learn.Options{Labels: []string{"PLACE"}}},
	}
	for _, c := range cases {
		if _, err := learn.Train(c.examples, c.opt); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("%s: error %v, want %s", c.name, err, model.EINVALID)
		}
	}
	if _, err := learn.CrossValidate(ok, learn.Options{Labels: []string{"PLACE"}}, 5); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("5 folds of one document: error %v, want %s", err, model.EINVALID)
	}
	if _, err := learn.LearningCurve(ok, learn.Options{Labels: []string{"PLACE"}}, 2, []int{0}); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("a curve point of 0 documents: error %v, want %s", err, model.EINVALID)
	}
}

// TestNoExamples: a model trained on nothing suggests nothing and is
// nearly as unsure as can be (every allowed path equally likely; the BIO
// rules make I tags rarer than the others, so not quite uniform per
// token), rather than failing: the first document of a project is tagged
// before any is finished.
func TestNoExamples(t *testing.T) {
	m, err := learn.Train(nil, learn.Options{Labels: []string{"PLACE"}})
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Suggest("Idlib is in Syria."); len(s) != 0 {
		t.Errorf("an untrained model suggests %v", s)
	}
	if u := m.Uncertainty("Idlib is in Syria."); u < 0.85 {
		t.Errorf("an untrained model's uncertainty is %.3f, want near 1", u)
	}
	if u := m.Uncertainty(""); u != 0 {
		t.Errorf("uncertainty of an empty text is %v, want 0", u)
	}
}

// TestCrossValidationAndCurve: per-label scores from 5-fold
// cross-validation on re3d, and a learning curve that rises as documents
// are added.
func TestCrossValidationAndCurve(t *testing.T) {
	docs := loadRe3d(t)
	opt := learn.Options{Labels: re3dLabels, Seed: 1}
	r, err := learn.CrossValidate(docs, opt, 5)
	if err != nil {
		t.Fatal(err)
	}
	logReport(t, "5-fold", r)
	for _, l := range re3dLabels {
		s, ok := r.Label(l)
		if !ok || s.TP+s.FN == 0 {
			t.Errorf("no score for %s in %+v", l, r)
		}
	}
	gold := 0
	for _, d := range docs {
		gold += len(d.Spans)
	}
	if o := r.Overall; o.TP+o.FN != gold {
		t.Errorf("cross-validation counted %d gold spans, the documents have %d", o.TP+o.FN, gold)
	}
	if r.Overall.F1 < 0.55 {
		t.Errorf("cross-validated F1 %.3f, below 0.55", r.Overall.F1)
	}
	curve, err := learn.LearningCurve(docs, opt, 3, []int{3, 10, 30})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range curve {
		t.Logf("%2d documents: F1 %.3f", p.Documents, p.Report.Overall.F1)
	}
	if len(curve) != 3 || curve[0].Report.Overall.F1 >= curve[2].Report.Overall.F1 {
		t.Errorf("the curve does not rise from 3 to 30 documents: %+v", curve)
	}
}

// TestUncertaintyRanksUnseen: a document the model trained on is less
// uncertain than documents it has not seen, on average, so "most useful
// next" puts unseen kinds of text first.
func TestUncertaintyRanksUnseen(t *testing.T) {
	docs := loadRe3d(t)
	m, err := learn.Train(docs[:30], learn.Options{Labels: re3dLabels, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	mean := func(set []learn.Example) float64 {
		sum := 0.0
		for _, d := range set {
			u := m.Uncertainty(d.Text)
			if u < 0 || u > 1 {
				t.Fatalf("uncertainty %v outside [0, 1]", u)
			}
			sum += u
		}
		return sum / float64(len(set))
	}
	seen, unseen := mean(docs[:30]), mean(docs[30:])
	t.Logf("mean uncertainty: trained-on %.4f, unseen %.4f", seen, unseen)
	if seen >= unseen {
		t.Errorf("trained-on documents are as uncertain (%.4f) as unseen ones (%.4f)", seen, unseen)
	}
	texts := []string{docs[0].Text, docs[40].Text, docs[5].Text, docs[35].Text}
	order := m.RankByUncertainty(texts)
	if got := slices.Sorted(slices.Values(order)); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("rank of 4 texts: %v", order)
	}
	for k := 1; k < len(order); k++ {
		if m.Uncertainty(texts[order[k-1]]) < m.Uncertainty(texts[order[k]]) {
			t.Errorf("rank %v puts a less uncertain text first", order)
		}
	}
}

// TestSaveLoad: a saved model loads to one that suggests the same spans
// with the same confidences; damaged data is refused.
func TestSaveLoad(t *testing.T) {
	docs := loadRe3d(t)
	m, err := learn.Train(docs[:15], learn.Options{Labels: re3dLabels, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again, err := m.MarshalBinary()
	if err != nil || string(again) != string(data) {
		t.Fatalf("two encodings of one model differ (error %v)", err)
	}
	loaded, err := learn.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(loaded.Labels(), re3dLabels) {
		t.Errorf("labels %v after loading", loaded.Labels())
	}
	for _, ex := range docs[40:] {
		if a, b := m.Suggest(ex.Text), loaded.Suggest(ex.Text); !slices.Equal(a, b) {
			t.Fatalf("the loaded model suggests\n%v\nwhere the trained one suggested\n%v", b, a)
		}
	}
	for _, bad := range [][]byte{nil, []byte("not a model"), data[:len(data)/2]} {
		if _, err := learn.Load(bad); model.ErrorCode(err) != model.EINVALID {
			t.Errorf("loading %d bytes of damaged data: error %v, want %s", len(bad), err, model.EINVALID)
		}
	}
}

// FuzzSuggest: whatever the text, a trained model's suggestions lie inside
// it on token boundaries, in text order, with confidences in (0, 1), and
// its uncertainty is in [0, 1].
func FuzzSuggest(f *testing.F) {
	examples := []learn.Example{
		{Text: "Troops entered Idlib on Monday.", Spans: []model.Span{{Start: 0, End: 6, Label: "ACTOR"}, {Start: 15, End: 20, Label: "PLACE"}}},
		{Text: "Rebels left Idlib, and 300 civilians fled to Aleppo.", Spans: []model.Span{{Start: 0, End: 6, Label: "ACTOR"}, {Start: 12, End: 17, Label: "PLACE"}, {Start: 23, End: 26, Label: "FIGURE"}, {Start: 45, End: 51, Label: "PLACE"}}},
		{Text: "The army said 12 soldiers died near Aleppo.", Spans: []model.Span{{Start: 0, End: 8, Label: "ACTOR"}, {Start: 14, End: 16, Label: "FIGURE"}, {Start: 36, End: 42, Label: "PLACE"}}},
	}
	plain, err := learn.Train(examples, learn.Options{Labels: re3dLabels, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	overlap, err := learn.Train(examples, learn.Options{Labels: re3dLabels, Seed: 1, AllowOverlap: true})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", " ", "Idlib", "Troops entered Aleppo.\n\nRebels left.", "😀 Idlib 👍🏽 Aleppo", "日本語のテキスト Idlib", "e\u0301 Aleppo\u200d", "\"Idlib\" (Aleppo)."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		tokens := tokenize.Tokenize(text)
		for _, m := range []*learn.Model{plain, overlap} {
			found := m.Suggest(text)
			for i, s := range found {
				if _, _, ok := tokenize.Align(tokens, s.Start, s.End); !ok {
					t.Fatalf("suggestion [%d, %d) is not on token boundaries of %q", s.Start, s.End, text)
				}
				if !(s.Confidence > 0 && s.Confidence < 1) {
					t.Fatalf("confidence %v", s.Confidence)
				}
				if i > 0 && model.CompareSpans(found[i-1].Span(), s.Span()) > 0 {
					t.Fatalf("suggestions out of order: %v", found)
				}
				if !m.AllowOverlap() && i > 0 && found[i-1].Span().Overlaps(s.Span()) {
					t.Fatalf("overlapping suggestions from a model without overlaps: %v", found)
				}
			}
			if u := m.Uncertainty(text); !(u >= 0 && u <= 1) {
				t.Fatalf("uncertainty %v", u)
			}
		}
	})
}
