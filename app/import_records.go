package app

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// importer holds what an import reuses across records: the rules' state,
// over the unit of work's primitives (ImportTx).
type importer struct {
	tx           ImportTx
	defaultOwner string
	// fromFile says a record that names no annotator is the annotator its
	// file is named after, where the format names files so
	// (ImportOptions.AnnotatorFromFile); fileOwners are those met.
	fromFile    bool
	fileOwners  map[string]bool
	reviewers   map[string]bool // who reviewed the gold versions review records brought
	status      model.Status
	skipInvalid bool
	onConflict  string
	formats     map[string]bool
	// versions holds, per document and annotator, the first set of spans
	// this import brought, and moreVersions those kept apart: a repeat is
	// fine, other spans are a conflict. Keys hold no pointers (the
	// text's content digest, which names its document as the content hash
	// does, and an interned name), so that 100,000 documents cost a few
	// megabytes the collector need not scan.
	versions     map[versionKey]version
	moreVersions map[versionKey][]keptVersion
	interned     map[string]int32
	names        []string
	seed         maphash.Seed
	allowOverlap bool
	labels       map[string]bool // the project's label names
	labelList    []model.Label
	labelsAdded  []string
	// relLabels are the project's relation labels, by name, and
	// relLabelList in order, for the colour and key a new one gets.
	relLabels      map[string]bool
	relLabelList   []model.RelationLabel
	relLabelsAdded []string
}

func newImporter(ctx context.Context, tx ImportTx, opts ImportOptions) (*importer, error) {
	im := &importer{tx: tx, defaultOwner: opts.Annotator, fromFile: opts.AnnotatorFromFile, fileOwners: map[string]bool{}, reviewers: map[string]bool{}, labels: map[string]bool{},
		status: opts.Status, skipInvalid: opts.SkipInvalid, onConflict: opts.OnConflict,
		formats: map[string]bool{}, versions: map[versionKey]version{}, moreVersions: map[versionKey][]keptVersion{},
		interned: map[string]int32{}, seed: maphash.MakeSeed()}
	if opts.Status != "" {
		if err := opts.Status.Validate(); err != nil {
			return nil, err
		}
	}
	var err error
	if im.allowOverlap, err = tx.AllowOverlap(ctx); err != nil {
		return nil, err
	}
	if im.labelList, err = tx.Labels(ctx); err != nil {
		return nil, err
	}
	for _, l := range im.labelList {
		im.labels[l.Name] = true
	}
	if im.relLabelList, err = tx.RelationLabels(ctx); err != nil {
		return nil, err
	}
	im.relLabels = make(map[string]bool, len(im.relLabelList))
	for _, l := range im.relLabelList {
		im.relLabels[l.Name] = true
	}
	return im, nil
}

// counted notes what a record read brings to the report, whatever becomes
// of it: the format it was read as and what a project cannot keep.
func (im *importer) counted(rec *formats.Record, report *ImportReport) {
	if rec.Format != "" {
		im.formats[string(rec.Format)] = true
	}
	report.Relaxed += rec.Relaxed
	for kind, n := range rec.NotKept {
		if n <= 0 {
			continue
		}
		if report.NotKept == nil {
			report.NotKept = map[string]int{}
		}
		report.NotKept[kind] += n
	}
}

// add stores one record. Every check that can fail runs before the first
// write, so a skipped record leaves nothing behind; under SkipInvalid a bad
// span or suggestion is left out alone, reported, and its record kept.
func (im *importer) add(ctx context.Context, rec *formats.Record, report *ImportReport) error {
	if rec.Review || len(rec.Versions) > 0 {
		return im.addReview(ctx, rec, report)
	}
	owner := im.owner(rec)
	if owner != rec.Annotator && owner == rec.FileAnnotator && rec.Annotated && len(rec.Spans) == 0 && len(rec.Relations) == 0 && rec.Note == "" {
		// doccano writes every text into every user's file, an empty
		// label list where the user labeled nothing, read or not: it is
		// no sign that they read it, and a set with no spans would count
		// against them in agreement. The document is added alone.
		unread := *rec
		unread.Annotated = false
		rec = &unread
		report.UserFileUnlabeled++
	}
	p, ok, err := im.prepare(ctx, rec, owner, report)
	if err != nil || !ok {
		return err
	}
	return im.write(ctx, &p, report)
}

