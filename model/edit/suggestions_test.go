package edit_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// sugTexts are the documents of the suggestion tests: Moscow in three of
// them, once after an emoji so that offsets count code points.
var sugTexts = map[string]string{
	"d1": texts["d1"],
	"d2": "Erdoğan flew from Moscow to Ankara.",
	"d3": "Moscow 😀 Moscow, and Muscovites.",
}

// sugStore is fakeStore with suggestions, under the rules storage keeps:
// accepting makes a span with the suggestion's ID, a duplicate restore is
// ECONFLICT, unknown IDs are ENOTFOUND.
type sugStore struct {
	*fakeStore
	smu  sync.Mutex
	sugs map[string]map[string][]model.Suggestion // document → annotator → suggestions
	fail func(op string) error
}

var _ edit.SuggestionStore = (*sugStore)(nil)

func newSugStore() *sugStore {
	return &sugStore{
		fakeStore: &fakeStore{texts: sugTexts, sets: map[string]map[string]*fakeSet{}},
		sugs:      map[string]map[string][]model.Suggestion{},
	}
}

// sugOn is a suggestion over the nth (0-based) occurrence of phrase.
func sugOn(tb testing.TB, id, doc, phrase string, nth int, label string, source model.SuggestionSource) model.Suggestion {
	tb.Helper()
	text := sugTexts[doc]
	at := -1
	for range nth + 1 {
		i := strings.Index(text[at+1:], phrase)
		if i < 0 {
			tb.Fatalf("%q is not %d times in %s", phrase, nth+1, doc)
		}
		at += 1 + i
	}
	start := model.RuneLen(text[:at])
	return model.Suggestion{ID: id, Start: start, End: start + model.RuneLen(phrase), Label: label, Source: source}
}

func (s *sugStore) failure(op string) error {
	if s.fail == nil {
		return nil
	}
	return s.fail(op)
}

func (s *sugStore) suggest(doc, ann string, list ...model.Suggestion) {
	s.smu.Lock()
	defer s.smu.Unlock()
	if s.sugs[doc] == nil {
		s.sugs[doc] = map[string][]model.Suggestion{}
	}
	s.sugs[doc][ann] = append(s.sugs[doc][ann], list...)
}

func (s *sugStore) spansOf(doc, ann string) []model.Span {
	s.fakeStore.mu.Lock()
	defer s.fakeStore.mu.Unlock()
	if set := s.sets[doc][ann]; set != nil {
		return slices.Clone(set.spans)
	}
	return nil
}

func (s *sugStore) Suggestions(ctx context.Context, doc, ann string) ([]model.Suggestion, error) {
	spans := s.spansOf(doc, ann)
	s.smu.Lock()
	defer s.smu.Unlock()
	var list []model.Suggestion
	for _, g := range s.sugs[doc][ann] {
		if !slices.ContainsFunc(spans, g.Span().SameAs) {
			list = append(list, g)
		}
	}
	sortSuggestions(list)
	return list, nil
}

// sortSuggestions puts suggestions in text order.
func sortSuggestions(list []model.Suggestion) {
	slices.SortFunc(list, func(a, b model.Suggestion) int { return model.CompareSpans(a.Span(), b.Span()) })
}

// take removes the suggestion with id and returns it.
func (s *sugStore) take(doc, ann, id string) (model.Suggestion, error) {
	s.smu.Lock()
	defer s.smu.Unlock()
	list := s.sugs[doc][ann]
	i := slices.IndexFunc(list, func(g model.Suggestion) bool { return g.ID == id })
	if i < 0 {
		return model.Suggestion{}, model.Errorf(model.ENOTFOUND, "no suggestion %s", id)
	}
	g := list[i]
	s.sugs[doc][ann] = slices.Delete(list, i, i+1)
	return g, nil
}

