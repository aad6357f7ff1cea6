package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/model/suggest"
)

// fakeProject is an in-memory Project. mu guards what edits change (spans,
// statuses, last); the rest is filled before the workspace starts and only
// read afterwards.
type fakeProject struct {
	mu         sync.Mutex
	statuses   map[string]model.Status // by document id, for every annotator
	notes      map[string]string       // by document id
	last       string
	nextID     int
	writes     int                     // store writes, to tell a test that something was saved
	listCalls  int                     // pages of the list read, to tell a test what was fetched
	reviews    map[string]model.Review // by document id
	suggested  map[string][]model.Span // by key(document, annotator)
	rejections map[string][]model.Span // a reviewer's, by document id
	overlap    bool                    // the project allows overlapping spans

	path   string
	docs   []model.Document
	spans  map[string][]model.Span // by document id
	labels []model.Label

	documentsErr error
	labelsErr    error
	documentErr  map[string]error // by document id

	// gate, when set for an id, holds Document until the channel is
	// closed, to let a test order overlapping loads; documentsGate does
	// the same for the window's first load (Labels and the list).
	gate          map[string]chan struct{}
	documentsGate chan struct{}
	listGate      chan struct{} // holds the list alone
	// updateGate, when set, holds each UpdateSpan until the test sends on
	// it (or closes it): a slow disk, with the save's end chosen by the test.
	updateGate chan struct{}
}

func (p *fakeProject) Path() string { return p.path }

// list is every document passing f, in project order; p.mu must be held.
func (p *fakeProject) list(annotator string, f model.DocumentFilter) []model.DocumentSummary {
	var out []model.DocumentSummary
	for _, d := range p.docs {
		title, _, _ := strings.Cut(d.Text, "\n")
		sum := model.DocumentSummary{
			ID:         d.ID,
			ExternalID: d.ExternalID,
			Title:      title,
			Length:     utf8.RuneCountInString(d.Text),
			Status:     p.statusOf(key(d.ID, annotator)),
			SpanCount:  len(p.spans[key(d.ID, annotator)]),
		}
		if p.passes(d, sum, key(d.ID, annotator), f) {
			out = append(out, sum)
		}
	}
	if f.Query != "" && len(out) > model.MaxSearchResults {
		out = out[:model.MaxSearchResults]
	}
	return out
}

func (p *fakeProject) passes(d model.Document, sum model.DocumentSummary, k string, f model.DocumentFilter) bool {
	if f.Query != "" && !strings.Contains(strings.ToLower(d.Text), strings.ToLower(f.Query)) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, sum.Status) {
		return false
	}
	if f.Label != "" && !slices.ContainsFunc(p.spans[k], func(s model.Span) bool { return s.Label == f.Label }) {
		return false
	}
	if f.Disagreeing {
		// Only the review fixture has a second annotator, on d2.
		if _, ok := p.spans[key(d.ID, "bob")]; !ok {
			return false
		}
	}
	// Every fixture span is anna's.
	return f.AnnotatedBy == "" || f.AnnotatedBy == "anna"
}

// holdList waits while a test holds the list back.
func (p *fakeProject) holdList() error {
	if p.documentsGate != nil {
		<-p.documentsGate
	}
	if p.listGate != nil {
		<-p.listGate
	}
	return p.documentsErr
}

func (p *fakeProject) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) ([]model.DocumentSummary, error) {
	if err := p.holdList(); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listCalls++
	all := p.list(annotator, f)
	if offset >= len(all) {
		return nil, nil
	}
	all = all[offset:]
	if limit >= 0 && limit < len(all) {
		all = all[:limit]
	}
	return all, nil
}

func (p *fakeProject) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error) {
	if err := p.holdList(); err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.list(annotator, f)), nil
}

func (p *fakeProject) ListPosition(ctx context.Context, annotator string, f model.DocumentFilter, id string) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, d := range p.list(annotator, f) {
		if d.ID == id {
			return i, nil
		}
	}
	return -1, nil
}