// owner is who a record's spans are: the annotator it names, else the
// one its file is named after when the import goes by file names, else
// the import's.
func (im *importer) owner(rec *formats.Record) string {
	switch {
	case rec.Annotator != "":
		return rec.Annotator
	case im.fromFile && rec.FileAnnotator != "":
		im.fileOwners[rec.FileAnnotator] = true
		return rec.FileAnnotator
	}
	return im.defaultOwner
}

// planned is a record checked and ready to write: what prepare found and
// decided, which write stores.
type planned struct {
	rec         *formats.Record
	owner       string
	status      model.Status
	docID, hash string
	found       bool
	// part is true for a record after the first of one review record's
	// sets: its document is the first's, counted once.
	part        bool
	vkey        versionKey
	sig         uint64
	remember    bool
	set         ImportSet
	hasSet      bool
	fresh       []model.Span
	relations   []importRelation
	suggestions []model.Span
	changed     bool // write made or changed the owner's set
}

// prepare runs every check of a record, stored as owner's, that can fail,
// and reads what is stored already, before anything is written. ok false
// with no error means the record is left out (ConflictFirst). The plan is
// a value: an import prepares one a record.
func (im *importer) prepare(ctx context.Context, rec *formats.Record, owner string, report *ImportReport) (p planned, ok bool, err error) {
	fail := func(err error) error { return fmt.Errorf("%s: %w", rec.Where(), err) }
	if err := model.ValidateText(rec.Text); err != nil {
		return p, false, fail(err)
	}
	if err := model.ValidateMeta(rec.Meta); err != nil {
		return p, false, fail(err)
	}
	// The record is a version of the annotator's work on the text: spans,
	// or the word that they read it and found none.
	annotates := len(rec.Spans) > 0 || rec.Annotated
	if annotates || rec.Note != "" || len(rec.Suggestions) > 0 {
		if owner == "" {
			return p, false, fail(model.Errorf(model.EINVALID, "the record has spans, a note or suggestions but no annotator: pass --annotator"))
		}
		if err := model.ValidateAnnotatorName(owner); err != nil {
			return p, false, fail(err)
		}
	}
	status, err := im.statusOf(rec)
	if err != nil {
		return p, false, fail(err)
	}
	textLen := model.RuneLen(rec.Text)
	digest := model.ContentDigest(rec.Text)
	hash := model.DigestHash(digest)

	// Find what is stored already, to check the new spans against it.
	docID, found, err := im.tx.DocumentByHash(ctx, hash)
	if err != nil {
		return p, false, err
	}
	var vkey versionKey
	var sig uint64
	remember := false
	if annotates {
		vkey, sig, remember = versionKey{digest, im.intern(owner)}, im.spanSignature(rec.Spans), !found
		if found {
			var drop bool
			if owner, drop, remember, err = im.version(rec, vkey, sig, owner, report); err != nil {
				return p, false, err
			}
			if drop {
				report.DocumentsExisting++
				return p, false, nil
			}
		}
	}
	var set ImportSet
	var hasSet bool
	var kept []model.Span
	if (annotates || rec.Note != "" || len(rec.Suggestions) > 0) && found {
		if set, kept, hasSet, err = im.tx.Set(ctx, docID, owner); err != nil {
			return p, false, err
		}
	}
	inProject := len(kept)
	var fresh []model.Span
	var freshFrom []int // the index in rec.Spans of each of fresh
	var skipped []bool  // by index in rec.Spans: left out under SkipInvalid
	for i, s := range rec.Spans {
		err := im.checkSpan(s, textLen)
		if err == nil {
			err = model.CheckAddition(kept, s, im.allowOverlap)
			if model.ErrorCode(err) == model.ECONFLICT {
				report.SpansExisting++
				continue
			}
			var refusal *model.SpanRefusal
			if errors.As(err, &refusal) {
				err = overlapError(rec, refusal, kept, inProject, freshFrom)
			}
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", rec.SpanWhere(i), err)
			if !im.skipInvalid {
				return p, false, err
			}
			report.SkippedSpans = append(report.SkippedSpans, err)
			if skipped == nil {
				skipped = make([]bool, len(rec.Spans))
			}
			skipped[i] = true
			continue
		}
		kept = append(kept, s)
		// The project gives an imported span its own ID, origin and time.
		s.ID, s.Origin, s.Created, s.Updated = "", model.OriginImport, timeZero, timeZero
		fresh = append(fresh, s)
		freshFrom = append(freshFrom, i)
	}
	relations, err := im.relations(rec, skipped, report)
	if err != nil {
		return p, false, err
	}
	var suggestions []model.Span
suggested:
	for i, s := range rec.Suggestions {
		for _, k := range kept {
			if k.SameAs(s) {
				continue suggested // the annotator has it: nothing to decide
			}
		}
		if err := im.checkSpan(s, textLen); err != nil {
			err = fmt.Errorf("%s: suggestion %d: %w", rec.Where(), i+1, err)
			if !im.skipInvalid {
				return p, false, err
			}
			report.SkippedSpans = append(report.SkippedSpans, err)
			continue
		}
		suggestions = append(suggestions, s)
	}
	return planned{rec: rec, owner: owner, status: status, docID: docID, hash: hash, found: found,
		vkey: vkey, sig: sig, remember: remember, set: set, hasSet: hasSet,
		fresh: fresh, relations: relations, suggestions: suggestions}, true, nil
}