func (s *sugStore) AcceptSuggestion(ctx context.Context, doc, ann, id string) (model.Span, error) {
	if err := s.failure("AcceptSuggestion"); err != nil {
		return model.Span{}, err
	}
	g, err := s.take(doc, ann, id)
	if err != nil {
		return model.Span{}, err
	}
	span, err := s.AddSpan(ctx, doc, ann, model.Span{ID: g.ID, Start: g.Start, End: g.End, Label: g.Label, Origin: model.OriginSuggestion})
	if err != nil {
		s.suggest(doc, ann, g)
	}
	return span, err
}

func (s *sugStore) RejectSuggestion(ctx context.Context, doc, ann, id string) error {
	if err := s.failure("RejectSuggestion"); err != nil {
		return err
	}
	_, err := s.take(doc, ann, id)
	return err
}

func (s *sugStore) RestoreSuggestion(ctx context.Context, doc, ann string, g model.Suggestion) error {
	if err := s.failure("RestoreSuggestion"); err != nil {
		return err
	}
	if err := g.Source.Validate(); err != nil {
		return err
	}
	if _, ok := s.texts[doc]; !ok {
		return model.Errorf(model.ENOTFOUND, "no document %s", doc)
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	if slices.ContainsFunc(s.sugs[doc][ann], func(o model.Suggestion) bool { return o.ID == g.ID || o.Span().SameAs(g.Span()) }) {
		return model.Errorf(model.ECONFLICT, "suggestion %s is there already", g.ID)
	}
	if s.sugs[doc] == nil {
		s.sugs[doc] = map[string][]model.Suggestion{}
	}
	s.sugs[doc][ann] = append(s.sugs[doc][ann], g)
	return nil
}

func (s *sugStore) AcceptSuggestions(ctx context.Context, doc, ann string) ([]model.Span, error) {
	pending, _ := s.Suggestions(ctx, doc, ann)
	candidates := make([]model.Span, len(pending))
	for i, g := range pending {
		candidates[i] = g.Span()
	}
	var accepted []model.Span
	for _, g := range suggest.Resolve(candidates, s.spansOf(doc, ann), s.allowOverlap) {
		span, err := s.AcceptSuggestion(ctx, doc, ann, g.ID)
		if err != nil {
			return nil, err
		}
		accepted = append(accepted, span)
	}
	return accepted, nil
}

func (s *sugStore) UnacceptSuggestions(ctx context.Context, doc, ann string, list []model.Suggestion) error {
	if err := s.failure("UnacceptSuggestions"); err != nil {
		return err
	}
	for _, g := range list {
		if _, set, _ := s.find(g.ID); set == nil {
			return model.Errorf(model.ENOTFOUND, "no span %s", g.ID)
		}
	}
	for _, g := range list {
		if err := s.DeleteSpan(ctx, g.ID); err != nil {
			return err
		}
		if err := s.RestoreSuggestion(ctx, doc, ann, g); err != nil {
			return err
		}
	}
	return nil
}

func (s *sugStore) docs() []string {
	ids := make([]string, 0, len(s.texts))
	for id := range s.texts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// labelAll is what package app's label all does: it finds every
// whole-token occurrence that fits and adds them.
func (s *sugStore) labelAll(ctx context.Context, ann, phrase, label, except string) ([]model.LabeledSpan, error) {
	var found []model.LabeledSpan
	for _, doc := range s.docs() {
		if doc == except {
			continue
		}
		text := s.texts[doc]
		for _, sp := range suggest.LabelPhrase(text, tokenize.Tokenize(text), phrase, label, s.spansOf(doc, ann), s.allowOverlap) {
			found = append(found, model.LabeledSpan{DocumentID: doc, Span: sp})
		}
	}
	return s.AddLabeledSpans(ctx, ann, found)
}

// unlabelAll is what package app's remove all does.
func (s *sugStore) unlabelAll(ctx context.Context, ann, phrase, label string) ([]model.LabeledSpan, error) {
	var found []model.LabeledSpan
	for _, doc := range s.docs() {
		for _, sp := range suggest.Labeled(s.texts[doc], s.spansOf(doc, ann), phrase, label) {
			found = append(found, model.LabeledSpan{DocumentID: doc, Span: sp})
		}
	}
	return found, s.DeleteLabeledSpans(ctx, ann, found)
}

func (s *sugStore) AddLabeledSpans(ctx context.Context, ann string, spans []model.LabeledSpan) ([]model.LabeledSpan, error) {
	if err := s.failure("AddLabeledSpans"); err != nil {
		return nil, err
	}
	var stored []model.LabeledSpan
	for _, ls := range spans {
		before := s.status(ls.DocumentID, ann)
		sp, err := s.AddSpan(ctx, ls.DocumentID, ann, ls.Span)
		if err != nil {
			for _, done := range stored { // all or nothing, as in a transaction
				s.DeleteSpan(ctx, done.Span.ID)
				if done.Started {
					s.SetStatus(ctx, done.DocumentID, ann, model.StatusTodo)
				}
			}
			return nil, err
		}
		stored = append(stored, model.LabeledSpan{DocumentID: ls.DocumentID, Span: sp, Started: before == model.StatusTodo})
	}
	return stored, nil
}

func (s *sugStore) DeleteLabeledSpans(ctx context.Context, ann string, spans []model.LabeledSpan) error {
	if err := s.failure("DeleteLabeledSpans"); err != nil {
		return err
	}
	for _, ls := range spans {
		if _, set, _ := s.find(ls.Span.ID); set == nil {
			return model.Errorf(model.ENOTFOUND, "no span %s", ls.Span.ID)
		}
	}
	for _, ls := range spans {
		if err := s.DeleteSpan(ctx, ls.Span.ID); err != nil {
			return err
		}
		if ls.Started && s.status(ls.DocumentID, ann) == model.StatusInProgress {
			if err := s.SetStatus(ctx, ls.DocumentID, ann, model.StatusTodo); err != nil {
				return err
			}
		}
	}
	return nil
}

// sugDump renders the suggestions after the spans and statuses.
func (s *sugStore) sugDump() string {
	out := s.dump()
	s.smu.Lock()
	defer s.smu.Unlock()
	var lines []string
	for doc, byAnn := range s.sugs {
		for ann, list := range byAnn {
			if len(list) == 0 {
				continue
			}
			list = slices.Clone(list)
			sortSuggestions(list)
			var b strings.Builder
			fmt.Fprintf(&b, "suggested %s/%s:", doc, ann)
			for _, g := range list {
				fmt.Fprintf(&b, " %s[%d,%d)%s %s;", g.ID, g.Start, g.End, g.Label, g.Source)
			}
			lines = append(lines, b.String())
		}
	}
	sort.Strings(lines)
	return strings.Join(append([]string{out}, lines...), "\n")
}

func checkSugState(tb testing.TB, s *sugStore, step, want string) {
	tb.Helper()
	if got := s.sugDump(); got != want {
		tb.Fatalf("after %s the store holds\n%s\nwant\n%s", step, got, want)
	}
}

func TestAcceptSuggestion(t *testing.T) {
	s := newSugStore()
	moscow := sugOn(t, "g1", "d2", "Moscow", 0, "PLACE", "patterns")
	s.suggest("d2", alice, moscow, sugOn(t, "g2", "d2", "Ankara", 0, "PLACE", "dictionary"))
	h := edit.NewHistory(s, 0)
	const before = "\nsuggested d2/alice: g1[18,24)PLACE patterns; g2[28,34)PLACE dictionary;"
	checkSugState(t, s, "seeding", before)

	mustDo(t, h, edit.AcceptSuggestion("d2", alice, moscow, "Moscow"))
	const accepted = `d2/alice in_progress: g1[18,24)PLACE note="" origin=suggestion;` + "\nsuggested d2/alice: g2[28,34)PLACE dictionary;"
	checkSugState(t, s, "accept", accepted)
	checkStack(t, h, "accept PLACE “Moscow”", "")

	mustUndo(t, h)
	checkSugState(t, s, "undo", before) // the status is todo again, so the set is left out
	mustRedo(t, h)
	checkSugState(t, s, "redo", accepted) // the same span ID

	t.Run("StatusItDidNotChange", func(t *testing.T) {
		s := newSugStore()
		s.seed(t, "d2", alice, model.StatusDone)
		s.suggest("d2", alice, moscow)
		h := edit.NewHistory(s, 0)
		mustDo(t, h, edit.AcceptSuggestion("d2", alice, moscow, "Moscow"))
		mustUndo(t, h)
		checkSugState(t, s, "accept and undo on a done document", "d2/alice done:\nsuggested d2/alice: g1[18,24)PLACE patterns;")
	})

	t.Run("Conflict", func(t *testing.T) {
		s := newSugStore()
		s.seed(t, "d2", alice, model.StatusInProgress, model.Span{ID: "a", Start: 18, End: 27, Label: "ACTOR", Origin: model.OriginManual})
		s.suggest("d2", alice, moscow)
		h := edit.NewHistory(s, 0)
		if err := h.Do(context.Background(), edit.AcceptSuggestion("d2", alice, moscow, "Moscow")); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("accepting an overlap: %v", err)
		}
		checkStack(t, h, "", "")
	})

	t.Run("UndoRefused", func(t *testing.T) {
		s := newSugStore()
		s.suggest("d2", alice, moscow)
		h := edit.NewHistory(s, 0)
		mustDo(t, h, edit.AcceptSuggestion("d2", alice, moscow, "Moscow"))
		s.fail = func(op string) error {
			if op == "UnacceptSuggestions" {
				return model.Errorf(model.ECONFLICT, "changed elsewhere")
			}
			return nil
		}
		if _, err := h.Undo(context.Background()); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("undo: %v", err)
		}
		checkStack(t, h, "accept PLACE “Moscow”", "")
		checkSugState(t, s, "refused undo", `d2/alice in_progress: g1[18,24)PLACE note="" origin=suggestion;`)
	})
}

