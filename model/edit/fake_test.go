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
)

// fakeStore keeps spans and statuses in memory under the rules storage
// enforces, so commands can be tested with no database: duplicates are
// ECONFLICT, overlaps EINVALID unless allowed, a given span ID is kept, the
// first span moves todo to in progress, unknown IDs are ENOTFOUND.
type fakeStore struct {
	mu           sync.Mutex // History serialises its calls, but tests also read state concurrently
	allowOverlap bool
	texts        map[string]string              // document ID → text
	sets         map[string]map[string]*fakeSet // document ID → annotator → set
	fail         func(op, arg string) error     // injects failures; arg is the span ID or the status
	nextID       int
}

type fakeSet struct {
	status    model.Status
	spans     []model.Span
	relations []model.Relation // fake_relations_test.go
}

var fakeLabels = model.NamesOf(model.DefaultLabels())

// texts are the documents every fake store holds.
var texts = map[string]string{
	"d1": "Putin met the mayor of Moscow on Tuesday; 34 people attended the talks in the Kremlin.",
	"d2": "Erdoğan flew to Ankara.",
}

// newFake returns a store with the documents of texts and no spans.
func newFake() *fakeStore {
	return &fakeStore{texts: texts, sets: map[string]map[string]*fakeSet{}}
}

// spanOn returns a span with id and label over the first occurrence of
// phrase in document doc, with offsets in code points as storage counts them.
func spanOn(tb testing.TB, id, doc, phrase, label string) model.Span {
	tb.Helper()
	i := strings.Index(texts[doc], phrase)
	if i < 0 {
		tb.Fatalf("%q is not in document %s", phrase, doc)
	}
	start := model.RuneLen(texts[doc][:i])
	return model.Span{ID: id, Start: start, End: start + model.RuneLen(phrase), Label: label}
}

func (f *fakeStore) failure(op, arg string) error {
	if f.fail == nil {
		return nil
	}
	return f.fail(op, arg)
}

// set finds or creates the annotator's set, as storage's annotationSet does.
func (f *fakeStore) set(doc, ann string) (*fakeSet, error) {
	if _, ok := f.texts[doc]; !ok {
		return nil, model.Errorf(model.ENOTFOUND, "no document %s", doc)
	}
	if f.sets[doc] == nil {
		f.sets[doc] = map[string]*fakeSet{}
	}
	s := f.sets[doc][ann]
	if s == nil {
		s = &fakeSet{status: model.StatusTodo}
		f.sets[doc][ann] = s
	}
	return s, nil
}

// find returns the set holding the span with id, and the span's index.
func (f *fakeStore) find(id string) (doc string, set *fakeSet, index int) {
	for d, byAnn := range f.sets {
		for _, s := range byAnn {
			if i := slices.IndexFunc(s.spans, func(sp model.Span) bool { return sp.ID == id }); i >= 0 {
				return d, s, i
			}
		}
	}
	return "", nil, -1
}

func (f *fakeStore) check(doc string, set *fakeSet, s model.Span, skip string) error {
	if err := s.Validate(model.RuneLen(f.texts[doc]), fakeLabels); err != nil {
		return err
	}
	others := slices.DeleteFunc(slices.Clone(set.spans), func(e model.Span) bool { return e.ID == skip })
	return model.CheckAddition(others, s, f.allowOverlap)
}

func (f *fakeStore) AddSpan(ctx context.Context, doc, ann string, s model.Span) (model.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("AddSpan", s.ID); err != nil {
		return model.Span{}, err
	}
	set, err := f.set(doc, ann)
	if err != nil {
		return model.Span{}, err
	}
	if s.Origin == "" {
		s.Origin = model.OriginManual
	}
	if s.ID == "" {
		f.nextID++
		s.ID = fmt.Sprintf("span-%d", f.nextID)
	}
	if _, other, _ := f.find(s.ID); other != nil {
		return model.Span{}, model.Errorf(model.ECONFLICT, "span %s already exists", s.ID)
	}
	if err := f.check(doc, set, s, ""); err != nil {
		return model.Span{}, err
	}
	set.spans = append(set.spans, s)
	if set.status == model.StatusTodo {
		set.status = model.StatusInProgress
	}
	return s, nil
}

