package edit

import (
	"context"
	"errors"
	"fmt"

	"github.com/inkspan/inkspan/model"
)

// AddSpan returns the command that adds s to the annotator's spans on a
// document; text is the span's text, for Describe. When s.ID is empty the
// store chooses one and the command keeps it, so a redo brings back the same
// span and later commands naming that ID still apply. Give s an ID yourself
// when another command in the same Batch must refer to it.
func AddSpan(documentID, annotator string, s model.Span, text string) Command {
	return &addCmd{span: s, text: text, track: statusTrack{doc: documentID, ann: annotator}}
}

// DeleteSpan returns the command that deletes s, which must be the span as
// stored: Undo adds it back with the same ID, offsets, label, note, origin
// and attributes.
func DeleteSpan(documentID, annotator string, s model.Span, text string) Command {
	return &deleteCmd{span: s, text: text, track: statusTrack{doc: documentID, ann: annotator}}
}

// UpdateSpan returns the command that changes a span from before to after
// (both with the same ID): a relabel, a resize, a new note, attributes set
// or removed (see ChangeAttribute), or several at once.
// text is the span's text after the change, for Describe.
func UpdateSpan(documentID, annotator string, before, after model.Span, text string) Command {
	return &updateCmd{before: before, after: after, text: text, track: statusTrack{doc: documentID, ann: annotator}}
}

// SetStatus returns the command that sets the annotator's status on a
// document to after. before is the status the caller showed; Do still reads
// the stored one and Undo restores that, because the caller's view may lag the
// store (the first span added moves todo to in progress behind its back).
func SetStatus(documentID, annotator string, before, after model.Status) Command {
	return &statusCmd{doc: documentID, ann: annotator, before: before, after: after}
}

// Batch returns a command that applies cmds in order as one undo step. Its Do
// is all or nothing: if command k fails, commands k-1 down to 0 are undone and
// the error is returned. Its Undo reverts them in reverse order, likewise all
// or nothing. On a BulkStore, each run of adds (or deletes) on one document
// goes to the store in one call, with the same result.
func Batch(description string, cmds ...Command) Command {
	return &batchCmd{desc: description, cmds: cmds}
}

// statusTrack records what a span change did to the document's status. The
// store moves a todo document to in progress by itself when a span is added or
// changed, so an exact undo must put the status back, and must not let the
// revert itself (re-adding a deleted span) move it either.
type statusTrack struct {
	doc, ann      string
	before, after model.Status
}

// forward runs apply and records the status around it; revert takes apply
// back if the status cannot be read afterwards.
func (t *statusTrack) forward(ctx context.Context, st Store, apply, revert func() error) error {
	before, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	if err := apply(); err != nil {
		return err
	}
	after, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		// Without the status after, a later undo could not be exact.
		return takeBack(err, revert)
	}
	t.before, t.after = before, after
	return nil
}

// backward runs revert and then sets the status to what forward found, or,
// if forward did not change it, to what it was just before revert.
func (t *statusTrack) backward(ctx context.Context, st Store, revert, apply func() error) error {
	current, err := st.Status(ctx, t.doc, t.ann)
	if err != nil {
		return err
	}
	if err := revert(); err != nil {
		return err
	}
	want := current
	// A status set since (another window marked the document done) is a later
	// decision than the automatic move to in progress, so it stays.
	if t.before != t.after && current == t.after {
		want = t.before
	}
	got, err := st.Status(ctx, t.doc, t.ann)
	if err == nil && got != want {
		err = st.SetStatus(ctx, t.doc, t.ann, want)
	}
	if err != nil {
		return takeBack(err, apply)
	}
	return nil
}

// takeBack runs undo after a half-done change failed with err, so that the
// store is left as it was, and joins undo's own failure to err: the user then
// learns that the store may now differ from what the screen shows.
func takeBack(err error, undo func() error) error {
	if uerr := undo(); uerr != nil {
		return errors.Join(err, fmt.Errorf("could not take the partial change back: %w", uerr))
	}
	return err
}

type addCmd struct {
	span  model.Span // ID set by the first successful Do
	text  string
	track statusTrack
	// relations are those the last Undo took with the span (another
	// window's, made after this step): a redo brings them back.
	relations []model.Relation
	// stored is the span as the last Do stored it: an undo deletes it
	// only while it is still so (expectSpan).
	stored model.Span
}

func (c *addCmd) add(ctx context.Context, st Store) func() error {
	return func() error {
		stored, err := st.AddSpan(ctx, c.track.doc, c.track.ann, c.span)
		if err != nil {
			return err
		}
		c.span.ID = stored.ID
		c.stored = stored
		if err := restoreRelations(ctx, st, c.track.doc, c.track.ann, c.relations); err != nil {
			return takeBack(err, func() error { return st.DeleteSpan(ctx, c.span.ID) })
		}
		return nil
	}
}

