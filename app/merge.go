package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
)

// MergeSource is another copy of a project as a merge reads it: an
// annotator's project file, or a team database's project. It is only
// read, from one snapshot. The SQLite project file (storage.DB.MergeSource)
// implements it; a team database implements the same contract.
type MergeSource interface {
	// Name names the source in messages (a file name as the user gave it).
	Name() string
	// MergeRead runs fn on one snapshot of the source: everything fn reads
	// is as it stood at one moment, whatever its owner writes meanwhile.
	// It writes nothing to the source. fn must not keep tx after it
	// returns.
	// Errors: fn's own error, unchanged (wrapped at most); ENOTFOUND when
	// the source does not exist; EINVALID when it is not a project, was
	// written by a newer Inkspan, is the project being merged into, or
	// cannot be read as it stands (a copy lacking its last changes); an
	// error wrapping ctx.Err() when ctx is cancelled; EINTERNAL for a
	// failure of the database.
	MergeRead(ctx context.Context, fn func(tx MergeSourceTx) error) error
}

// MergeSourceTx reads a source's snapshot. Documents are named by their
// ID (a UUID) and annotators by name. A source from before a part of the
// schema existed (reviews, Prodigy answers, relations) reads as having
// none of it. Every method's errors: EINTERNAL for a failure of the
// database, or an error wrapping ctx.Err().
type MergeSourceTx interface {
	// Labels returns the source's span labels in their order.
	Labels(ctx context.Context) ([]model.Label, error)
	// RelationLabels returns the source's relation labels in their order.
	RelationLabels(ctx context.Context) ([]model.RelationLabel, error)
	// Annotators returns every annotator of the source (people and
	// model.GoldAnnotator) by name, with when each was first seen there.
	Annotators(ctx context.Context) ([]MergeAnnotator, error)
	// DocumentCount counts the source's documents.
	DocumentCount(ctx context.Context) (int, error)
	// Documents calls fn for every document of the source in project
	// order, without its text. fn's error stops the walk and is returned.
	// fn may call the other methods of tx.
	Documents(ctx context.Context, fn func(d DocumentHeader) error) error
	// Document returns a document with its text and meta. ENOTFOUND for
	// an unknown id.
	Document(ctx context.Context, id string) (model.Document, error)
	// Sets returns every annotator's annotation set on a document, in the
	// order they were made, each with its spans in text order and its
	// relations: none for an unknown document.
	Sets(ctx context.Context, documentID string) ([]MergeSet, error)
	// Review returns who last changed the document's gold version and
	// when; found is false when nobody has.
	Review(ctx context.Context, documentID string) (reviewer string, updated time.Time, found bool, err error)
}

// MergeAnnotator is an annotator of a merge's source.
type MergeAnnotator struct {
	Name    string
	Created time.Time
}

// DocumentHeader is a stored document without its text: what a merge
// matches documents by and names them with.
type DocumentHeader struct {
	ID         string
	ExternalID string
	Hash       string // model.ContentHash of the text
	Title      string // what document lists show
	Length     int    // in code points
	Created    time.Time
}

// MergeSet is an annotator's annotation set as a merge reads and writes
// it: its fields and times, its spans (with their IDs, origins and times)
// and its relations, which join the spans by ID.
type MergeSet struct {
	Annotator string
	ImportSet
	Spans     []model.Span
	Relations []model.Relation
}

// MergeTarget is a project a merge writes into: an import's target
// (ImportTarget's operations) with what a merge needs beyond an import.
// The SQLite project file (storage.DB) implements it; a team database
// implements the same contract and passes the same conformance suite
// (apptest.TestMergeTarget).
type MergeTarget interface {
	// MergeUnit runs fn in one write transaction, with the guarantees and
	// errors of ImportTarget.ImportUnit.
	MergeUnit(ctx context.Context, fn func(tx MergeTx) error) error
}

