package app

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/learn"
	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

// SuggestStore is what a bulk suggest run reads and writes. *storage.DB
// implements it.
type SuggestStore interface {
	// AddAnnotator registers an annotator; an existing name is not an
	// error. EINVALID for a bad name.
	AddAnnotator(ctx context.Context, name string) error
	// Settings returns the project's settings: the overlap rule.
	Settings(ctx context.Context) (model.Settings, error)
	// CountDocuments counts the documents a filtered list holds; the zero
	// filter counts them all. No error codes of its own.
	CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (int, error)
	// DictionaryEntries returns the text and label of every span of the
	// annotator's, in every document. None for an unknown annotator; no
	// error codes of its own.
	DictionaryEntries(ctx context.Context, annotator string) ([]suggest.Entry, error)
	// SuggestBatch returns, from one read snapshot, up to limit documents
	// in project order after the one with key after (0 for the first),
	// each with the annotator's spans and suggestions on it, rejected ones
	// included; none after the last. No error codes of its own.
	SuggestBatch(ctx context.Context, annotator string, after int64, limit int) ([]model.SuggestDocument, error)
	// AddSuggestions stores found as the annotator's suggestions (new IDs)
	// in one transaction, adding to the project the labels it lacks, and
	// returns those labels. A suggestion already there is left alone.
	// EINVALID for a bad annotator name or source, or a label the project
	// cannot take; nothing is stored then.
	AddSuggestions(ctx context.Context, annotator string, found []model.FoundSuggestions) (labelsAdded []string, err error)
	// AddSuggestedSpans is AddSuggestions storing the annotator's spans
	// (origin suggestion) instead, unchecked, and moving each todo
	// document they land on to in progress. Its errors.
	AddSuggestedSpans(ctx context.Context, annotator string, found []model.FoundSuggestions) (labelsAdded []string, err error)
}

// SuggestRun says which sources a bulk Suggest runs and what it stores.
type SuggestRun struct {
	Matcher    *suggest.Matcher // a patterns file's patterns; nil for none
	Figures    bool             // the FIGURE recognizer
	Dictionary bool             // the strings the annotator has labeled
	// Model is the annotator's learned model (ModelFor); nil for none. Its
	// suggestions below MinConfidence are left out.
	Model         *learn.Model
	MinConfidence float64
	// Accept stores what the sources find as the annotator's spans (origin
	// suggestion) instead of as suggestions.
	Accept bool
}

// SuggestReport says what a bulk Suggest stored.
type SuggestReport struct {
	Documents   int                            // documents read
	Touched     int                            // documents that got at least one suggestion (span, with Accept)
	Added       int                            // suggestions stored (spans, with Accept)
	ByLabel     map[string]int                 // Added by label
	BySource    map[model.SuggestionSource]int // Added by source
	LabelsAdded []string                       // labels the sources brought that the project did not have
}

// suggestBatchDocs is how many documents a suggest run reads, matches and
// writes at a time, measured on 100,000 news articles: a transaction per
// 1,000 documents keeps commits (each an fsync) rare and a failure's loss
// small.
const suggestBatchDocs = 1000