func (p *fakeProject) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, id string, limit int) (model.DocumentPage, error) {
	if err := p.holdList(); err != nil {
		return model.DocumentPage{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listCalls++
	all := p.list(annotator, f)
	page := model.DocumentPage{Total: len(all), First: all[:min(limit, len(all))], Position: -1}
	for i, d := range all {
		if d.ID == id {
			page.Position = i
		}
	}
	if page.Position >= limit {
		from := page.Position / limit * limit
		page.Around = all[from:min(from+limit, len(all))]
	}
	return page, nil
}

func (p *fakeProject) Finished(ctx context.Context, annotator string) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, d := range p.docs {
		if st := p.statusOf(key(d.ID, annotator)); st == model.StatusDone || st == model.StatusSkipped {
			n++
		}
	}
	return n, nil
}

func (p *fakeProject) Document(ctx context.Context, id string) (model.Document, error) {
	if g := p.gate[id]; g != nil {
		<-g // deliberately ignores ctx: a slow store may not honour it
	}
	if err := p.documentErr[id]; err != nil {
		return model.Document{}, err
	}
	for _, d := range p.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return model.Document{}, model.Errorf(model.ENOTFOUND, "document %s not found", id)
}

func (p *fakeProject) Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]model.Span(nil), p.spans[key(documentID, annotator)]...), nil
}

// The edit.Store methods keep storage's rules that the window relies on:
// validation, duplicates, a todo document moving to in progress.

func (p *fakeProject) AddSpan(ctx context.Context, documentID, annotator string, s model.Span) (model.Span, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, err := p.doc(documentID)
	if err != nil {
		return s, err
	}
	if err := s.Validate(utf8.RuneCountInString(d.Text), model.NamesOf(p.labels)); err != nil {
		return s, err
	}
	k := key(documentID, annotator)
	if err := model.CheckAddition(p.spans[k], s, p.overlap); err != nil {
		return s, err
	}
	if s.ID == "" {
		p.nextID++
		s.ID = fmt.Sprintf("new-%d", p.nextID)
	}
	if s.Origin == "" {
		s.Origin = model.OriginManual
	}
	p.spans[k] = append(p.spans[k], s)
	model.SortSpans(p.spans[k])
	if p.statusOf(k) == model.StatusTodo {
		p.statuses[k] = model.StatusInProgress
	}
	p.writes++
	return s, nil
}

func (p *fakeProject) UpdateSpan(ctx context.Context, s model.Span) (model.Span, error) {
	if p.updateGate != nil {
		<-p.updateGate
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, spans := range p.spans {
		for i := range spans {
			if spans[i].ID == s.ID {
				others := append(append([]model.Span(nil), spans[:i]...), spans[i+1:]...)
				if err := model.CheckAddition(others, s, p.overlap); err != nil {
					return s, err
				}
				spans[i] = s
				model.SortSpans(spans)
				p.writes++
				return s, nil
			}
		}
	}
	return s, model.Errorf(model.ENOTFOUND, "no span %s", s.ID)
}

func (p *fakeProject) DeleteSpan(ctx context.Context, spanID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, spans := range p.spans {
		for i := range spans {
			if spans[i].ID == spanID {
				p.spans[id] = append(spans[:i:i], spans[i+1:]...)
				p.writes++
				return nil
			}
		}
	}
	return model.Errorf(model.ENOTFOUND, "no span %s", spanID)
}

func (p *fakeProject) SetStatus(ctx context.Context, documentID, annotator string, st model.Status) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := p.doc(documentID); err != nil {
		return err
	}
	p.statuses[key(documentID, annotator)] = st
	p.writes++
	return nil
}

func (p *fakeProject) Status(ctx context.Context, documentID, annotator string) (model.Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusOf(key(documentID, annotator)), nil
}

func (p *fakeProject) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := 0
	for i, d := range p.docs {
		if d.ID == afterID {
			start = i + 1
		}
	}
	for k := 0; k < len(p.docs); k++ {
		d := p.docs[(start+k)%len(p.docs)]
		if st := p.statusOf(key(d.ID, annotator)); st == model.StatusTodo || st == model.StatusInProgress {
			return d.ID, nil
		}
	}
	return "", nil
}

func (p *fakeProject) LastDocument(ctx context.Context, annotator string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last, nil
}

func (p *fakeProject) SetLastDocument(ctx context.Context, annotator, documentID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = documentID
	return nil
}

func (p *fakeProject) Settings(ctx context.Context) (model.Settings, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return model.Settings{Guidelines: "Label every **actor**.", AllowOverlap: p.overlap}, nil
}

// SetAllowOverlap keeps storage's rule: overlaps cannot be turned off while
// an annotator's spans overlap.
func (p *fakeProject) SetAllowOverlap(ctx context.Context, allow bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !allow {
		pairs := 0
		for _, spans := range p.spans {
			for i := range spans {
				for _, o := range spans[i+1:] {
					if spans[i].Overlaps(o) {
						pairs++
					}
				}
			}
		}
		if pairs > 0 {
			return model.Errorf(model.ECONFLICT, "overlapping spans cannot be disallowed: %d pairs of spans overlap", pairs)
		}
	}
	p.overlap = allow
	p.writes++
	return nil
}