// MergeTx is the write transaction of a merge: the operations of an
// import's and those that copy another project's content as it stands
// (times, IDs, whole sets). A refused operation changes nothing, and the
// unit goes on.
type MergeTx interface {
	ImportTx
	// DocumentWithHash returns the document whose text has the content
	// hash; found is false when there is none. Errors: EINTERNAL.
	DocumentWithHash(ctx context.Context, hash string) (d DocumentHeader, found bool, err error)
	// CopyDocument stores a new document as another project holds it and
	// returns its ID: d.ID unless a document here has that ID (or it is
	// ""), then a new one; created is its created time (the unit's when
	// zero). d.Hash is model.ContentHash(d.Text), computed when empty.
	// Errors: EINVALID for an invalid text or meta, ECONFLICT when a
	// document has the text, EINTERNAL.
	CopyDocument(ctx context.Context, d model.Document, created time.Time) (id string, err error)
	// AddAnnotator adds an annotator with the time they were first seen
	// (the unit's when zero); added is false when the project has them
	// already, which changes nothing. Errors: EINVALID for an invalid
	// name (model.ValidateAnnotatorName), EINTERNAL.
	AddAnnotator(ctx context.Context, name string, created time.Time) (added bool, err error)
	// Relations returns the relations of the annotator's set on a
	// document: none when there is no such set. Errors: EINTERNAL.
	Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error)
	// ReplaceSet makes the annotator's set on a document (and the
	// annotator, if new) hold set's fields and times (the unit's where
	// zero), exactly the spans given and exactly the relations given:
	// every span and relation the set had goes. The spans keep their IDs,
	// origins and times as PutSet keeps them; the relations find their
	// spans, and keep their IDs, as PutRelations does (a duplicate is left
	// out). The set's updated time is set.Updated even though relations
	// were added. It returns how many spans and relations it stored.
	// Every check runs before the first write.
	// Errors: ENOTFOUND for an unknown document; EINVALID for what PutSet
	// or PutRelations refuse (overlaps are not checked: the caller's
	// rule); EINTERNAL.
	ReplaceSet(ctx context.Context, documentID, annotator string, set ImportSet, spans []model.Span, relations []ImportRelation) (spansAdded, relationsAdded int, err error)
	// PutReview, which records who last changed a document's gold
	// version, is ImportTx's.
}

// MergeReport says what a merge changed. Sets are counted per (document,
// annotator) annotation set of the other project, the gold version
// included.
type MergeReport struct {
	Documents         int // documents in the other project
	DocumentsAdded    int
	DocumentsExisting int // already here (same text)
	SetsAdded         int // sets this project did not have
	SetsUnchanged     int // same status, note, spans and relations in both
	SetsReplaced      int // differed, and the other's was changed later: it replaced this project's
	SetsKept          int // differed, and this project's was changed later or at the same time: kept
	SpansAdded        int // spans copied in with added and replacing sets
	RelationsAdded    int // relations copied in with added and replacing sets
	LabelsAdded       []string
	KeysDropped       []DroppedKey // labels added without their key, which a label here already uses
	// RelationLabelsAdded and RelationKeysDropped are the same for
	// relation labels, a set of their own.
	RelationLabelsAdded []string
	RelationKeysDropped []DroppedKey
	// SymmetryKept lists the relation labels both projects have, one
	// symmetric and the other not: this project's rule stays (as a label's
	// color and key do), and the other's relations of the label come in
	// under it.
	SymmetryKept    []string
	AnnotatorsAdded []string        // people, not model.GoldAnnotator
	Conflicts       []MergeConflict // every set that differed, replaced or kept
}

// Changed reports whether the merge wrote anything.
func (r MergeReport) Changed() bool {
	return r.DocumentsAdded > 0 || r.SetsAdded > 0 || r.SetsReplaced > 0 ||
		len(r.LabelsAdded) > 0 || len(r.RelationLabelsAdded) > 0 || len(r.AnnotatorsAdded) > 0
}

// DroppedKey is a label that came in without its key, because the label
// UsedBy already has that key here.
type DroppedKey struct {
	Label, Key, UsedBy string
}