// write stores what prepare planned: the document when it is new, the
// owner's set with its new spans, relations and suggestions.
func (im *importer) write(ctx context.Context, p *planned, report *ImportReport) error {
	rec, owner, docID := p.rec, p.owner, p.docID
	fail := func(err error) error { return fmt.Errorf("%s: %w", rec.Where(), err) }
	var err error
	switch {
	case p.part:
	case p.found:
		report.DocumentsExisting++
		if err := im.keepTokens(ctx, docID, rec); err != nil {
			return err
		}
	default:
		docID, err = im.tx.AddDocument(ctx, model.Document{ExternalID: rec.ExternalID, Text: rec.Text, Meta: rec.Meta, Hash: p.hash})
		if err != nil {
			return err
		}
		p.docID = docID
		report.DocumentsAdded++
		if len(rec.Tokens) > 0 { // the source's tokens go with the new document
			if err := im.tx.PutTokens(ctx, docID, rec.Tokens); err != nil {
				return err
			}
		}
	}
	if p.remember {
		im.versions[p.vkey] = version{sig: p.sig, source: im.intern(rec.Source), line: int32(rec.Line)}
	}
	if rec.Annotated && len(rec.Spans) == 0 {
		report.AnnotatedEmpty++
	}
	fresh, relations, suggestions := p.fresh, p.relations, p.suggestions
	for _, s := range fresh {
		if err := im.label(ctx, s.Label); err != nil {
			return fail(err)
		}
	}
	if len(fresh) > 0 || rec.Note != "" || rec.Annotated {
		if put, changed := im.setAfter(rec, p.status, p.set, p.hasSet, len(fresh) > 0); changed {
			p.changed = true
			n, err := im.tx.PutSet(ctx, docID, owner, put, fresh)
			if err != nil {
				return err
			}
			report.SpansAdded += n
		}
	}
	if len(relations) > 0 {
		for _, r := range relations {
			if err := im.relationLabel(ctx, r.Label, r.symmetric); err != nil {
				return fail(err)
			}
		}
		put := make([]ImportRelation, len(relations))
		for i, r := range relations {
			put[i] = r.ImportRelation
		}
		n, err := im.tx.PutRelations(ctx, docID, owner, put)
		if err != nil {
			return err
		}
		report.RelationsAdded += n
		report.RelationsExisting += len(put) - n
	}
	if len(suggestions) > 0 {
		for _, s := range suggestions {
			if err := im.label(ctx, s.Label); err != nil {
				return fail(err)
			}
		}
		n, err := im.tx.AddSuggestions(ctx, docID, owner, suggestions)
		if err != nil {
			return err
		}
		report.SuggestionsAdded += n
	}
	return nil
}

// importRelation is a relation of a record on its way to PutRelations,
// with whether the input declares it symmetric.
type importRelation struct {
	ImportRelation
	symmetric bool
}

