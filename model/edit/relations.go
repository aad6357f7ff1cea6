package edit

import (
	"context"
	"errors"
	"fmt"

	"github.com/inkspan/inkspan/model"
)

// RelationStore is what the relation commands change, besides what Store
// changes. The commands that delete spans read it too: deleting a span
// deletes the relations that start or end at it, so those commands note
// them first and bring them back (same IDs) when they bring the span
// back. A store without relations serves every other command; the
// relation commands fail on it with EINTERNAL.
//
// A relation change leaves the annotator's status alone: a relation needs
// two spans, whose addition already started the document.
type RelationStore interface {
	Store
	// Relations returns the relations of the annotator's set on a document
	// in reading order (model.SortRelations): none for an unknown document
	// or annotator. No error codes of its own.
	Relations(ctx context.Context, documentID, annotator string) ([]model.Relation, error)
	// AddRelation stores r between two spans of the annotator's set on the
	// document and returns it as stored, with its times. It keeps r.ID when
	// it is set, which is what lets a redo, or the undo of a span's
	// deletion, bring back the same relation. ENOTFOUND for an unknown
	// document or a span ID that names no span; EINVALID for a relation
	// model.Relation.Validate refuses (a span with itself, no label, a
	// label that is not one of the project's relation labels) or a span of
	// another annotator or document; ECONFLICT for a duplicate
	// (model.CheckRelation) or an ID another relation has.
	AddRelation(ctx context.Context, documentID, annotator string, r model.Relation) (model.Relation, error)
	// UpdateRelation changes the label and note of the relation with r.ID
	// and returns it as stored. Its spans stay: r.From and r.To must be
	// empty or the stored ones. ENOTFOUND for an unknown relation, EINVALID
	// for an unknown label or other spans, ECONFLICT when the new label
	// makes it a duplicate.
	UpdateRelation(ctx context.Context, r model.Relation) (model.Relation, error)
	// DeleteRelation removes a relation. ENOTFOUND for an unknown one.
	DeleteRelation(ctx context.Context, relationID string) error
}

// relationStore asserts that st keeps relations.
func relationStore(st Store) (RelationStore, error) {
	r, ok := st.(RelationStore)
	if !ok {
		return nil, model.Errorf(model.EINTERNAL, "this store (%T) keeps no relations", st)
	}
	return r, nil
}

// AddRelation returns the command that adds r between two spans of the
// annotator's set on a document; fromText and toText are the spans'
// texts, for Describe. When r.ID is empty the store chooses one and the
// command keeps it, so a redo brings back the same relation.
func AddRelation(documentID, annotator string, r model.Relation, fromText, toText string) Command {
	return &addRelationCmd{doc: documentID, ann: annotator, rel: r, texts: [2]string{fromText, toText}}
}

// DeleteRelation returns the command that deletes r, which must be the
// relation as stored: Undo adds it back with the same ID, spans, label and
// note.
func DeleteRelation(documentID, annotator string, r model.Relation, fromText, toText string) Command {
	return &deleteRelationCmd{doc: documentID, ann: annotator, rel: r, texts: [2]string{fromText, toText}}
}

// UpdateRelation returns the command that changes a relation's label or
// note from before to after (same ID, same spans).
func UpdateRelation(documentID, annotator string, before, after model.Relation, fromText, toText string) Command {
	return &updateRelationCmd{doc: documentID, ann: annotator, before: before, after: after, texts: [2]string{fromText, toText}}
}

// describeRelation reads "ACTS_IN “Putin” → “Moscow”".
func describeRelation(label string, texts [2]string) string {
	return label + quote(texts[0]) + " →" + quote(texts[1])
}

type addRelationCmd struct {
	doc, ann string
	rel      model.Relation // ID set by the first successful Do
	texts    [2]string
}

func (c *addRelationCmd) Do(ctx context.Context, store Store) error {
	st, err := relationStore(store)
	if err != nil {
		return err
	}
	stored, err := st.AddRelation(ctx, c.doc, c.ann, c.rel)
	if err != nil {
		return err
	}
	c.rel.ID = stored.ID
	return nil
}

func (c *addRelationCmd) Undo(ctx context.Context, store Store) error {
	st, err := relationStore(store)
	if err != nil {
		return err
	}
	return st.DeleteRelation(ctx, c.rel.ID)
}

func (c *addRelationCmd) Describe() string { return "add " + describeRelation(c.rel.Label, c.texts) }

type deleteRelationCmd struct {
	doc, ann string
	rel      model.Relation
	texts    [2]string
}

func (c *deleteRelationCmd) Do(ctx context.Context, store Store) error {
	if c.rel.ID == "" {
		return model.Errorf(model.EINVALID, "cannot delete a relation without an ID")
	}
	st, err := relationStore(store)
	if err != nil {
		return err
	}
	return st.DeleteRelation(ctx, c.rel.ID)
}