func (c *addCmd) remove(ctx context.Context, st Store) func() error {
	return func() error {
		relations, err := touching(ctx, st, c.track.doc, c.track.ann, c.span.ID)
		if err != nil {
			return err
		}
		if err := st.DeleteSpan(ctx, c.span.ID); err != nil {
			return err
		}
		c.relations = relations
		return nil
	}
}

func (c *addCmd) Do(ctx context.Context, st Store) error {
	return c.track.forward(ctx, st, c.add(ctx, st), c.remove(ctx, st))
}

func (c *addCmd) Undo(ctx context.Context, st Store) error {
	if err := expectSpan(ctx, st, c.track.doc, c.track.ann, c.stored, "undo "+c.Describe()); err != nil {
		return err
	}
	return c.track.backward(ctx, st, c.remove(ctx, st), c.add(ctx, st))
}

func (c *addCmd) Describe() string { return "add " + c.span.Label + quote(c.text) }

type deleteCmd struct {
	span  model.Span
	text  string
	track statusTrack
	// relations are those the last Do deleted with the span: Undo brings
	// them back after it.
	relations []model.Relation
	// undone is set by Undo: the next Do is a redo, which deletes the
	// span only while it is as Undo put it back (expectSpan).
	undone bool
}

func (c *deleteCmd) remove(ctx context.Context, st Store) func() error {
	return func() error {
		relations, err := touching(ctx, st, c.track.doc, c.track.ann, c.span.ID)
		if err != nil {
			return err
		}
		if err := st.DeleteSpan(ctx, c.span.ID); err != nil {
			return err
		}
		c.relations = relations
		return nil
	}
}

func (c *deleteCmd) restore(ctx context.Context, st Store) func() error {
	return func() error {
		if _, err := st.AddSpan(ctx, c.track.doc, c.track.ann, c.span); err != nil {
			return err
		}
		if err := restoreRelations(ctx, st, c.track.doc, c.track.ann, c.relations); err != nil {
			return takeBack(err, func() error { return st.DeleteSpan(ctx, c.span.ID) })
		}
		return nil
	}
}

func (c *deleteCmd) Do(ctx context.Context, st Store) error {
	if c.span.ID == "" {
		return model.Errorf(model.EINVALID, "cannot delete a span without an ID")
	}
	if c.undone {
		if err := expectSpan(ctx, st, c.track.doc, c.track.ann, c.span, "redo "+c.Describe()); err != nil {
			return err
		}
	} else if stored, found, err := storedSpan(ctx, st, c.track.doc, c.track.ann, c.span.ID); err != nil {
		return err
	} else if found {
		c.span = stored // Undo brings back what was deleted, as stored
	}
	return c.track.forward(ctx, st, c.remove(ctx, st), c.restore(ctx, st))
}

func (c *deleteCmd) Undo(ctx context.Context, st Store) error {
	if err := c.track.backward(ctx, st, c.restore(ctx, st), c.remove(ctx, st)); err != nil {
		return err
	}
	c.undone = true
	return nil
}

func (c *deleteCmd) Describe() string { return "delete " + c.span.Label + quote(c.text) }

type updateCmd struct {
	before, after model.Span
	text          string
	track         statusTrack
	// undone is set by Undo: the next Do is a redo, which writes after
	// only while the span is still before (expectSpan), as Undo writes
	// before only while it is still after.
	undone bool
}

func write(ctx context.Context, st Store, s model.Span) func() error {
	return func() error {
		_, err := st.UpdateSpan(ctx, s)
		return err
	}
}

func (c *updateCmd) Do(ctx context.Context, st Store) error {
	if c.before.ID == "" || c.before.ID != c.after.ID {
		return model.Errorf(model.EINVALID, "cannot update span %q into span %q: an update keeps the ID", c.before.ID, c.after.ID)
	}
	if c.undone {
		if err := expectSpan(ctx, st, c.track.doc, c.track.ann, c.before, "redo "+c.Describe()); err != nil {
			return err
		}
	} else if stored, found, err := storedSpan(ctx, st, c.track.doc, c.track.ann, c.before.ID); err != nil {
		return err
	} else if found {
		// The window's copy may lag the store (its own edit still on its
		// way, or another window's): Undo restores the span as it was
		// stored, as statusCmd restores the stored status.
		c.before = stored
	}
	return c.track.forward(ctx, st, write(ctx, st, c.after), write(ctx, st, c.before))
}