// relations checks the record's relations before anything is written: a
// label the project has or can take, two different spans. A relation whose
// span was skipped (under SkipInvalid) is left out with it and reported;
// any other bad relation is the record's error, or under SkipInvalid left
// out alone.
func (im *importer) relations(rec *formats.Record, skipped []bool, report *ImportReport) ([]importRelation, error) {
	if len(rec.Relations) == 0 {
		return nil, nil
	}
	out := make([]importRelation, 0, len(rec.Relations))
	for i, r := range rec.Relations {
		where := rec.Where()
		if r.Line > 0 {
			where = place(rec.Source, r.Line)
		}
		var err error
		switch {
		case r.From < 0 || r.From >= len(rec.Spans) || r.To < 0 || r.To >= len(rec.Spans):
			err = model.Errorf(model.EINVALID, "relation %d names a span the record does not have", i+1)
		case skipped != nil && (skipped[r.From] || skipped[r.To]):
			from, to := rec.Spans[r.From], rec.Spans[r.To]
			report.SkippedSpans = append(report.SkippedSpans, model.Errorf(model.EINVALID,
				"%s: relation %s from [%d, %d) %s to [%d, %d) %s: left out with its skipped span",
				where, model.Printable(r.Label), from.Start, from.End, from.Label, to.Start, to.End, to.Label))
			continue
		case rec.Spans[r.From].SameAs(rec.Spans[r.To]):
			s := rec.Spans[r.From]
			err = model.Errorf(model.EINVALID, "relation %s joins span [%d, %d) %s with itself", model.Printable(r.Label), s.Start, s.End, s.Label)
		case !im.relLabels[r.Label]:
			err = (model.RelationLabel{Label: model.NewLabel(r.Label, nil)}).Validate()
		}
		if err != nil {
			err = fmt.Errorf("%s: %w", where, err)
			if !im.skipInvalid {
				return nil, err
			}
			report.SkippedSpans = append(report.SkippedSpans, err)
			continue
		}
		out = append(out, importRelation{ImportRelation{From: rec.Spans[r.From], To: rec.Spans[r.To], Label: r.Label, Note: r.Note}, r.Symmetric})
	}
	return out, nil
}

// relationLabel adds the named relation label to the project when the
// input brings one it does not have yet: its colour and key chosen as a
// new span label's are, symmetric when the input declares it so (a brat
// equivalence).
func (im *importer) relationLabel(ctx context.Context, name string, symmetric bool) error {
	if im.relLabels[name] {
		return nil
	}
	existing := make([]model.Label, len(im.relLabelList))
	for i, l := range im.relLabelList {
		existing[i] = l.Label
	}
	l := model.RelationLabel{Label: model.NewLabel(name, existing), Symmetric: symmetric}
	if err := im.tx.AddRelationLabel(ctx, l); err != nil {
		return err
	}
	im.relLabels[name] = true
	im.relLabelList = append(im.relLabelList, l)
	im.relLabelsAdded = append(im.relLabelsAdded, name)
	return nil
}

// timeZero is the zero time: "the unit's time" to PutSet.
var timeZero = time.Time{}

// setAfter is the record's annotation set as it is to be stored, and
// whether that is a change. A new set takes the record's status, note,
// answer and hashes. An existing set keeps its status (the annotator may
// have moved it on in Inkspan) unless it was todo and the record says it
// was annotated; its answer and hashes are filled where it has none; a
// note replaces its note. New spans or a note change an existing set: its
// time says so, which is what merge and the disagreement measures go by.
func (im *importer) setAfter(rec *formats.Record, status model.Status, set ImportSet, exists, newSpans bool) (ImportSet, bool) {
	if !exists {
		return ImportSet{Status: status, Note: rec.Note, Answer: rec.Answer, InputHash: rec.InputHash, TaskHash: rec.TaskHash}, true
	}
	changed := newSpans || rec.Note != ""
	if rec.Note != "" {
		set.Note = rec.Note
	}
	if rec.Annotated && set.Status == model.StatusTodo {
		set.Status, changed = status, true
	}
	if set.Answer == "" && rec.Answer != "" {
		set.Answer, changed = rec.Answer, true
	}
	if set.InputHash == nil && rec.InputHash != nil {
		set.InputHash, changed = rec.InputHash, true
	}
	if set.TaskHash == nil && rec.TaskHash != nil {
		set.TaskHash, changed = rec.TaskHash, true
	}
	// The set's times become the unit's.
	set.Created, set.Updated = timeZero, timeZero
	return set, changed
}

