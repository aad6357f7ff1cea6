package gui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// fakeProject is an in-memory Project. Its maps are filled before the
// workspace starts and only read afterwards, so the background loads may
// call it concurrently.
type fakeProject struct {
	path   string
	docs   []model.Document
	spans  map[string][]model.Span // by document id
	labels []model.Label

	documentsErr error
	labelsErr    error
	documentErr  map[string]error // by document id

	// gate, when set for an id, holds Document until the channel is
	// closed, to let a test order overlapping loads; documentsGate does
	// the same for Documents.
	gate          map[string]chan struct{}
	documentsGate chan struct{}
}

func (p *fakeProject) Path() string { return p.path }

func (p *fakeProject) Documents(ctx context.Context, annotator string) ([]model.DocumentSummary, error) {
	if p.documentsGate != nil {
		<-p.documentsGate
	}
	if p.documentsErr != nil {
		return nil, p.documentsErr
	}
	out := make([]model.DocumentSummary, 0, len(p.docs))
	for i, d := range p.docs {
		title, _, _ := strings.Cut(d.Text, "\n")
		out = append(out, model.DocumentSummary{
			ID:         d.ID,
			ExternalID: d.ExternalID,
			Title:      title,
			Length:     utf8.RuneCountInString(d.Text),
			Status:     model.Statuses[i%len(model.Statuses)],
			SpanCount:  len(p.spans[d.ID]),
		})
	}
	return out, nil
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
	return append([]model.Span(nil), p.spans[documentID]...), nil
}

func (p *fakeProject) Labels(ctx context.Context) ([]model.Label, error) {
	if p.labelsErr != nil {
		return nil, p.labelsErr
	}
	return p.labels, nil
}

// spanAt makes a span over the n-th (from 0) occurrence of sub in text, in
// code points, so fixtures stay readable and correct past non-ASCII text.
func spanAt(t *testing.T, text, sub string, n int, label string) model.Span {
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

func newFakeProject(t *testing.T) *fakeProject {
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
		documentErr: map[string]error{},
		gate:        map[string]chan struct{}{},
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