// Suggest runs the sources of run over every document for an annotator and
// stores what they find as suggestions, or with run.Accept as the
// annotator's spans. The dictionary is built first from all the
// annotator's spans. On each document, suggestions are resolved against
// the annotator's spans (suggest.Resolve, under the project's overlap
// rule; the dictionary is trusted before patterns, patterns before
// figures) and against the suggestions already there, pending or
// rejected, which are not stored again. A label the sources bring that the
// project lacks is added to it.
//
// Documents are read in batches, tokenized and matched on every core, and
// written by one goroutine, a batch a transaction, in project order: a
// failure or a cancellation keeps the batches written before it, never
// part of a document. progress, when set, is called after each batch with
// the documents done and the total. EINVALID for no source or a bad
// annotator name; the store's errors otherwise.
func Suggest(ctx context.Context, store SuggestStore, annotator string, run SuggestRun, progress func(done, total int)) (SuggestReport, error) {
	report := SuggestReport{ByLabel: map[string]int{}, BySource: map[model.SuggestionSource]int{}}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return report, err
	}
	if run.Matcher == nil && !run.Figures && !run.Dictionary && run.Model == nil {
		return report, model.Errorf(model.EINVALID, "no source to suggest from: give patterns, figures, the dictionary or the model")
	}
	if err := store.AddAnnotator(ctx, annotator); err != nil {
		return report, err
	}
	settings, err := store.Settings(ctx)
	if err != nil {
		return report, err
	}
	total, err := store.CountDocuments(ctx, annotator, model.DocumentFilter{})
	if err != nil {
		return report, err
	}
	var dict *suggest.Dictionary
	if run.Dictionary {
		entries, err := store.DictionaryEntries(ctx, annotator)
		if err != nil {
			return report, err
		}
		dict = suggest.NewDictionary(entries)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan *suggestBatch, 2)
	results := make(chan *suggestBatch, 2)
	errc := make(chan error, 1)
	fail := func(err error) {
		select {
		case errc <- err:
		default:
		}
		cancel()
	}
	go func() {
		defer close(batches)
		if err := readSuggestBatches(ctx, store, annotator, batches); err != nil {
			fail(err)
		}
	}()
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := suggestMatcher{run: run, dict: dict, allowOverlap: settings.AllowOverlap}
			for b := range batches {
				b.found = b.found[:0]
				for i := range b.docs {
					if found := m.match(&b.docs[i]); len(found) > 0 {
						b.found = append(b.found, model.FoundSuggestions{Key: b.docs[i].Key, Suggestions: found})
					}
				}
				select {
				case results <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Batches come back in any order; they are written in project order,
	// which appends to the suggestions' key instead of inserting into it.
	waiting := map[int]*suggestBatch{}
	next, done := 0, 0
	var werr error
	for b := range results {
		if werr != nil {
			continue // drain, so the workers can stop
		}
		waiting[b.seq] = b
		for b := waiting[next]; b != nil; b = waiting[next] {
			delete(waiting, next)
			next++
			if werr = writeSuggestBatch(ctx, store, annotator, run.Accept, b, &report); werr != nil {
				cancel()
				break
			}
			done += len(b.docs)
			report.Documents = done
			if progress != nil {
				progress(done, total)
			}
		}
	}
	sort.Strings(report.LabelsAdded)
	if werr != nil {
		return report, werr
	}
	select {
	case err := <-errc:
		return report, err
	default:
	}
	return report, ctx.Err()
}

// suggestBatch is suggestBatchDocs documents on their way through Suggest.
type suggestBatch struct {
	seq   int
	docs  []model.SuggestDocument
	found []model.FoundSuggestions // what to store, by document
}

// readSuggestBatches sends every document, with the annotator's spans and
// suggestions on it, in batches in project order.
func readSuggestBatches(ctx context.Context, store SuggestStore, annotator string, out chan<- *suggestBatch) error {
	var after int64
	for seq := 0; ; seq++ {
		docs, err := store.SuggestBatch(ctx, annotator, after, suggestBatchDocs)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			return nil
		}
		after = docs[len(docs)-1].Key
		select {
		case out <- &suggestBatch{seq: seq, docs: docs}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// writeSuggestBatch stores one batch's findings in one transaction and,
// once it has committed, counts them in report.
func writeSuggestBatch(ctx context.Context, store SuggestStore, annotator string, accept bool, b *suggestBatch, report *SuggestReport) error {
	if len(b.found) == 0 {
		return nil
	}
	write := store.AddSuggestions
	if accept {
		write = store.AddSuggestedSpans
	}
	added, err := write(ctx, annotator, b.found)
	if err != nil {
		return err
	}
	report.LabelsAdded = append(report.LabelsAdded, added...)
	for _, d := range b.found {
		report.Touched++
		for _, s := range d.Suggestions {
			report.Added++
			report.ByLabel[s.Label]++
			report.BySource[s.Source]++
		}
	}
	return nil
}

// suggestMatcher is one worker's state: buffers reused across documents.
type suggestMatcher struct {
	run          SuggestRun
	dict         *suggest.Dictionary
	allowOverlap bool
	tokens       []tokenize.Token
	found        []model.Span
	sources      []sourceRun
	confidence   []float64 // of the model's spans in found, from the model's sourceRun on
}

// sourceRun says that the spans of a matcher's found from index from on
// (up to the next run's) came from source.
type sourceRun struct {
	from   int
	source model.SuggestionSource
}

// match returns what the sources find on d that can join the annotator's
// spans and is not suggested there already, in text order. Sources go in
// the order Resolve trusts them: on a tie, the dictionary (the annotator's
// own choice), then patterns, then figures, then the model, whose guesses
// are the least certain.
func (m *suggestMatcher) match(d *model.SuggestDocument) []model.Suggestion {
	var learned []learn.Suggestion
	if m.run.Model != nil {
		for _, s := range m.run.Model.Suggest(d.Text) {
			if s.Confidence >= m.run.MinConfidence {
				learned = append(learned, s)
			}
		}
	}
	m.tokens = tokenize.Append(m.tokens[:0], d.Text)
	// Tokens keep pieces of the text, but only until the next document.
	d.Text = ""
	m.found, m.sources = m.found[:0], m.sources[:0]
	if m.dict != nil {
		m.sources = append(m.sources, sourceRun{len(m.found), model.SourceDictionary})
		m.found = m.dict.Match(m.tokens, m.found)
	}
	if m.run.Matcher != nil {
		m.sources = append(m.sources, sourceRun{len(m.found), model.SourcePatterns})
		m.found = m.run.Matcher.Match(m.tokens, m.found)
	}
	if m.run.Figures {
		m.sources = append(m.sources, sourceRun{len(m.found), model.SourceFigures})
		m.found = suggest.Figures(m.tokens, m.found)
	}
	modelFrom := len(m.found)
	if len(learned) > 0 {
		m.sources = append(m.sources, sourceRun{len(m.found), model.SourceModel})
		m.confidence = m.confidence[:0]
		for _, s := range learned {
			m.found = append(m.found, s.Span())
			m.confidence = append(m.confidence, s.Confidence)
		}
	}
	if len(m.found) == 0 {
		return nil
	}
	chosen := suggest.ResolveIndices(m.found, d.Spans, m.allowOverlap)
	out := make([]model.Suggestion, 0, len(chosen))
	for _, i := range chosen {
		s := m.found[i]
		if slices.ContainsFunc(d.Suggested, s.SameAs) {
			continue
		}
		found := model.Suggestion{Start: s.Start, End: s.End, Label: s.Label, Source: m.sourceOf(i)}
		if i >= modelFrom {
			found.Confidence = m.confidence[i-modelFrom]
		}
		out = append(out, found)
	}
	return out
}

// sourceOf is the source of the span at index i of m.found.
func (m *suggestMatcher) sourceOf(i int) model.SuggestionSource {
	source := m.sources[0].source
	for _, r := range m.sources[1:] {
		if i < r.from {
			break
		}
		source = r.source
	}
	return source
}