// statusOf is the status a set the record makes starts with.
func (im *importer) statusOf(rec *formats.Record) (model.Status, error) {
	if err := model.ValidateAnswer(rec.Answer); err != nil {
		return "", err
	}
	switch {
	case rec.Status != "":
		return rec.Status, rec.Status.Validate()
	case rec.Answer == "reject" || rec.Answer == "ignore":
		return model.StatusSkipped, nil
	case im.status != "":
		return im.status, nil
	case rec.Annotated:
		return model.StatusDone, nil
	}
	return model.StatusInProgress, nil
}

// checkSpan checks a span of the record on its own: offsets and a label
// the project has or can take.
func (im *importer) checkSpan(s model.Span, textLen int) error {
	if err := s.Validate(textLen, nil); err != nil {
		return err
	}
	if !im.labels[s.Label] {
		if err := model.NewLabel(s.Label, im.labelList).Validate(); err != nil {
			return err
		}
	}
	return nil
}

// label adds the named label to the project when the input brings a label
// the project does not have yet.
func (im *importer) label(ctx context.Context, name string) error {
	if im.labels[name] {
		return nil
	}
	l := model.NewLabel(name, im.labelList)
	if err := im.tx.AddLabel(ctx, l); err != nil {
		return err
	}
	im.labels[name] = true
	im.labelList = append(im.labelList, l)
	im.labelsAdded = append(im.labelsAdded, name)
	return nil
}

// overlapError says which span a span of rec overlaps, and where that one
// is: on its own line of the input, or already in the project. kept holds
// the project's spans first (inProject of them), then the record's
// accepted so far, whose indexes in rec.Spans are in freshFrom.
func overlapError(rec *formats.Record, refusal *model.SpanRefusal, kept []model.Span, inProject int, freshFrom []int) error {
	place := "already in the project"
	for j, k := range kept {
		if k.SameAs(refusal.Existing) {
			if j >= inProject {
				place = "at " + rec.SpanWhere(freshFrom[j-inProject])
			}
			break
		}
	}
	s, e := refusal.Span, refusal.Existing
	return &model.SpanRefusal{Span: s, Existing: e, Err: model.Errorf(model.EINVALID,
		"span [%d, %d) %s overlaps span [%d, %d) %s %s, and this project does not allow overlapping spans",
		s.Start, s.End, s.Label, e.Start, e.End, e.Label, place)}
}

// versionKey is one annotator's work on one document: the document's
// content digest and the annotator's interned name.
type versionKey struct {
	doc   [32]byte
	owner int32
}

// version is one set of spans an import met for a versionKey: the first
// is stored under the key's annotator. 16 bytes, with the 36 of the key,
// for each document an import brings.
type version struct {
	sig          uint64 // spanSignature
	source, line int32  // where: an interned file name and a line
}

// keptVersion is a further version kept apart (ConflictSeparate).
type keptVersion struct {
	version
	owner int32 // the interned annotator it is stored under
}

// intern returns the index of s in im.names, adding it the first time.
func (im *importer) intern(s string) int32 {
	if i, ok := im.interned[s]; ok {
		return i
	}
	i := int32(len(im.names))
	im.names = append(im.names, s)
	im.interned[s] = i
	return i
}

