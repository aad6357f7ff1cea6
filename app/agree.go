package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
)

// AgreementStore is what measuring agreement reads. *storage.DB
// implements it.
type AgreementStore interface {
	// AgreementSets calls fn, in project order and from one read snapshot,
	// with each document on which a person (anyone but
	// model.GoldAnnotator) has a set whose status is one of counted:
	// doc.Sets holds those people's spans, doc.Gold the gold set's when its
	// status is one of counted too (HasGold). With reviewedOnly, only
	// documents whose gold set is done are read; with label, only spans of
	// that label (a set without any still counts). doc.ID and doc.Text are
	// there where two or more people have sets. doc is the store's and
	// changes after fn returns. ENOTFOUND when label is not one of the
	// project's labels; fn's error, which stops the walk.
	AgreementSets(ctx context.Context, counted []model.Status, label string, reviewedOnly bool, fn func(doc *agree.Document) error) error
}

// countedStatuses are the statuses of the sets agreement counts: a set in
// progress or done holds someone's reading of the document. A todo set
// exists only because something was stored before any labeling (a note, a
// status set back), and a skipped one says the document was not annotated;
// counting either as an empty set would read as "nothing to mark here". The
// same rule applies to the gold set, whose status is the review status:
// unreviewed gold is not gold yet.
var countedStatuses = []model.Status{model.StatusInProgress, model.StatusDone}

// Agreement measures how far the project's annotators agree (see package
// model/agree), over one consistent snapshot of the project.
//
// A document counts with every annotator whose set on it is in progress or
// done, and with its gold version (model.GoldAnnotator) when the gold set is
// in review or reviewed. With reviewedOnly, only documents whose gold version
// is reviewed count at all. The report's document IDs are document UUIDs.
//
// It streams: a few documents' texts and spans are in memory at a time.
// Reading the project and counting run side by side, each about half the
// work. ENOTFOUND when opts.Label is not one of the project's labels; the
// store's errors otherwise.
func Agreement(ctx context.Context, store AgreementStore, opts agree.Options, reviewedOnly bool) (agree.Report, error) {
	acc := agree.NewAccumulator(opts)
	// A handful of document buffers go round: filled from the store's
	// document, counted by the accumulator, handed back. free holds them
	// all at most, so handing one back never blocks.
	const buffers = 4
	full, free := make(chan *agreeBuffer, buffers), make(chan *agreeBuffer, buffers)
	for range buffers {
		free <- newAgreeBuffer()
	}
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		for b := range full {
			acc.Add(b.doc) // copies what it keeps
			free <- b
		}
	}()
	err := store.AgreementSets(ctx, countedStatuses, opts.Label, reviewedOnly, func(doc *agree.Document) error {
		b := <-free
		b.fill(doc)
		full <- b
		return nil
	})
	close(full)
	<-counted
	if err != nil {
		return agree.Report{}, err
	}
	return acc.Report(), nil
}

// agreeBuffer is one document on its way to the accumulator.
type agreeBuffer struct {
	doc agree.Document
	// spans keeps each annotator's span buffer from document to document;
	// doc.Sets points into it.
	spans map[string][]model.Span
}

func newAgreeBuffer() *agreeBuffer {
	return &agreeBuffer{doc: agree.Document{Sets: map[string][]model.Span{}}, spans: map[string][]model.Span{}}
}

// fill makes b a copy of doc, reusing b's buffers.
func (b *agreeBuffer) fill(doc *agree.Document) {
	clear(b.doc.Sets)
	for name, set := range doc.Sets {
		b.spans[name] = append(b.spans[name][:0], set...)
		b.doc.Sets[name] = b.spans[name]
	}
	b.doc.ID, b.doc.Text, b.doc.HasGold = doc.ID, doc.Text, doc.HasGold
	b.doc.Gold = append(b.doc.Gold[:0], doc.Gold...)
}