func (p *fakeProject) Stats(ctx context.Context) (model.Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := model.Stats{Documents: len(p.docs), Labels: map[string]int{}, Annotators: map[string]map[model.Status]int{"anna": {}}}
	for _, spans := range p.spans {
		for _, s := range spans {
			st.Labels[s.Label]++
			st.Spans++
		}
	}
	for _, d := range p.docs {
		st.Annotators["anna"][p.statusOf(d.ID)]++
	}
	return st, nil
}

func (p *fakeProject) SetLabels(ctx context.Context, rename map[string]string, labels []model.Label) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, spans := range p.spans {
		for i := range spans {
			if n, ok := rename[spans[i].Label]; ok {
				spans[i].Label = n
			}
		}
	}
	p.labels = labels
	return nil
}

func (p *fakeProject) Note(ctx context.Context, documentID, annotator string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.notes[key(documentID, annotator)], nil
}

func (p *fakeProject) SetNote(ctx context.Context, documentID, annotator, note string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.notes[key(documentID, annotator)] = note
	p.writes++
	return nil
}

func (p *fakeProject) Pace(ctx context.Context) (map[string]float64, error) {
	return map[string]float64{"anna": 12.5}, nil
}

func (p *fakeProject) Annotators(ctx context.Context) ([]string, error) {
	return []string{"anna", "bob"}, nil
}

// key is where the fake keeps an annotator's spans, status and note on a
// document: anna's (the workspace's annotator in these tests) under the
// document id, anyone else's, gold's included, under "id@name".
func key(documentID, annotator string) string {
	if annotator == "anna" {
		return documentID
	}
	return documentID + "@" + annotator
}

// statusOf needs p.mu held. Anna's documents cycle through the statuses,
// so the list has one of each; anyone else starts at todo.
func (p *fakeProject) statusOf(k string) model.Status {
	if st, ok := p.statuses[k]; ok {
		return st
	}
	if strings.Contains(k, "@") {
		return model.StatusTodo
	}
	documentID := k
	for i, d := range p.docs {
		if d.ID == documentID {
			return model.Statuses[i%len(model.Statuses)]
		}
	}
	return model.StatusTodo
}

func (p *fakeProject) doc(id string) (model.Document, error) {
	for _, d := range p.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return model.Document{}, model.Errorf(model.ENOTFOUND, "no document %s", id)
}

func (p *fakeProject) Labels(ctx context.Context) ([]model.Label, error) {
	if p.documentsGate != nil {
		<-p.documentsGate // the window asks for labels first: hold the whole load
	}
	if p.labelsErr != nil {
		return nil, p.labelsErr
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.labels, nil
}

// spanAt makes a span over the n-th (from 0) occurrence of sub in text, in
// code points, so fixtures stay readable and correct past non-ASCII text.
func spanAt(t testing.TB, text, sub string, n int, label string) model.Span {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q: occurrence %d of %q not found", text, n, sub)
		}
		if n == 0 {
			start := utf8.RuneCountInString(text[:from+i])
			return model.Span{
				ID:    fmt.Sprintf("%s@%d", label, start),
				Start: start, End: start + utf8.RuneCountInString(sub),
				Label: label, Origin: model.OriginManual,
			}
		}
		n--
		from += i + len(sub)
	}
}

// Fixture texts put accents, dotted capitals and characters beyond the BMP
// before the spans, where byte, UTF-16 and code-point offsets disagree.
const (
	textLodz = "Dock workers strike in Łódź\n" +
		"About 1,250 workers in Łódź and Gdańsk stopped work on Monday."
	textErdogan = "Erdoğan meets Putin in Moscow\n" +
		"Turkish President Recep Tayyip Erdoğan met Vladimir Putin; dozens have died in İdlib 🌀 this month."
	textSaoPaulo = "Floods hit São Paulo 🌧\n" +
		"Close to a million people in São Paulo state left their homes, officials said."
)