func (c *updateCmd) Undo(ctx context.Context, st Store) error {
	if err := expectSpan(ctx, st, c.track.doc, c.track.ann, c.after, "undo "+c.Describe()); err != nil {
		return err
	}
	if err := c.track.backward(ctx, st, write(ctx, st, c.before), write(ctx, st, c.after)); err != nil {
		return err
	}
	c.undone = true
	return nil
}

func (c *updateCmd) Describe() string {
	b, a := c.before, c.after
	relabel := b.Label != a.Label
	resize := b.Start != a.Start || b.End != a.End
	note := b.Note != a.Note
	attrs := !b.Attributes.Equal(a.Attributes)
	switch {
	case relabel && !resize && !note && !attrs:
		return "relabel" + quote(c.text) + " " + b.Label + " → " + a.Label
	case resize && !relabel && !note && !attrs:
		return "resize " + a.Label + quote(c.text)
	case note && !relabel && !resize && !attrs:
		return "edit note on " + a.Label + quote(c.text)
	case attrs && !relabel && !resize && !note:
		return describeAttributes(b.Attributes, a.Attributes) + " " + a.Label + quote(c.text)
	}
	return "edit " + a.Label + quote(c.text)
}

// noteOnly reports whether the update changes the note and nothing else: the
// kind of update that typing produces, one per keystroke.
func (c *updateCmd) noteOnly() bool {
	b, a := c.before, c.after
	return b.Note != a.Note && b.Start == a.Start && b.End == a.End && b.Label == a.Label &&
		b.Attributes.Equal(a.Attributes)
}

// mergeNotes joins next into prev when both are note edits of the same span
// (or of the same relation) and next continues from where prev left off.
func mergeNotes(prev, next Command) (Command, bool) {
	if merged, ok := mergeRelationNotes(prev, next); ok {
		return merged, true
	}
	p, ok := prev.(*updateCmd)
	if !ok {
		return nil, false
	}
	n, ok := next.(*updateCmd)
	if !ok || !p.noteOnly() || !n.noteOnly() {
		return nil, false
	}
	if p.after.ID != n.before.ID || p.track.doc != n.track.doc || p.track.ann != n.track.ann {
		return nil, false
	}
	// An edit that moved the status keeps its own step, so that undoing it
	// restores the status too.
	if n.track.before != n.track.after {
		return nil, false
	}
	return &updateCmd{before: p.before, after: n.after, text: n.text, track: p.track}, true
}

type statusCmd struct {
	doc, ann      string
	before, after model.Status
}

func (c *statusCmd) Do(ctx context.Context, st Store) error {
	current, err := st.Status(ctx, c.doc, c.ann)
	if err != nil {
		return err
	}
	if err := st.SetStatus(ctx, c.doc, c.ann, c.after); err != nil {
		return err
	}
	c.before = current
	return nil
}

func (c *statusCmd) Undo(ctx context.Context, st Store) error {
	return st.SetStatus(ctx, c.doc, c.ann, c.before)
}

func (c *statusCmd) Describe() string { return "mark " + statusWords(c.after) }

// statusWords spells a status as a menu reads it.
func statusWords(s model.Status) string {
	if s == model.StatusInProgress {
		return "in progress"
	}
	return string(s)
}

type batchCmd struct {
	desc string
	cmds []Command
}

func (c *batchCmd) Do(ctx context.Context, st Store) error {
	if b, ok := st.(BulkStore); ok {
		return runSegments(ctx, b, segments(c.cmds))
	}
	for i, cmd := range c.cmds {
		if err := cmd.Do(ctx, st); err != nil {
			return takeBack(err, func() error {
				var errs []error
				for j := i - 1; j >= 0; j-- {
					if err := c.cmds[j].Undo(ctx, st); err != nil {
						errs = append(errs, err)
					}
				}
				return errors.Join(errs...)
			})
		}
	}
	return nil
}

func (c *batchCmd) Undo(ctx context.Context, st Store) error {
	if b, ok := st.(BulkStore); ok {
		return unrunSegments(ctx, b, segments(c.cmds))
	}
	for i := len(c.cmds) - 1; i >= 0; i-- {
		if err := c.cmds[i].Undo(ctx, st); err != nil {
			return takeBack(err, func() error {
				var errs []error
				for j := i + 1; j < len(c.cmds); j++ {
					if err := c.cmds[j].Do(ctx, st); err != nil {
						errs = append(errs, err)
					}
				}
				return errors.Join(errs...)
			})
		}
	}
	return nil
}

func (c *batchCmd) Describe() string { return c.desc }