func (c *deleteRelationCmd) Undo(ctx context.Context, store Store) error {
	st, err := relationStore(store)
	if err != nil {
		return err
	}
	_, err = st.AddRelation(ctx, c.doc, c.ann, c.rel)
	return err
}

func (c *deleteRelationCmd) Describe() string {
	return "delete " + describeRelation(c.rel.Label, c.texts)
}

type updateRelationCmd struct {
	doc, ann      string
	before, after model.Relation
	texts         [2]string
}

func (c *updateRelationCmd) set(ctx context.Context, store Store, r model.Relation) error {
	if c.before.ID == "" || c.before.ID != c.after.ID {
		return model.Errorf(model.EINVALID, "cannot update relation %q into relation %q: an update keeps the ID", c.before.ID, c.after.ID)
	}
	st, err := relationStore(store)
	if err != nil {
		return err
	}
	_, err = st.UpdateRelation(ctx, r)
	return err
}

func (c *updateRelationCmd) Do(ctx context.Context, st Store) error { return c.set(ctx, st, c.after) }

func (c *updateRelationCmd) Undo(ctx context.Context, st Store) error {
	return c.set(ctx, st, c.before)
}

func (c *updateRelationCmd) Describe() string {
	b, a := c.before, c.after
	switch {
	case b.Label != a.Label && b.Note == a.Note:
		return "relabel" + quote(c.texts[0]) + " →" + quote(c.texts[1]) + " " + b.Label + " to " + a.Label
	case b.Label == a.Label && b.Note != a.Note:
		return "edit note on " + describeRelation(a.Label, c.texts)
	}
	return "edit " + describeRelation(a.Label, c.texts)
}

// noteOnly reports whether the update changes the note and nothing else.
func (c *updateRelationCmd) noteOnly() bool {
	return c.before.Note != c.after.Note && c.before.Label == c.after.Label
}

// mergeRelationNotes joins next into prev when both are note edits of the
// same relation, as mergeNotes does for a span's note.
func mergeRelationNotes(prev, next Command) (Command, bool) {
	p, ok := prev.(*updateRelationCmd)
	if !ok {
		return nil, false
	}
	n, ok := next.(*updateRelationCmd)
	if !ok || !p.noteOnly() || !n.noteOnly() || p.after.ID != n.before.ID {
		return nil, false
	}
	return &updateRelationCmd{doc: p.doc, ann: p.ann, before: p.before, after: n.after, texts: n.texts}, true
}

// Deleting a span deletes its relations (the store's cascade). The
// commands that delete spans (a deletion, the undo of an addition, remove
// all, the take-back of accepted suggestions) note those relations just
// before, with touching, and the commands' inverse brings them back after
// the spans, with restoreRelations: the undo of a deletion restores the
// spans and their relations exactly, and a redo after an undo that took
// another window's relations with it restores those too.

// touching returns the relations of the annotator's set on doc that start
// or end at one of spanIDs: none when st keeps no relations.
func touching(ctx context.Context, st Store, doc, ann string, spanIDs ...string) ([]model.Relation, error) {
	rs, ok := st.(RelationStore)
	if !ok || len(spanIDs) == 0 {
		return nil, nil
	}
	all, err := rs.Relations(ctx, doc, ann)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	ids := make(map[string]bool, len(spanIDs))
	for _, id := range spanIDs {
		ids[id] = true
	}
	var out []model.Relation
	for _, r := range all {
		if r.Touches(ids) {
			out = append(out, r)
		}
	}
	return out, nil
}

// restoreRelations adds relations back, with their IDs, all or nothing: if
// one fails, those added before it are deleted again.
func restoreRelations(ctx context.Context, st Store, doc, ann string, relations []model.Relation) error {
	if len(relations) == 0 {
		return nil
	}
	rs, err := relationStore(st)
	if err != nil {
		return err
	}
	for i, r := range relations {
		if _, err := rs.AddRelation(ctx, doc, ann, r); err != nil {
			return takeBack(fmt.Errorf("restore relation %s: %w", r.Label, err), func() error {
				var errs []error
				for j := i - 1; j >= 0; j-- {
					errs = append(errs, rs.DeleteRelation(ctx, relations[j].ID))
				}
				return errors.Join(errs...)
			})
		}
	}
	return nil
}

// spread gives each relation to the first of spanIDs, in order, that it
// touches: the command whose deletion, done one by one, would have taken
// it. It returns the relations of each, by index.
func spread(relations []model.Relation, spanIDs []string) [][]model.Relation {
	out := make([][]model.Relation, len(spanIDs))
	if len(relations) == 0 {
		return out // the usual case: no lookup of every span to build
	}
	first := make(map[string]int, len(spanIDs))
	for i := len(spanIDs) - 1; i >= 0; i-- {
		first[spanIDs[i]] = i
	}
	for _, r := range relations {
		i, ok := first[r.From]
		if j, ok2 := first[r.To]; ok2 && (!ok || j < i) {
			i, ok = j, true
		}
		if ok {
			out[i] = append(out[i], r)
		}
	}
	return out
}