func TestRejectSuggestion(t *testing.T) {
	s := newSugStore()
	g := sugOn(t, "g1", "d3", "Moscow", 1, "PLACE", "figures")
	s.suggest("d3", alice, g)
	h := edit.NewHistory(s, 0)
	const before = "\nsuggested d3/alice: g1[9,15)PLACE figures;"
	checkSugState(t, s, "seeding", before)

	mustDo(t, h, edit.RejectSuggestion("d3", alice, g, "Moscow"))
	checkSugState(t, s, "reject", "")
	checkStack(t, h, "reject PLACE “Moscow”", "")
	mustUndo(t, h)
	checkSugState(t, s, "undo", before)
	mustRedo(t, h)
	checkSugState(t, s, "redo", "")

	if err := h.Do(context.Background(), edit.RejectSuggestion("d3", alice, g, "Moscow")); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("rejecting twice: %v", err)
	}
}

func TestAcceptAllSuggestions(t *testing.T) {
	s := newSugStore()
	s.seed(t, "d3", alice, model.StatusTodo, model.Span{ID: "m", Start: 0, End: 6, Label: "ACTOR", Origin: model.OriginManual})
	s.suggest("d3", alice,
		sugOn(t, "g1", "d3", "Moscow", 0, "PLACE", "patterns"), // overlaps alice's span: stays
		sugOn(t, "g2", "d3", "Moscow", 1, "PLACE", "patterns"),
		sugOn(t, "g3", "d3", "Moscow, and", 0, "ACTOR", "dictionary"), // overlaps g2 and is longer: wins
		sugOn(t, "g4", "d3", "Muscovites", 0, "PLACE", "dictionary"),
	)
	h := edit.NewHistory(s, 0)
	before := s.sugDump()
	cmd := edit.AcceptAllSuggestions("d3", alice)
	if cmd.Describe() != "accept all suggestions" || cmd.Changed() != nil {
		t.Fatalf("before Do: %q %v", cmd.Describe(), cmd.Changed())
	}
	mustDo(t, h, cmd)
	const accepted = `d3/alice in_progress: m[0,6)ACTOR note="" origin=manual; g3[9,20)ACTOR note="" origin=suggestion; g4[21,31)PLACE note="" origin=suggestion;` +
		"\nsuggested d3/alice: g1[0,6)PLACE patterns; g2[9,15)PLACE patterns;"
	checkSugState(t, s, "accept all", accepted)
	checkStack(t, h, "accept 2 suggestions", "")
	if n := len(cmd.Changed()); n != 2 || cmd.Changed()[0].DocumentID != "d3" {
		t.Fatalf("changed %v", cmd.Changed())
	}

	mustUndo(t, h)
	checkSugState(t, s, "undo", before)
	if got := s.status("d3", alice); got != model.StatusTodo {
		t.Fatalf("status after undo %s", got)
	}
	mustRedo(t, h)
	checkSugState(t, s, "redo", accepted)

	t.Run("Nothing", func(t *testing.T) {
		s := newSugStore()
		h := edit.NewHistory(s, 0)
		cmd := edit.AcceptAllSuggestions("d1", alice)
		mustDo(t, h, cmd)
		if len(cmd.Changed()) != 0 || cmd.Describe() != "accept all suggestions" {
			t.Fatalf("%q %v", cmd.Describe(), cmd.Changed())
		}
		mustUndo(t, h)
	})
}

