package gui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/spanview"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// Relations between spans in the window: r with a span focused starts one
// (the view then picks its other end, see spanview/relations.go), a
// relation label key or Enter makes it; the span panel lists them, and a
// relation chosen there is focused in the text, where Delete removes it
// and a relation label key relabels it. Each change is one undoable edit.

// relateKey starts a relation from the focused span. No default label has
// it and the window's other plain keys are digits, x, Tab, Delete and
// Enter; a project that gives a span label the key r keeps it for that
// label, and relates with the span's context menu or a Ctrl+drag.
const relateKey = 'r'

// relationRune handles a typed character for relations; false when it is
// not theirs.
func (ws *Workspace) relationRune(r rune) bool {
	if _, _, relating := ws.view.Relating(); relating {
		if l, ok := ws.relationLabelByKey(r); ok {
			ws.relate(l.Name)
		}
		return true // the mode waits for a relation label, Enter or Escape
	}
	if rel, ok := ws.view.FocusedRelation(); ok {
		if l, ok := ws.relationLabelByKey(r); ok {
			ws.relabelRelation(rel.ID, l.Name)
			return true
		}
		return false
	}
	if r == relateKey && !ws.spanLabelKey(r) {
		if f, ok := ws.view.FocusedSpan(); ok {
			if _, isSpan := ws.span(f.ID); isSpan && ws.view.StartRelating() {
				return true
			}
			ws.say("No other span to relate it to.")
			return true
		}
	}
	return false
}

// spanLabelKey reports whether a span label has key r.
func (ws *Workspace) spanLabelKey(r rune) bool {
	return slices.ContainsFunc(ws.labels, func(l model.Label) bool { return l.Key == string(r) })
}

func (ws *Workspace) relationLabelByKey(r rune) (model.RelationLabel, bool) {
	for _, l := range ws.relLabels {
		if l.Key == string(r) {
			return l, true
		}
	}
	return model.RelationLabel{}, false
}

// enterLabel is the relation label Enter makes a relation with: the one
// used last in this window, or the only one, or the first.
func (ws *Workspace) enterLabel() string {
	if ws.lastRelLabel != "" && slices.ContainsFunc(ws.relLabels, func(l model.RelationLabel) bool { return l.Name == ws.lastRelLabel }) {
		return ws.lastRelLabel
	}
	if len(ws.relLabels) > 0 {
		return ws.relLabels[0].Name
	}
	return ""
}

// relatingChanged tells the annotator what relation mode expects: the
// label bar shows the relation labels and their keys while a relation is
// being made (a click on one makes it, for a relation started with the
// mouse), and the status line names its ends. The line stays short: the
// status bar must not widen the window.
func (ws *Workspace) relatingChanged(from, to string) {
	if from == "" {
		ws.showLabelBar(false)
		ws.say("No relation made.")
		return
	}
	ws.showLabelBar(true)
	fs, _ := ws.span(from)
	ts, ok := ws.span(to)
	if !ok {
		ws.say(fmt.Sprintf("Relate “%s” to: Tab picks a span", shortRel(ws.offsets.Slice(fs.Start, fs.End))))
		return
	}
	ws.say(fmt.Sprintf("“%s” → “%s”: Tab, then a relation key or Enter",
		shortRel(ws.offsets.Slice(fs.Start, fs.End)), shortRel(ws.offsets.Slice(ts.Start, ts.End))))
}

// showLabelBar shows the relation labels in the label bar while a relation
// is being made, the span labels otherwise.
func (ws *Workspace) showLabelBar(relations bool) {
	if relations == ws.barRelations {
		return
	}
	ws.barRelations = relations
	if !relations {
		ws.labelBar.setLabels(ws.labels)
		return
	}
	labels := make([]model.Label, len(ws.relLabels))
	for i, l := range ws.relLabels {
		labels[i] = l.Label
	}
	ws.labelBar.setLabels(labels)
}

// shortRel shortens a span's text for the status line.
func shortRel(s string) string {
	if r := []rune(s); len(r) > 12 {
		return string(r[:11]) + "…"
	}
	return s
}

// relate makes the relation being made, with label.
func (ws *Workspace) relate(label string) {
	from, to, ok := ws.view.Relating()
	if !ok || label == "" {
		return
	}
	fs, ok1 := ws.span(from)
	ts, ok2 := ws.span(to)
	ws.view.EndRelating()
	ws.showLabelBar(false)
	if !ok1 || !ok2 {
		return
	}
	ws.lastRelLabel = label
	r := model.Relation{From: from, To: to, Label: label}
	cmd := edit.AddRelation(ws.doc.ID, ws.layer, r, ws.offsets.Slice(fs.Start, fs.End), ws.offsets.Slice(ts.Start, ts.End))
	ws.doThen(cmd, func() { ws.say("Added " + strings.TrimPrefix(cmd.Describe(), "add ") + " (Ctrl+Z undoes)") })
}