// MergeConflict is an annotator's set on a document that differs between
// the two projects: the one changed last won.
type MergeConflict struct {
	DocumentID   string // the document's ID in this project
	Title        string
	ExternalID   string
	Annotator    string    // model.GoldAnnotator for the gold version
	TookOther    bool      // the other's set replaced this project's; false: this project's was kept
	HereUpdated  time.Time // when this project's set last changed
	OtherUpdated time.Time // when the other's set last changed
}

// Merge brings in the documents (matched by content hash), labels,
// relation labels, annotators and annotation sets of src, an annotator's
// copy of this project: a set this project lacks is copied; a set that
// differs (status, note, Prodigy answer and hashes, spans, relations) is
// replaced, spans and relations together, when src's copy changed later,
// and kept whole otherwise (ties keep this project's); every such case is
// in the report's Conflicts. The gold version's review record travels with
// its set. Suggestions are not merged: what an annotator accepted is a
// span and travels; what is still undecided stays where it was offered.
// src is only read, from one snapshot; everything lands in dst in one unit
// of work, so merging the same source twice changes nothing the second
// time. progress, if set, is called with the number of src's documents
// done.
//
// Errors name src: MergeSource.MergeRead's (ENOTFOUND, EINVALID), EINVALID
// for a damaged source (a text that does not match its hash) or spans
// this project's rules reject (overlaps where it allows none), an error
// wrapping ctx.Err() when cancelled, EINTERNAL. A failed merge changes
// nothing.
func Merge(ctx context.Context, dst MergeTarget, src MergeSource, progress func(done, total int)) (MergeReport, error) {
	var report MergeReport
	err := src.MergeRead(ctx, func(stx MergeSourceTx) error {
		return dst.MergeUnit(ctx, func(tx MergeTx) error {
			report = MergeReport{} // a retried unit starts again
			m := &merger{tx: tx, src: stx, report: &report}
			return m.run(ctx, progress)
		})
	})
	if err != nil {
		return MergeReport{}, fmt.Errorf("merge %s: %w", src.Name(), err)
	}
	return report, nil
}

// merger holds what a merge reuses across documents.
type merger struct {
	tx        MergeTx
	src       MergeSourceTx
	report    *MergeReport
	overlap   bool                     // this project allows overlapping spans
	symmetric model.RelationLabelNames // this project's relation labels, after the merge's
}

// run merges labels and annotators, then streams the source's documents
// one at a time with their sets.
func (m *merger) run(ctx context.Context, progress func(done, total int)) error {
	var err error
	if m.overlap, err = m.tx.AllowOverlap(ctx); err != nil {
		return err
	}
	if err := m.mergeLabels(ctx); err != nil {
		return err
	}
	if err := m.mergeRelationLabels(ctx); err != nil {
		return err
	}
	if err := m.mergeAnnotators(ctx); err != nil {
		return err
	}
	total := &m.report.Documents
	if *total, err = m.src.DocumentCount(ctx); err != nil {
		return err
	}
	if progress != nil {
		progress(0, *total)
	}
	done := 0
	return m.src.Documents(ctx, func(d DocumentHeader) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := m.mergeDocument(ctx, d); err != nil {
			return err
		}
		done++
		if progress != nil {
			progress(min(done, *total), *total)
		}
		return nil
	})
}

// mergeLabels adds the source's labels this project lacks, at the end and
// in the source's order. A key already used here is dropped.
func (m *merger) mergeLabels(ctx context.Context) error {
	theirs, err := m.src.Labels(ctx)
	if err != nil {
		return err
	}
	ours, err := m.tx.Labels(ctx)
	if err != nil {
		return err
	}
	names, keys := labelNamesAndKeys(len(ours))
	for _, l := range ours {
		names.add(l)
	}
	for _, l := range theirs {
		if names.names[l.Name] {
			continue
		}
		if owner, taken := keys[l.Key]; taken && l.Key != "" {
			m.report.KeysDropped = append(m.report.KeysDropped, DroppedKey{Label: l.Name, Key: l.Key, UsedBy: owner})
			l.Key = ""
		}
		if err := m.tx.AddLabel(ctx, l); err != nil {
			return fmt.Errorf("label %s: %w", l.Name, err)
		}
		names.add(l)
		m.report.LabelsAdded = append(m.report.LabelsAdded, l.Name)
	}
	return nil
}

