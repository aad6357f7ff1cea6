package edit_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// The fake store keeps relations under storage's rules: both spans in the
// annotator's set on the document (a missing span is ENOTFOUND, a span of
// another set EINVALID), a known label, no duplicate (either way round for
// a symmetric label) and no ID twice (ECONFLICT). DeleteSpan takes the
// span's relations with it (fake_test.go).

var _ edit.RelationStore = (*fakeStore)(nil)

var fakeRelationLabels = model.RelationNamesOf(model.DefaultRelationLabels())

// findRelation returns the set holding the relation with id and its index.
func (f *fakeStore) findRelation(id string) (*fakeSet, int) {
	for _, byAnn := range f.sets {
		for _, s := range byAnn {
			if i := slices.IndexFunc(s.relations, func(r model.Relation) bool { return r.ID == id }); i >= 0 {
				return s, i
			}
		}
	}
	return nil, -1
}

func (f *fakeStore) Relations(ctx context.Context, doc, ann string) ([]model.Relation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("Relations", ""); err != nil {
		return nil, err
	}
	s := f.sets[doc][ann]
	if s == nil || len(s.relations) == 0 {
		return nil, nil
	}
	out := slices.Clone(s.relations)
	model.SortRelations(out, s.spans)
	return out, nil
}

func (f *fakeStore) AddRelation(ctx context.Context, doc, ann string, r model.Relation) (model.Relation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("AddRelation", r.ID); err != nil {
		return model.Relation{}, err
	}
	if _, ok := f.texts[doc]; !ok {
		return model.Relation{}, model.Errorf(model.ENOTFOUND, "no document %s", doc)
	}
	if err := r.Validate(fakeRelationLabels); err != nil {
		return model.Relation{}, err
	}
	set := f.sets[doc][ann]
	for _, id := range []string{r.From, r.To} {
		_, other, _ := f.find(id)
		if other == nil {
			return model.Relation{}, model.Errorf(model.ENOTFOUND, "no span %s", id)
		}
		if other != set {
			return model.Relation{}, model.Errorf(model.EINVALID, "span %s is not %s's on document %s", id, ann, doc)
		}
	}
	if r.ID == "" {
		f.nextID++
		r.ID = fmt.Sprintf("rel-%d", f.nextID)
	}
	if other, _ := f.findRelation(r.ID); other != nil {
		return model.Relation{}, model.Errorf(model.ECONFLICT, "relation %s already exists", r.ID)
	}
	if err := model.CheckRelation(set.relations, r, fakeRelationLabels, ""); err != nil {
		return model.Relation{}, err
	}
	set.relations = append(set.relations, r)
	return r, nil
}

func (f *fakeStore) UpdateRelation(ctx context.Context, r model.Relation) (model.Relation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("UpdateRelation", r.ID); err != nil {
		return model.Relation{}, err
	}
	set, i := f.findRelation(r.ID)
	if set == nil {
		return model.Relation{}, model.Errorf(model.ENOTFOUND, "no relation %s", r.ID)
	}
	old := set.relations[i]
	if r.From != "" && r.From != old.From || r.To != "" && r.To != old.To {
		return model.Relation{}, model.Errorf(model.EINVALID, "a relation keeps its spans")
	}
	r.From, r.To = old.From, old.To
	if err := r.Validate(fakeRelationLabels); err != nil {
		return model.Relation{}, err
	}
	if err := model.CheckRelation(set.relations, r, fakeRelationLabels, r.ID); err != nil {
		return model.Relation{}, err
	}
	set.relations[i] = r
	return r, nil
}

func (f *fakeStore) DeleteRelation(ctx context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failure("DeleteRelation", id); err != nil {
		return err
	}
	set, i := f.findRelation(id)
	if set == nil {
		return model.Errorf(model.ENOTFOUND, "no relation %s", id)
	}
	set.relations = slices.Delete(set.relations, i, i+1)
	return nil
}

// relate stores relations directly, as an import would have left them.
func (f *fakeStore) relate(doc, ann string, relations ...model.Relation) {
	f.mu.Lock()
	defer f.mu.Unlock()
	set := f.sets[doc][ann]
	set.relations = append(set.relations, relations...)
}
