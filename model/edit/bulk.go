package edit

import (
	"context"
	"errors"

	"github.com/inkspan/inkspan/model"
)

// BulkStore is a Store that can add or delete many spans in one call. A
// Batch hands such a store each run of adds on one document (and, on undo,
// the same run as one deletion) instead of calling it once a span: in a
// database a call costs statements, and a step of 200 spans then costs a
// few instead of hundreds. Stores without it serve batches call by call,
// with the same result.
//
// Each method does exactly what the calls of Store it replaces would do
// one after the other, in order, except that it is all or nothing: on an
// error nothing was changed, and the error is the one the first failing
// call would have returned.
type BulkStore interface {
	Store
	// AddSpans stores spans, in order, on the annotator's copy of the
	// document and returns them as stored, in the same order. Each is
	// checked as AddSpan checks it, against the annotator's spans and
	// against the ones before it in spans; each keeps its ID when set; the
	// first addition moves a todo document to in progress. No spans is no
	// change. EINVALID for a bad or overlapping span or an unknown label,
	// ECONFLICT for a duplicate, ENOTFOUND for an unknown document: the
	// error of the first span that fails, and then none is added.
	AddSpans(ctx context.Context, documentID, annotator string, spans []model.Span) ([]model.Span, error)
	// DeleteSpans removes the spans with the given IDs; it leaves statuses
	// alone, as DeleteSpan does. ENOTFOUND for the first ID, in order, that
	// names no span or names one already named before it, and then none is
	// removed.
	DeleteSpans(ctx context.Context, spanIDs []string) error
}

// segment is a part of a batch that runs as a whole: one command, or a run
// of adds (or of deletes) of spans on one annotator's document, which a
// BulkStore takes in one call.
type segment interface {
	do(ctx context.Context, st BulkStore) error
	undo(ctx context.Context, st BulkStore) error
}

// single is a segment of one command.
type single struct{ cmd Command }

func (s single) do(ctx context.Context, st BulkStore) error   { return s.cmd.Do(ctx, st) }
func (s single) undo(ctx context.Context, st BulkStore) error { return s.cmd.Undo(ctx, st) }

// segments splits cmds into runs of two or more adds, or of two or more
// deletes, on one annotator's document, and single commands.
func segments(cmds []Command) []segment {
	var out []segment
	for i := 0; i < len(cmds); {
		j := i + 1
		switch c := cmds[i].(type) {
		case *addCmd:
			for j < len(cmds) {
				next, ok := cmds[j].(*addCmd)
				if !ok || next.track.doc != c.track.doc || next.track.ann != c.track.ann {
					break
				}
				j++
			}
			if j-i > 1 {
				out = append(out, addRun(cmds[i:j]))
				i = j
				continue
			}
		case *deleteCmd:
			for j < len(cmds) {
				next, ok := cmds[j].(*deleteCmd)
				if !ok || next.track.doc != c.track.doc || next.track.ann != c.track.ann {
					break
				}
				j++
			}
			if j-i > 1 {
				out = append(out, deleteRun(cmds[i:j]))
				i = j
				continue
			}
		}
		out = append(out, single{cmds[i]})
		i++
	}
	return out
}

// runSegments does segs in order, all or nothing, as Batch does its
// commands: when one fails, the ones before it are undone.
func runSegments(ctx context.Context, st BulkStore, segs []segment) error {
	for i, seg := range segs {
		if err := seg.do(ctx, st); err != nil {
			return takeBack(err, func() error {
				var errs []error
				for j := i - 1; j >= 0; j-- {
					errs = append(errs, segs[j].undo(ctx, st))
				}
				return errors.Join(errs...)
			})
		}
	}
	return nil
}

// unrunSegments undoes segs in reverse order, all or nothing: when one
// fails, the ones after it are done again.
func unrunSegments(ctx context.Context, st BulkStore, segs []segment) error {
	for i := len(segs) - 1; i >= 0; i-- {
		if err := segs[i].undo(ctx, st); err != nil {
			return takeBack(err, func() error {
				var errs []error
				for j := i + 1; j < len(segs); j++ {
					errs = append(errs, segs[j].do(ctx, st))
				}
				return errors.Join(errs...)
			})
		}
	}
	return nil
}

// The runs below keep each command's own record (the span's ID, the status
// before and after it) exactly as running the commands one by one would
// have left it, so that undoing, redoing, or running the same commands call
// by call on another store all agree. That rests on the Store's rules: an
// addition moves the status as model.Status.AfterSpanChange says (todo to
// in progress, nothing else), which a second addition does not move again,
// so every addition after the first finds the status the first one left;
// a deletion changes no status. The relations a run's deletion takes with
// its spans go to the command whose deletion, one by one, would have
// taken them (spread).

// addRun is a run of adds of spans on one annotator's document.
type addRun []Command // each an *addCmd on the same document and annotator

func (r addRun) cmd(i int) *addCmd { return r[i].(*addCmd) }

func (r addRun) spans() []model.Span {
	spans := make([]model.Span, len(r))
	for i := range r {
		spans[i] = r.cmd(i).span
	}
	return spans
}

// ids returns the IDs of the run's spans, last first: the order in which
// undoing the commands one by one deletes them.
func (r addRun) ids() []string {
	ids := make([]string, len(r))
	for i := range r {
		ids[len(r)-1-i] = r.cmd(i).span.ID
	}
	return ids
}