// relation finds one of the open document's relations by ID.
func (ws *Workspace) relation(id string) (model.Relation, bool) {
	for _, r := range ws.relations {
		if r.ID == id {
			return r, true
		}
	}
	return model.Relation{}, false
}

// relationTexts are the texts of a relation's spans.
func (ws *Workspace) relationTexts(r model.Relation) (string, string) {
	fs, _ := ws.span(r.From)
	ts, _ := ws.span(r.To)
	return ws.offsets.Slice(fs.Start, fs.End), ws.offsets.Slice(ts.Start, ts.End)
}

// deleteRelation removes a relation: Delete on the focused relation.
func (ws *Workspace) deleteRelation(id string) {
	r, ok := ws.relation(id)
	if !ok {
		return
	}
	a, b := ws.relationTexts(r)
	ws.Do(edit.DeleteRelation(ws.doc.ID, ws.layer, r, a, b))
}

// relabelRelation gives a relation another label.
func (ws *Workspace) relabelRelation(id, label string) {
	before, ok := ws.relation(id)
	if !ok || before.Label == label {
		return
	}
	after := before
	after.Label = label
	a, b := ws.relationTexts(before)
	ws.Do(edit.UpdateRelation(ws.doc.ID, ws.layer, before, after, a, b))
}

// showRelations hands the open document's relations to the view.
func (ws *Workspace) showRelations() {
	ws.view.SetRelations(viewRelations(ws.relations, ws.relLabels), viewRelationLabels(ws.relLabels))
}

// viewRelations and viewRelationLabels hand the model's relations and
// relation labels to the view.
func viewRelations(rels []model.Relation, labels []model.RelationLabel) []spanview.Relation {
	sym := model.RelationNamesOf(labels)
	out := make([]spanview.Relation, len(rels))
	for i, r := range rels {
		out[i] = spanview.Relation{ID: r.ID, From: r.From, To: r.To, Label: r.Label, Symmetric: sym[r.Label]}
	}
	return out
}

func viewRelationLabels(labels []model.RelationLabel) []spanview.Label {
	out := make([]spanview.Label, len(labels))
	for i, l := range labels {
		out[i] = spanview.Label{Name: l.Name, Color: labelColor(l.Color)}
	}
	return out
}

// setRelationNote saves the focused relation's note as the annotator
// types, as setSpanNote does a span's: through the history, which merges
// a run of typing into one step, on the relation as stored when the save
// runs, and what was typed wins over reloads until its saves are done.
func (p *spanPanel) setRelationNote(text string) {
	ws := p.ws
	id := p.noteFor
	shown, ok := ws.relation(id)
	if !ok || shown.Note == text {
		return
	}
	for i := range ws.relations {
		if ws.relations[i].ID == id {
			ws.relations[i].Note = text
			p.relList.RefreshItem(i)
		}
	}
	t := p.relTyping[id]
	if t == nil {
		t = &typedNote{}
		p.relTyping[id] = t
	}
	t.text = text
	t.queued++
	docID, layer, at := ws.doc.ID, ws.layer, ws.appLayer()
	a, b := ws.relationTexts(shown)
	ws.write(func(ctx context.Context) error {
		var rels []model.Relation
		err := ws.project.Read(ctx, func(tx app.ReadTx) (err error) {
			rels, err = tx.Relations(ctx, docID, layer)
			return err
		})
		if err != nil {
			return err
		}
		i := slices.IndexFunc(rels, func(r model.Relation) bool { return r.ID == id })
		if i < 0 {
			return model.Errorf(model.ENOTFOUND, "the relation %s “%s” → “%s” is no longer there", shown.Label, a, b)
		}
		before := rels[i]
		if before.Note == text {
			return nil
		}
		after := before
		after.Note = text
		_, err = ws.editor.Do(ctx, docID, at, edit.UpdateRelation(docID, layer, before, after, a, b))
		return err
	}, func(err error) {
		if t.queued--; t.queued == 0 && p.relTyping[id] == t {
			delete(p.relTyping, id)
		}
		if err != nil {
			ws.showError(fmt.Sprintf("save the note on %s “%s” → “%s”", shown.Label, a, b), err)
		}
	})
}