func newFakeProject(t testing.TB) *fakeProject {
	t.Helper()
	p := &fakeProject{
		path:   "/home/anna/projects/demo.inkspan",
		labels: model.DefaultLabels(),
		docs: []model.Document{
			{ID: "d1", ExternalID: "lodz.txt", Text: textLodz},
			{ID: "d2", ExternalID: "erdogan.txt", Text: textErdogan},
			{ID: "d3", ExternalID: "", Text: textSaoPaulo},
		},
		spans:       map[string][]model.Span{},
		statuses:    map[string]model.Status{},
		notes:       map[string]string{},
		documentErr: map[string]error{},
		gate:        map[string]chan struct{}{},
		suggested:   map[string][]model.Span{},
	}
	p.spans["d1"] = []model.Span{
		spanAt(t, textLodz, "Łódź", 0, "PLACE"),
		spanAt(t, textLodz, "1,250", 0, "FIGURE"),
		spanAt(t, textLodz, "Łódź", 1, "PLACE"),
		spanAt(t, textLodz, "Gdańsk", 0, "PLACE"),
	}
	p.spans["d2"] = []model.Span{
		spanAt(t, textErdogan, "Erdoğan", 0, "ACTOR"),
		spanAt(t, textErdogan, "Putin", 0, "ACTOR"),
		spanAt(t, textErdogan, "Moscow", 0, "PLACE"),
		spanAt(t, textErdogan, "Recep Tayyip Erdoğan", 0, "ACTOR"),
		spanAt(t, textErdogan, "Vladimir Putin", 0, "ACTOR"),
		spanAt(t, textErdogan, "dozens", 0, "FIGURE"),
		spanAt(t, textErdogan, "İdlib", 0, "PLACE"),
	}
	p.spans["d3"] = []model.Span{
		spanAt(t, textSaoPaulo, "São Paulo", 0, "PLACE"),
		spanAt(t, textSaoPaulo, "Close to a million", 0, "FIGURE"),
		spanAt(t, textSaoPaulo, "São Paulo state", 0, "PLACE"),
	}
	for _, spans := range p.spans {
		model.SortSpans(spans)
	}
	return p
}

func (p *fakeProject) PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	people := map[string][]model.Span{}
	for k, spans := range p.spans {
		doc, name, found := strings.Cut(k, "@")
		if !found {
			name = "anna"
		}
		if doc == documentID && name != model.GoldAnnotator {
			people[name] = append([]model.Span(nil), spans...)
		}
	}
	return people, nil
}

func (p *fakeProject) Review(ctx context.Context, documentID string) (model.Review, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.reviews[documentID]
	r.Status = model.ReviewStatusOf(p.statusOf(key(documentID, model.GoldAnnotator)))
	return r, nil
}

func (p *fakeProject) SetReviewer(ctx context.Context, documentID, reviewer string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.reviews == nil {
		p.reviews = map[string]model.Review{}
	}
	p.reviews[documentID] = model.Review{Reviewer: reviewer, Updated: time.Date(2026, 11, 25, 10, 2, 0, 0, time.UTC)}
	return nil
}

func (p *fakeProject) AgreementSets(ctx context.Context, counted []model.Status, label string, reviewedOnly bool, fn func(*agree.Document) error) error {
	for _, d := range p.docs {
		sets, _ := p.PeopleSpans(ctx, d.ID)
		if err := fn(&agree.Document{ID: d.ID, Text: d.Text, Sets: sets}); err != nil {
			return err
		}
	}
	return nil
}

// The fake's suggestions and changes to many spans keep storage's rules
// that the window relies on: an accepted suggestion becomes a span with the
// suggestion's ID; label-all skips places where a span is in the way. The
// fake keeps a suggestion as a span with its source in Note.

func (p *fakeProject) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := key(documentID, annotator)
	var out []model.Suggestion
	for _, s := range p.suggested[k] {
		if !slices.ContainsFunc(p.spans[k], s.SameAs) {
			out = append(out, model.Suggestion{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Source: model.SuggestionSource(s.Note), Created: s.Created})
		}
	}
	return out, nil
}

// takeSuggestion removes a suggestion by id and returns it.
func (p *fakeProject) takeSuggestion(documentID, annotator, id string) (model.Span, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := key(documentID, annotator)
	for i, s := range p.suggested[k] {
		if s.ID == id {
			p.suggested[k] = slices.Delete(p.suggested[k], i, i+1)
			return s, nil
		}
	}
	return model.Span{}, model.Errorf(model.ENOTFOUND, "no suggestion %s", id)
}

func (p *fakeProject) AcceptSuggestion(ctx context.Context, documentID, annotator, id string) (model.Span, error) {
	s, err := p.takeSuggestion(documentID, annotator, id)
	if err != nil {
		return s, err
	}
	span := model.Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: model.OriginSuggestion}
	added, err := p.AddSpan(ctx, documentID, annotator, span)
	if err != nil {
		p.restoreSuggestion(documentID, annotator, s)
	}
	return added, err
}