// mergeRelationLabels does for relation labels what mergeLabels does for
// span labels. A label both have keeps this project's symmetry: changing
// it could refuse (a relation both ways round) or merge two of this
// project's relations into one, and this project's color and key stay too.
func (m *merger) mergeRelationLabels(ctx context.Context) error {
	theirs, err := m.src.RelationLabels(ctx)
	if err != nil {
		return err
	}
	ours, err := m.tx.RelationLabels(ctx)
	if err != nil {
		return err
	}
	names, keys := labelNamesAndKeys(len(ours))
	m.symmetric = model.RelationNamesOf(ours)
	for _, l := range ours {
		names.add(l.Label)
	}
	for _, l := range theirs {
		if names.names[l.Name] {
			if m.symmetric[l.Name] != l.Symmetric {
				m.report.SymmetryKept = append(m.report.SymmetryKept, l.Name)
			}
			continue
		}
		if owner, taken := keys[l.Key]; taken && l.Key != "" {
			m.report.RelationKeysDropped = append(m.report.RelationKeysDropped, DroppedKey{Label: l.Name, Key: l.Key, UsedBy: owner})
			l.Key = ""
		}
		if err := m.tx.AddRelationLabel(ctx, l); err != nil {
			return fmt.Errorf("relation label %s: %w", l.Name, err)
		}
		names.add(l.Label)
		m.symmetric[l.Name] = l.Symmetric
		m.report.RelationLabelsAdded = append(m.report.RelationLabelsAdded, l.Name)
	}
	return nil
}

// labelNames tracks the names and keys of a label set as a merge adds to it.
type labelNames struct {
	names map[string]bool
	keys  map[string]string // key -> label
}

func labelNamesAndKeys(n int) (*labelNames, map[string]string) {
	ln := &labelNames{names: make(map[string]bool, n), keys: make(map[string]string, n)}
	return ln, ln.keys
}

func (ln *labelNames) add(l model.Label) {
	ln.names[l.Name] = true
	if l.Key != "" {
		ln.keys[l.Key] = l.Name
	}
}

// mergeAnnotators adds the source's annotators this project lacks, with
// the time they were first seen there.
func (m *merger) mergeAnnotators(ctx context.Context) error {
	theirs, err := m.src.Annotators(ctx)
	if err != nil {
		return err
	}
	for _, a := range theirs {
		if err := model.ValidateAnnotatorName(a.Name); err != nil {
			return err
		}
		added, err := m.tx.AddAnnotator(ctx, a.Name, a.Created)
		if err != nil {
			return err
		}
		if added && a.Name != model.GoldAnnotator { // not a person
			m.report.AnnotatorsAdded = append(m.report.AnnotatorsAdded, a.Name)
		}
	}
	return nil
}

// mergeDocument finds or copies one document of the source, then merges
// its sets one at a time.
func (m *merger) mergeDocument(ctx context.Context, theirs DocumentHeader) error {
	doc, found, err := m.tx.DocumentWithHash(ctx, theirs.Hash)
	if err != nil {
		return err
	}
	if found {
		m.report.DocumentsExisting++
	} else {
		if doc, err = m.copyDocument(ctx, theirs); err != nil {
			return err
		}
		m.report.DocumentsAdded++
	}
	sets, err := m.src.Sets(ctx, theirs.ID)
	if err != nil {
		return err
	}
	for _, s := range sets {
		if err := m.mergeSet(ctx, doc, theirs, s, !found); err != nil {
			return err
		}
	}
	return nil
}

// copyDocument stores the source's document, keeping its ID unless a
// different text here has it.
func (m *merger) copyDocument(ctx context.Context, h DocumentHeader) (DocumentHeader, error) {
	d, err := m.src.Document(ctx, h.ID)
	if err != nil {
		return h, err
	}
	if err := model.ValidateText(d.Text); err != nil {
		return h, fmt.Errorf("document %s: %w", h.ID, err)
	}
	if model.ContentHash(d.Text) != h.Hash {
		return h, model.Errorf(model.EINVALID, "document %s is damaged: its text does not match its hash", h.ID)
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return h, fmt.Errorf("document %s: %w", h.ID, err)
	}
	d.Hash = h.Hash
	if h.ID, err = m.tx.CopyDocument(ctx, d, h.Created); err != nil {
		return h, err
	}
	h.Length = model.RuneLen(d.Text)
	return h, nil
}