func (f *fakeStore) UpdateSpan(ctx context.Context, s model.Span) (model.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("UpdateSpan", s.ID); err != nil {
		return model.Span{}, err
	}
	doc, set, i := f.find(s.ID)
	if set == nil {
		return model.Span{}, model.Errorf(model.ENOTFOUND, "no span %s", s.ID)
	}
	s.Origin = set.spans[i].Origin // storage never changes how a span came to be
	if err := f.check(doc, set, s, s.ID); err != nil {
		return model.Span{}, err
	}
	set.spans[i] = s
	if set.status == model.StatusTodo {
		set.status = model.StatusInProgress
	}
	return s, nil
}

func (f *fakeStore) DeleteSpan(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("DeleteSpan", id); err != nil {
		return err
	}
	_, set, i := f.find(id)
	if set == nil {
		return model.Errorf(model.ENOTFOUND, "no span %s", id)
	}
	set.spans = slices.Delete(set.spans, i, i+1)
	// The relations at the span go with it, as storage's cascade does.
	set.relations = slices.DeleteFunc(set.relations, func(r model.Relation) bool { return r.From == id || r.To == id })
	return nil
}

func (f *fakeStore) SetStatus(ctx context.Context, doc, ann string, st model.Status) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("SetStatus", string(st)); err != nil {
		return err
	}
	if err := st.Validate(); err != nil {
		return err
	}
	set, err := f.set(doc, ann)
	if err != nil {
		return err
	}
	set.status = st
	return nil
}

func (f *fakeStore) Status(ctx context.Context, doc, ann string) (model.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("Status", ""); err != nil {
		return "", err
	}
	if s := f.sets[doc][ann]; s != nil {
		return s.status, nil
	}
	return model.StatusTodo, nil
}

// span returns the stored span with id; the test fails if there is none.
func (f *fakeStore) span(tb testing.TB, id string) model.Span {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	_, set, i := f.find(id)
	if set == nil {
		tb.Fatalf("no span %s in the store", id)
	}
	return set.spans[i]
}

// seed stores spans and a status directly, as an import would have left them.
func (f *fakeStore) seed(tb testing.TB, doc, ann string, st model.Status, spans ...model.Span) {
	tb.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	set, err := f.set(doc, ann)
	if err != nil {
		tb.Fatal(err)
	}
	set.status = st
	set.spans = append(set.spans, spans...)
}

// dump renders the whole state in a fixed order. A todo set without spans is
// left out: the store cannot tell it from a set never created.
func (f *fakeStore) dump() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var lines []string
	for doc, byAnn := range f.sets {
		for ann, s := range byAnn {
			if s.status == model.StatusTodo && len(s.spans) == 0 {
				continue
			}
			spans := slices.Clone(s.spans)
			model.SortSpans(spans)
			var b strings.Builder
			fmt.Fprintf(&b, "%s/%s %s:", doc, ann, s.status)
			for _, sp := range spans {
				fmt.Fprintf(&b, " %s[%d,%d)%s note=%q origin=%s;", sp.ID, sp.Start, sp.End, sp.Label, sp.Note, sp.Origin)
			}
			relations := slices.Clone(s.relations)
			model.SortRelations(relations, s.spans)
			for _, r := range relations {
				fmt.Fprintf(&b, " %s:%s-%s->%s note=%q;", r.ID, r.From, r.Label, r.To, r.Note)
			}
			lines = append(lines, b.String())
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// count returns the number of spans in the annotator's set.
func (f *fakeStore) count(doc, ann string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.sets[doc][ann]; s != nil {
		return len(s.spans)
	}
	return 0
}

// status returns the stored status without counting a call.
func (f *fakeStore) status(doc, ann string) model.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s := f.sets[doc][ann]; s != nil {
		return s.status
	}
	return model.StatusTodo
}