// version tells a record that repeats an earlier one of the same text and
// annotator (fine: the import stays idempotent) from one that brings other
// spans, which would otherwise merge into a union neither file holds. It
// returns the annotator to store the record under; drop when the record is
// to be left out (ConflictFirst); first when no earlier record of this
// import had the text, so this one is the version to remember.
func (im *importer) version(rec *formats.Record, key versionKey, sig uint64, owner string, report *ImportReport) (storeAs string, drop, first bool, err error) {
	earliest, seen := im.versions[key]
	if !seen {
		return owner, false, true, nil
	}
	if earliest.sig == sig {
		return owner, false, false, nil
	}
	more := im.moreVersions[key]
	for _, v := range more {
		if v.sig == sig {
			return im.names[v.owner], false, false, nil
		}
	}
	at := place(im.names[earliest.source], int(earliest.line))
	switch im.onConflict {
	case ConflictFirst:
		report.Conflicts = append(report.Conflicts, model.Errorf(model.ECONFLICT,
			"%s: %s's spans on this text differ from those at %s: kept the version at %s, left this one out",
			rec.Where(), owner, at, at))
		return "", true, false, nil
	case ConflictSeparate:
		taken := map[string]string{owner: im.names[earliest.source]} // name → the file of its version
		for _, v := range more {
			taken[im.names[v.owner]] = im.names[v.source]
		}
		name := separateName(owner, rec, taken)
		im.moreVersions[key] = append(more, keptVersion{version{sig: sig, source: im.intern(rec.Source), line: int32(rec.Line)}, im.intern(name)})
		report.Conflicts = append(report.Conflicts, model.Errorf(model.ECONFLICT,
			"%s: %s's spans on this text differ from those at %s: kept both, this one as annotator %s",
			rec.Where(), owner, at, name))
		return name, false, false, nil
	}
	return "", false, false, NewConflictError(rec.Where(), at, owner)
}

// spanSignature identifies a set of spans by offsets and label, whatever
// their order: the sum of one hash per span.
func (im *importer) spanSignature(spans []model.Span) uint64 {
	var sum uint64
	var h maphash.Hash
	h.SetSeed(im.seed)
	var b [16]byte
	for _, s := range spans {
		h.Reset()
		for i := 0; i < 8; i++ {
			b[i] = byte(uint64(s.Start) >> (8 * i))
			b[8+i] = byte(uint64(s.End) >> (8 * i))
		}
		h.Write(b[:])
		h.WriteString(s.Label)
		sum += h.Sum64()
	}
	return sum
}

// separateName names the annotator a version is kept under: the annotator
// and the file's name, "anna (b.jsonl)", so that a file's versions stay
// together. Where that is taken by a version of another file of the same
// name, the file's path as the user gave it ("anna (dir/b.jsonl)"); where a
// version of the same file has it (one file holding the text three times),
// the file's name and the record's line ("anna (b.jsonl:3)"), then its path
// and line. A path is never made absolute here: the name stays the same on
// every machine the same command runs on. taken maps the names in use to
// the file whose version each holds.
func separateName(owner string, rec *formats.Record, taken map[string]string) string {
	base := filepath.Base(rec.Source)
	tags := []string{base}
	if from, used := taken[annotatorTagged(owner, base)]; used && from != rec.Source && rec.Source != base {
		tags = append(tags, rec.Source)
	}
	tags = append(tags, place(base, rec.Line))
	if rec.Source != base {
		tags = append(tags, place(rec.Source, rec.Line))
	}
	for n := 2; ; n++ {
		for _, tag := range tags {
			name := annotatorTagged(owner, tag)
			if _, used := taken[name]; !used {
				return name
			}
		}
		tags = []string{fmt.Sprintf("%s #%d", place(base, rec.Line), n)}
	}
}

// annotatorTagged is "owner (tag)", cut to the 128 characters an annotator
// name may hold: the tag loses its start (a path's folders), then the
// owner its end.
func annotatorTagged(owner, tag string) string {
	const max = 128
	if r := []rune(tag); len(r) > 48 && utf8.RuneCountInString(owner)+len(r)+3 > max {
		tag = "…" + string(r[len(r)-47:])
	}
	if o := []rune(owner); len(o)+utf8.RuneCountInString(tag)+3 > max {
		owner = string(o[:max-3-utf8.RuneCountInString(tag)])
	}
	return owner + " (" + tag + ")"
}

// place is "file:line", or the file alone, as formats.Record.Where says it.
func place(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", model.Printable(file), line)
	}
	return model.Printable(file)
}

// keepTokens gives a document found by its text the tokens the record
// brings, when it has none yet (it came as plain text before): tokens a
// document already has are the ones its first source gave, and stay.
func (im *importer) keepTokens(ctx context.Context, docID string, rec *formats.Record) error {
	if len(rec.Tokens) == 0 {
		return nil
	}
	have, err := im.tx.Tokens(ctx, docID)
	if err != nil || have != nil {
		return err
	}
	return im.tx.PutTokens(ctx, docID, rec.Tokens)
}