// mergeSet adds, keeps or replaces this project's copy of the set theirs
// on doc. added says doc came with this merge, so nothing here has a set
// on it.
func (m *merger) mergeSet(ctx context.Context, doc, theirDoc DocumentHeader, theirs MergeSet, added bool) error {
	var ours MergeSet
	found := false
	if !added {
		var err error
		if ours.ImportSet, ours.Spans, found, err = m.tx.Set(ctx, doc.ID, theirs.Annotator); err != nil {
			return err
		}
		if found {
			if ours.Relations, err = m.tx.Relations(ctx, doc.ID, theirs.Annotator); err != nil {
				return err
			}
		}
	}
	if !found {
		if err := m.check(doc, theirs); err != nil {
			return err
		}
		m.report.SetsAdded++
		return m.take(ctx, doc, theirDoc, theirs)
	}
	if m.sameContent(ours, theirs) {
		m.report.SetsUnchanged++
		return nil
	}
	c := MergeConflict{DocumentID: doc.ID, Title: doc.Title, ExternalID: doc.ExternalID, Annotator: theirs.Annotator,
		TookOther:   theirs.Updated.After(ours.Updated), // a tie keeps this project's
		HereUpdated: ours.Updated.UTC(), OtherUpdated: theirs.Updated.UTC()}
	m.report.Conflicts = append(m.report.Conflicts, c)
	if !c.TookOther {
		m.report.SetsKept++
		return nil
	}
	if err := m.check(doc, theirs); err != nil {
		return err
	}
	m.report.SetsReplaced++
	return m.take(ctx, doc, theirDoc, theirs)
}

// check applies this project's rules to a set about to be copied in.
func (m *merger) check(doc DocumentHeader, s MergeSet) error {
	fail := func(err error) error {
		name := doc.ExternalID
		if name == "" {
			name = fmt.Sprintf("%q", doc.Title)
		}
		return fmt.Errorf("document %s, %s's annotation: %w", name, s.Annotator, err)
	}
	if err := s.Status.Validate(); err != nil {
		return fail(err)
	}
	for i, span := range s.Spans {
		if err := span.Validate(doc.Length, nil); err != nil {
			return fail(err)
		}
		if err := model.CheckAddition(s.Spans[:i], span, m.overlap); err != nil {
			return fail(err)
		}
	}
	return nil
}

// take makes this project's set on doc the source's set theirs, spans and
// relations, and brings the gold version's review record along.
func (m *merger) take(ctx context.Context, doc, theirDoc DocumentHeader, theirs MergeSet) error {
	rels, err := importRelations(theirs.Spans, theirs.Relations)
	if err != nil {
		return fmt.Errorf("document %s, %s's annotation: %w", doc.ID, theirs.Annotator, err)
	}
	spans, relations, err := m.tx.ReplaceSet(ctx, doc.ID, theirs.Annotator, theirs.ImportSet, theirs.Spans, rels)
	if err != nil {
		return err
	}
	m.report.SpansAdded += spans
	m.report.RelationsAdded += relations
	if theirs.Annotator != model.GoldAnnotator {
		return nil
	}
	reviewer, updated, found, err := m.src.Review(ctx, theirDoc.ID)
	if err != nil {
		return err
	}
	if !found {
		reviewer, updated = "", time.Time{}
	}
	return m.tx.PutReview(ctx, doc.ID, reviewer, updated)
}