func (r addRun) do(ctx context.Context, st BulkStore) error {
	t := r.cmd(0).track
	before, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	stored, err := st.AddSpans(ctx, t.doc, t.ann, r.spans())
	if err != nil {
		return err
	}
	if len(stored) != len(r) {
		// A store that breaks its contract must not leave the commands
		// without their spans' IDs.
		err := model.Errorf(model.EINTERNAL, "the store added %d spans of %d", len(stored), len(r))
		return takeBack(err, func() error { return st.DeleteSpans(ctx, idsOf(stored)) })
	}
	if err := restoreRelations(ctx, st, t.doc, t.ann, r.relations()); err != nil {
		return takeBack(err, func() error { return st.DeleteSpans(ctx, idsOf(stored)) })
	}
	after, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return takeBack(err, func() error { return st.DeleteSpans(ctx, idsOf(stored)) })
	}
	for i := range r {
		c := r.cmd(i)
		c.span.ID = stored[i].ID
		c.track.before, c.track.after = after, after
	}
	r.cmd(0).track.before = before
	return nil
}

func (r addRun) undo(ctx context.Context, st BulkStore) error {
	t := r.cmd(0).track
	current, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	want := current
	for i := len(r) - 1; i >= 0; i-- {
		want = r.cmd(i).track.restored(want)
	}
	ids := r.ids()
	relations, err := touching(ctx, st, t.doc, t.ann, ids...)
	if err != nil {
		return err
	}
	if err := st.DeleteSpans(ctx, ids); err != nil {
		return err
	}
	// ids are last first: the k-th is the span of command len(r)-1-k.
	for k, rels := range spread(relations, ids) {
		r.cmd(len(r) - 1 - k).relations = rels
	}
	readd := func() error {
		if _, err := st.AddSpans(ctx, t.doc, t.ann, r.spans()); err != nil {
			return err
		}
		return restoreRelations(ctx, st, t.doc, t.ann, r.relations())
	}
	return t.settle(ctx, st, want, readd)
}

// relations are the relations the run's last undo took with its spans,
// for a redo to bring back after them.
func (r addRun) relations() []model.Relation {
	var out []model.Relation
	for i := range r {
		out = append(out, r.cmd(i).relations...)
	}
	return out
}

// deleteRun is a run of deletes of spans on one annotator's document.
type deleteRun []Command // each a *deleteCmd on the same document and annotator

func (r deleteRun) cmd(i int) *deleteCmd { return r[i].(*deleteCmd) }

func (r deleteRun) ids() []string {
	ids := make([]string, len(r))
	for i := range r {
		ids[i] = r.cmd(i).span.ID
	}
	return ids
}

// restores returns the run's spans, last first: the order in which undoing
// the commands one by one adds them back.
func (r deleteRun) restores() []model.Span {
	spans := make([]model.Span, len(r))
	for i := range r {
		spans[len(r)-1-i] = r.cmd(i).span
	}
	return spans
}

func (r deleteRun) do(ctx context.Context, st BulkStore) error {
	for i := range r {
		if r.cmd(i).span.ID == "" {
			// Its error, and those of the deletions before it, are
			// deleteCmd's to give.
			return runSegments(ctx, st, singles(r))
		}
	}
	t := r.cmd(0).track
	before, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	ids := r.ids()
	relations, err := touching(ctx, st, t.doc, t.ann, ids...)
	if err != nil {
		return err
	}
	if err := st.DeleteSpans(ctx, ids); err != nil {
		return err
	}
	after, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return takeBack(err, func() error {
			if _, err := st.AddSpans(ctx, t.doc, t.ann, r.restores()); err != nil {
				return err
			}
			return restoreRelations(ctx, st, t.doc, t.ann, relations)
		})
	}
	for i, rels := range spread(relations, ids) {
		c := r.cmd(i)
		c.track.before, c.track.after = after, after
		c.relations = rels
	}
	r.cmd(0).track.before = before
	return nil
}

func (r deleteRun) undo(ctx context.Context, st BulkStore) error {
	t := r.cmd(0).track
	current, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	want := current
	for i := len(r) - 1; i >= 0; i-- {
		want = r.cmd(i).track.restored(want)
	}
	if _, err := st.AddSpans(ctx, t.doc, t.ann, r.restores()); err != nil {
		return err
	}
	redelete := func() error { return st.DeleteSpans(ctx, r.ids()) }
	// The relations come back after all the spans: one may join two
	// spans of the run.
	var relations []model.Relation
	for i := range r {
		relations = append(relations, r.cmd(i).relations...)
	}
	if err := restoreRelations(ctx, st, t.doc, t.ann, relations); err != nil {
		return takeBack(err, redelete)
	}
	return t.settle(ctx, st, want, redelete)
}

// singles makes each command its own segment.
func singles(cmds []Command) []segment {
	segs := make([]segment, len(cmds))
	for i, c := range cmds {
		segs[i] = single{c}
	}
	return segs
}

// restored is the status the track's backward leaves when it finds
// current: what forward found before, if forward moved it and nothing has
// moved it since, else current.
func (t *statusTrack) restored(current model.Status) model.Status {
	if t.before != t.after && current == t.after {
		return t.before
	}
	return current
}

// settle sets the status to want after a run was reverted, as backward
// does after one revert; if it cannot, it takes the revert back with
// reapply.
func (t statusTrack) settle(ctx context.Context, st Store, want model.Status, reapply func() error) error {
	got, err := st.Status(ctx, t.doc, t.ann)
	if err == nil && got != want {
		err = st.SetStatus(ctx, t.doc, t.ann, want)
	}
	if err != nil {
		return takeBack(err, reapply)
	}
	return nil
}

func idsOf(spans []model.Span) []string {
	ids := make([]string, len(spans))
	for i, s := range spans {
		ids[i] = s.ID
	}
	return ids
}