// sugLabelAll finds and adds as package app's label all does, on a
// sugStore.
func sugLabelAll(ann, phrase, label, except string) edit.Find {
	return func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		return st.(*sugStore).labelAll(ctx, ann, phrase, label, except)
	}
}

// sugUnlabelAll finds and deletes as package app's remove all does.
func sugUnlabelAll(ann, phrase, label string) edit.Find {
	return func(ctx context.Context, st edit.SuggestionStore) ([]model.LabeledSpan, error) {
		return st.(*sugStore).unlabelAll(ctx, ann, phrase, label)
	}
}

func TestLabelAll(t *testing.T) {
	s := newSugStore()
	// alice has Moscow in d1 already and "Erdoğan flew from Moscow" as one
	// ACTOR span in d2, which a PLACE span would overlap.
	s.seed(t, "d1", alice, model.StatusInProgress, model.Span{ID: "m1", Start: 23, End: 29, Label: "PLACE", Origin: model.OriginManual})
	s.seed(t, "d2", alice, model.StatusDone, model.Span{ID: "m2", Start: 0, End: 24, Label: "ACTOR", Origin: model.OriginManual})
	h := edit.NewHistory(s, 0)
	before := s.sugDump()

	cmd := edit.LabelAll(alice, "Moscow", "PLACE", sugLabelAll(alice, "Moscow", "PLACE", "d1"))
	mustDo(t, h, cmd)
	const labeled = `d1/alice in_progress: m1[23,29)PLACE note="" origin=manual;` +
		"\n" + `d2/alice done: m2[0,24)ACTOR note="" origin=manual;` +
		"\n" + `d3/alice in_progress: span-1[0,6)PLACE note="" origin=manual; span-2[9,15)PLACE note="" origin=manual;`
	checkSugState(t, s, "label all", labeled)
	checkStack(t, h, "label all “Moscow” PLACE", "")
	if changed := cmd.Changed(); len(changed) != 2 || !changed[0].Started || changed[1].Started {
		t.Fatalf("changed %+v", changed)
	}

	mustUndo(t, h)
	checkSugState(t, s, "undo", before) // d3 back to todo
	mustRedo(t, h)
	checkSugState(t, s, "redo", labeled) // the same IDs, not new ones

	// Remove PLACE from every Moscow, d1's too.
	un := edit.UnlabelAll(alice, "Moscow", "PLACE", sugUnlabelAll(alice, "Moscow", "PLACE"))
	mustDo(t, h, un)
	const unlabeled = `d1/alice in_progress:` + "\n" + `d2/alice done: m2[0,24)ACTOR note="" origin=manual;` + "\n" + `d3/alice in_progress:`
	checkSugState(t, s, "remove all", unlabeled)
	checkStack(t, h, "remove PLACE from all “Moscow”", "")
	if len(un.Changed()) != 3 {
		t.Fatalf("removed %+v", un.Changed())
	}
	mustUndo(t, h)
	checkSugState(t, s, "undo remove all", labeled)
	mustRedo(t, h)
	checkSugState(t, s, "redo remove all", unlabeled)

	// Undo all the way, redo all the way.
	mustUndo(t, h)
	mustUndo(t, h)
	checkSugState(t, s, "undo all", before)
	mustRedo(t, h)
	mustRedo(t, h)
	checkSugState(t, s, "redo all", unlabeled)

	t.Run("RedoRefused", func(t *testing.T) {
		s := newSugStore()
		h := edit.NewHistory(s, 0)
		mustDo(t, h, edit.LabelAll(alice, "Moscow", "PLACE", sugLabelAll(alice, "Moscow", "PLACE", "")))
		mustUndo(t, h)
		// Another window labels one of the places meanwhile: the redo adds
		// exactly what it added before, which now conflicts, so nothing.
		s.seed(t, "d3", alice, model.StatusTodo, model.Span{ID: "x", Start: 0, End: 6, Label: "PLACE", Origin: model.OriginManual})
		if _, err := h.Redo(context.Background()); model.ErrorCode(err) != model.ECONFLICT {
			t.Fatalf("redo: %v", err)
		}
		checkSugState(t, s, "refused redo", `d3/alice todo: x[0,6)PLACE note="" origin=manual;`)
		checkStack(t, h, "", "label all “Moscow” PLACE")
	})
}