// importRelations names each relation's spans by offsets and label, as
// the target finds them. EINVALID for a relation whose span the set lacks.
func importRelations(spans []model.Span, relations []model.Relation) ([]ImportRelation, error) {
	if len(relations) == 0 {
		return nil, nil
	}
	byID := make(map[string]model.Span, len(spans))
	for _, s := range spans {
		byID[s.ID] = s
	}
	out := make([]ImportRelation, len(relations))
	for i, r := range relations {
		from, okFrom := byID[r.From]
		to, okTo := byID[r.To]
		if !okFrom || !okTo {
			return nil, model.Errorf(model.EINVALID, "relation %s joins a span its set does not hold", r.ID)
		}
		out[i] = ImportRelation{ID: r.ID, From: from, To: to, Label: r.Label, Note: r.Note}
	}
	return out, nil
}

// sameContent compares what an annotator decided: status, note, the
// imported answer and Prodigy hashes, spans by offsets, label, note and
// attributes, and relations by their spans, label (either way round when this
// project's label is symmetric) and note. IDs and times do not count.
func (m *merger) sameContent(a, b MergeSet) bool {
	if a.Status != b.Status || a.Note != b.Note || len(a.Spans) != len(b.Spans) || a.Answer != b.Answer ||
		!sameHash(a.InputHash, b.InputHash) || !sameHash(a.TaskHash, b.TaskHash) {
		return false
	}
	model.SortSpans(a.Spans)
	model.SortSpans(b.Spans)
	for i := range a.Spans {
		if !a.Spans[i].SameAs(b.Spans[i]) || a.Spans[i].Note != b.Spans[i].Note ||
			!a.Spans[i].Attributes.Equal(b.Spans[i].Attributes) {
			return false
		}
	}
	if len(a.Relations) == 0 && len(b.Relations) == 0 {
		return true
	}
	ka, kb := m.relationKeys(a), m.relationKeys(b)
	if len(ka) != len(kb) {
		return false
	}
	for k, note := range ka {
		if other, ok := kb[k]; !ok || other != note {
			return false
		}
	}
	return true
}

// relationKeys are a set's relations as sameContent compares them: each
// relation's note by its spans (offsets and label) and label, the spans
// in order when this project's label is symmetric. A relation there twice
// (both ways round under a label symmetric here only) counts once, with
// the note of the first, as ReplaceSet stores it.
func (m *merger) relationKeys(s MergeSet) map[string]string {
	byID := make(map[string]model.Span, len(s.Spans))
	for _, sp := range s.Spans {
		byID[sp.ID] = sp
	}
	spanKey := func(id string) string {
		sp := byID[id]
		return fmt.Sprintf("%d:%d:%s", sp.Start, sp.End, sp.Label)
	}
	keys := make(map[string]string, len(s.Relations))
	for _, r := range s.Relations {
		from, to := spanKey(r.From), spanKey(r.To)
		if m.symmetric[r.Label] && to < from {
			from, to = to, from
		}
		k := strings.Join([]string{from, to, r.Label}, "\x00")
		if _, ok := keys[k]; !ok {
			keys[k] = r.Note
		}
	}
	return keys
}

func sameHash(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// CheckSetRelations checks the relations of a set a merge writes whole
// (MergeTx.ReplaceSet) before anything is written: each joins two
// different spans of spans, the set's new spans, by offsets and label,
// and has one of the project's relation labels (names). EINVALID names
// the first that does not. Every MergeTx's ReplaceSet checks so.
func CheckSetRelations(annotator, documentID string, spans []model.Span, relations []ImportRelation, names model.RelationLabelNames) error {
	holds := func(s model.Span) bool {
		for _, o := range spans {
			if o.SameAs(s) {
				return true
			}
		}
		return false
	}
	for _, r := range relations {
		if !holds(r.From) || !holds(r.To) {
			return model.Errorf(model.EINVALID, "a relation of %s's set on document %s joins a span the set does not hold",
				model.Printable(annotator), documentID)
		}
		if r.From.SameAs(r.To) {
			return model.Errorf(model.EINVALID, "a relation joins two different spans, not a span with itself")
		}
		if _, ok := names[r.Label]; !ok {
			return model.Errorf(model.EINVALID, "the relation has label %s, which is not one of the project's relation labels", model.Printable(r.Label))
		}
	}
	return nil
}