func (p *fakeProject) RejectSuggestion(ctx context.Context, documentID, annotator, id string) error {
	_, err := p.takeSuggestion(documentID, annotator, id)
	return err
}

func (p *fakeProject) RestoreSuggestion(ctx context.Context, documentID, annotator string, g model.Suggestion) error {
	s := g.Span()
	s.Note = string(g.Source)
	return p.restoreSuggestion(documentID, annotator, s)
}

func (p *fakeProject) restoreSuggestion(documentID, annotator string, s model.Span) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := key(documentID, annotator)
	if slices.ContainsFunc(p.suggested[k], func(o model.Span) bool { return o.ID == s.ID }) {
		return model.Errorf(model.ECONFLICT, "suggestion %s is there already", s.ID)
	}
	p.suggested[k] = append(p.suggested[k], s)
	model.SortSpans(p.suggested[k])
	return nil
}

func (p *fakeProject) AcceptSuggestions(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	pending, _ := p.Suggestions(ctx, documentID, annotator)
	var accepted []model.Span
	for _, s := range pending {
		if span, err := p.AcceptSuggestion(ctx, documentID, annotator, s.ID); err == nil {
			accepted = append(accepted, span)
		}
	}
	return accepted, nil
}

func (p *fakeProject) UnacceptSuggestions(ctx context.Context, documentID, annotator string, suggestions []model.Suggestion) error {
	for _, s := range suggestions {
		if err := p.DeleteSpan(ctx, s.ID); err != nil {
			return err
		}
		if err := p.RestoreSuggestion(ctx, documentID, annotator, s); err != nil {
			return err
		}
	}
	return nil
}

func (p *fakeProject) PhraseDocuments(ctx context.Context, annotator, phrase, except string, fn func(documentID, text string, spans []model.Span) error) error {
	for _, d := range p.docs {
		if d.ID == except || !strings.Contains(d.Text, phrase) {
			continue
		}
		p.mu.Lock()
		existing := slices.Clone(p.spans[key(d.ID, annotator)])
		p.mu.Unlock()
		if err := fn(d.ID, d.Text, existing); err != nil {
			return err
		}
	}
	return nil
}

func (p *fakeProject) SpansWithText(ctx context.Context, annotator, phrase, label string) ([]edit.LabeledSpan, error) {
	var found []edit.LabeledSpan
	for _, d := range p.docs {
		p.mu.Lock()
		spans := slices.Clone(p.spans[key(d.ID, annotator)])
		p.mu.Unlock()
		for _, s := range suggest.Labeled(d.Text, spans, phrase, label) {
			found = append(found, edit.LabeledSpan{DocumentID: d.ID, Span: s})
		}
	}
	return found, nil
}

func (p *fakeProject) AddLabeledSpans(ctx context.Context, annotator string, spans []edit.LabeledSpan) ([]edit.LabeledSpan, error) {
	out := make([]edit.LabeledSpan, 0, len(spans))
	for _, ls := range spans {
		s, err := p.AddSpan(ctx, ls.DocumentID, annotator, ls.Span)
		if err != nil {
			return nil, err
		}
		out = append(out, edit.LabeledSpan{DocumentID: ls.DocumentID, Span: s})
	}
	return out, nil
}

func (p *fakeProject) DeleteLabeledSpans(ctx context.Context, annotator string, spans []edit.LabeledSpan) error {
	for _, ls := range spans {
		if err := p.DeleteSpan(ctx, ls.Span.ID); err != nil {
			return err
		}
	}
	return nil
}

func (p *fakeProject) Rejections(ctx context.Context, documentID string) ([]model.Span, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.rejections[documentID]), nil
}

func (p *fakeProject) SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rejections == nil {
		p.rejections = map[string][]model.Span{}
	}
	list := slices.DeleteFunc(p.rejections[documentID], s.SameAs)
	if rejected {
		list = append(list, s)
	}
	p.rejections[documentID] = list
	p.writes++
	return nil
}

// Read and Write run fn on the fake itself: it keeps everything in memory,
// so a unit of work is its calls in order (no isolation, no rollback).
func (p *fakeProject) Read(ctx context.Context, fn func(app.ReadTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(p)
}

func (p *fakeProject) Write(ctx context.Context, fn func(app.WriteTx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(p)
}