// The open document's other occurrences, as suggest.Occurrences finds
// them, are added and removed as one step.
func TestAddAndDeleteSpans(t *testing.T) {
	s := newSugStore()
	h := edit.NewHistory(s, 0)
	text := sugTexts["d3"]
	mustDo(t, h, edit.AddSpan("d3", alice, model.Span{ID: "first", Start: 0, End: 6, Label: "PLACE"}, "Moscow"))
	var others []model.LabeledSpan
	for _, sp := range suggest.Occurrences(text, tokenize.Tokenize(text), 0, 6, "PLACE", s.spansOf("d3", alice), false) {
		others = append(others, model.LabeledSpan{DocumentID: "d3", Span: sp})
	}
	add := edit.AddSpans(alice, others, "label 1 more “Moscow” PLACE")
	mustDo(t, h, add)
	const both = `d3/alice in_progress: first[0,6)PLACE note="" origin=manual; span-1[9,15)PLACE note="" origin=manual;`
	checkSugState(t, s, "add", both)
	if len(add.Changed()) != 1 || add.Changed()[0].Span.ID != "span-1" || add.Changed()[0].Started {
		t.Fatalf("changed %+v", add.Changed())
	}
	mustUndo(t, h)
	mustRedo(t, h)
	checkSugState(t, s, "undo and redo", both)

	var labeled []model.LabeledSpan
	for _, sp := range suggest.Labeled(text, s.spansOf("d3", alice), "Moscow", "PLACE") {
		labeled = append(labeled, model.LabeledSpan{DocumentID: "d3", Span: sp})
	}
	mustDo(t, h, edit.DeleteSpans(alice, labeled, "remove PLACE from “Moscow” here"))
	checkSugState(t, s, "delete", "d3/alice in_progress:")
	mustUndo(t, h)
	checkSugState(t, s, "undo delete", both)
	checkStack(t, h, "label 1 more “Moscow” PLACE", "remove PLACE from “Moscow” here")
}

func TestStoreWithoutSuggestions(t *testing.T) {
	h := edit.NewHistory(newFake(), 0)
	for _, cmd := range []edit.Command{
		edit.AcceptSuggestion("d1", alice, model.Suggestion{ID: "g"}, ""),
		edit.RejectSuggestion("d1", alice, model.Suggestion{ID: "g"}, ""),
		edit.AcceptAllSuggestions("d1", alice),
		edit.LabelAll(alice, "Moscow", "PLACE", sugLabelAll(alice, "Moscow", "PLACE", "")),
		edit.UnlabelAll(alice, "Moscow", "PLACE", sugUnlabelAll(alice, "Moscow", "PLACE")),
	} {
		if err := h.Do(context.Background(), cmd); model.ErrorCode(err) != model.EINTERNAL {
			t.Fatalf("%s: err = %v", cmd.Describe(), err)
		}
	}
	checkStack(t, h, "", "")
}
