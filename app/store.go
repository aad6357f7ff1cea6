package app

import (
	"context"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Store is a project's database as the use cases see it: units of work
// that see one consistent state of the project. The SQLite project file
// (storage.DB) implements it; a team database implements the same contract
// and passes the same conformance suite (package apptest).
//
// Errors: the functions given to Read and Write return their own errors
// unchanged (wrapped at most), so a use case can tell a refusal
// (model.EINVALID, model.ECONFLICT, model.ENOTFOUND) from a failure
// (model.EINTERNAL: the disk, the connection). A context cancelled before or
// during the unit of work ends it with an error that wraps ctx.Err(); a
// write that ended that way has changed nothing.
type Store interface {
	// Read runs fn on one snapshot of the project: everything fn reads is
	// as it stood at one moment, whatever other writers commit meanwhile.
	// A reader never waits for a writer. fn must not keep tx after it
	// returns.
	Read(ctx context.Context, fn func(tx ReadTx) error) error

	// Write runs fn in one write transaction: every change fn makes
	// commits, durably, when fn returns nil, and none of them when it
	// returns an error or panics. Every change of one Write carries one
	// timestamp. Writers take turns: a second writer waits for the first
	// (another window or program on the same project included) instead of
	// failing. fn sees its own changes through tx.
	Write(ctx context.Context, fn func(tx WriteTx) error) error
}

// ReadTx reads a project inside a unit of work. An annotator is a person's
// name or model.GoldAnnotator for the reviewed version.
type ReadTx interface {
	// Document returns a document with its text. ENOTFOUND for an unknown id.
	Document(ctx context.Context, id string) (model.Document, error)
	// Tokens returns the tokens a document came with (ImportTx.PutTokens:
	// a CoNLL, Hugging Face or Prodigy source's), in text order, nil when
	// it has none. ENOTFOUND for an unknown document.
	Tokens(ctx context.Context, documentID string) ([]model.Token, error)
	// Spans returns the annotator's spans on a document in text order
	// (start, end, label): none when the annotator has not touched it or
	// the document is unknown.
	Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error)
	// Status returns the annotator's status on a document: todo when the
	// annotator has not touched it. ENOTFOUND for an unknown document.
	Status(ctx context.Context, documentID, annotator string) (model.Status, error)
	// Suggestions returns the annotator's pending suggestions on a
	// document in text order, leaving out those the annotator already has
	// as spans: none for an unknown document or annotator.
	Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error)
	// Note returns the annotator's note on a document: "" when there is
	// none or the document is unknown.
	Note(ctx context.Context, documentID, annotator string) (string, error)
	// Finished counts the documents the annotator marked done or skipped.
	Finished(ctx context.Context, annotator string) (int, error)
	// PeopleSpans returns every person's spans on a document (not gold,
	// not sets they skipped), by name, each in text order.
	PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error)
	// Review returns the document's review: its gold status and who last
	// changed the gold version. ENOTFOUND for an unknown document.
	Review(ctx context.Context, documentID string) (model.Review, error)
	// Rejections returns the proposals (offsets and label) a reviewer
	// rejected on a document, in text order.
	Rejections(ctx context.Context, documentID string) ([]model.Span, error)
	// NextUnfinished returns the first document after afterID ("" for the
	// start) in project order that the annotator has not marked done or
	// skipped, wrapping around; "" when every document is finished.
	NextUnfinished(ctx context.Context, annotator, afterID string) (string, error)
	// LastDocument returns the document the annotator had open when they
	// left, "" if none.
	LastDocument(ctx context.Context, annotator string) (string, error)
	// Labels returns the project's labels in their order.
	Labels(ctx context.Context) ([]model.Label, error)
	// Relations returns the relations of the annotator's set on a
	// document in reading order (model.SortRelations: by the span each
	// starts at in text order, then the span it points to, the label, the
	// ID): none when the annotator has none there or the document is
	// unknown. Every relation joins two of the set's spans.
	Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error)
	// RelationLabels returns the project's relation labels in their order.
	RelationLabels(ctx context.Context) ([]model.RelationLabel, error)
	// Settings returns the project's settings (guidelines, overlap rule).
	Settings(ctx context.Context) (model.Settings, error)
	// PhraseDocuments calls fn, in project order, for the documents but
	// exceptDocumentID ("" for none) whose text contains phrase, with the
	// document's ID, its text and the annotator's spans on it (none for an
	// annotator the project does not know): at least every one where
	// phrase is whole tokens (a store may use an index to leave the others
	// out). fn's error stops the walk and is returned; no error codes of
	// its own.
	PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error
	// SpansWithText returns every span of the annotator's labeled label
	// whose text is exactly phrase, in project and text order. EINVALID for
	// a label the project does not have.
	SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error)
	// AttributesInUse returns the attribute names the project's spans
	// carry (every annotator's, gold's), by name, each with the distinct
	// values chosen with it, sorted, at most model.MaxAttributeValues of
	// them (More set when there were more); typed text values and flags
	// give a name no value. None when no span has attributes. No error
	// codes of its own.
	AttributesInUse(ctx context.Context) ([]model.AttributeUse, error)
}

// WriteTx reads and changes a project inside one write transaction. The
// span, relation and status operations are model/edit's stores, so the
// undo history runs its commands on a WriteTx: an undo step is one
// transaction.
type WriteTx interface {
	ReadTx
	// AddSpan, UpdateSpan, DeleteSpan, SetStatus and Status, the
	// suggestion operations (accept, reject, restore, accept all, take
	// back) and the many-span adds and deletes of label all, with the
	// error codes model/edit.SuggestionStore documents: every command of
	// the undo history runs on a WriteTx.
	edit.SuggestionStore
	// AddRelation, UpdateRelation and DeleteRelation (and Relations),
	// with the error codes model/edit.RelationStore documents: a missing
	// span is ENOTFOUND, a span of another annotator or document EINVALID,
	// a duplicate ECONFLICT. Deleting a span deletes its relations.
	edit.RelationStore
	// SetRelationLabels replaces the relation label set with labels, in
	// that order: rename maps a label's current name to its new one, so
	// its relations follow it; a label neither renamed nor there already
	// is added; labels left out stay, after the others (removing one would
	// remove its relations). ENOTFOUND for a renamed label that does not
	// exist, EINVALID for a bad label, ECONFLICT for a name or key used
	// twice, or for a label made symmetric while it joins two spans both
	// ways round.
	SetRelationLabels(ctx context.Context, rename map[string]string, labels []model.RelationLabel) error
	// SetNote stores the annotator's note on a document. ENOTFOUND for an
	// unknown document, EINVALID for an invalid annotator name.
	SetNote(ctx context.Context, documentID, annotator, note string) error
	// SetReviewer records that reviewer changed the document's gold
	// version in this transaction. EINVALID for an invalid name, ENOTFOUND
	// for an unknown document.
	SetReviewer(ctx context.Context, documentID, reviewer string) error
	// SetRejected records (or, with rejected false, takes back) a
	// reviewer's rejection of the proposal s (its offsets and label) on a
	// document. ENOTFOUND for an unknown document, EINVALID for an unknown
	// label.
	SetRejected(ctx context.Context, documentID string, s model.Span, rejected bool) error
	// SetLastDocument remembers the document the annotator has open.
	// EINVALID for an invalid name, ENOTFOUND for an unknown document.
	SetLastDocument(ctx context.Context, annotator, documentID string) error
}
