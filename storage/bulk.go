package storage

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
)

// bulkRows is the most spans one statement of AddSpans or DeleteSpans
// carries: well under SQLite's limit on bound values (32,766), and short
// enough to parse quickly. Fewer spans go in statements of 32, 16, ... 1
// rows (see chunked), so that a handful of statements in all serve any
// size and stay prepared (stmtcache.go).
const bulkRows = 64

// AddSpans is AddSpan for each of spans in turn, in one call
// (edit.BulkStore): a step of many spans (label all, accept all agreed,
// the undo of a removal) checks them in Go and writes them with a few
// multi-row statements. Each span is checked exactly as AddSpan checks it,
// against the set's spans and the ones before it in spans, and the error is
// the one AddSpan would give for the first span that fails; nothing is
// written then. A todo document becomes in progress.
func (t *WriteTx) AddSpans(ctx context.Context, documentID, annotator string, spans []model.Span) ([]model.Span, error) {
	if len(spans) == 0 {
		return nil, nil
	}
	set, existing, overlap, err := t.setWithSpans(ctx, documentID, annotator)
	if err != nil {
		return nil, err
	}
	stamp := t.now.UTC().Truncate(time.Millisecond)
	out := make([]model.Span, 0, len(spans))
	labelIDs := make([]int64, 0, len(spans))
	// The checks of each span that do not depend on the others, up to the
	// first that fails: the others' checks may still find an earlier span
	// at fault.
	var invalid error
	for _, span := range spans {
		if span.Origin == "" {
			span.Origin = model.OriginManual
		}
		if span.ID == "" {
			span.ID = newID()
		}
		span.Created, span.Updated = stamp, stamp
		span.Attributes = canonicalAttributes(span.Attributes)
		labelID, err := t.labelID(ctx, span)
		if err == nil {
			err = span.Validate(set.textLength, nil)
		}
		if err != nil {
			invalid = err
			break
		}
		out = append(out, span)
		labelIDs = append(labelIDs, labelID)
	}
	if !fitsIn(existing, out, overlap) {
		// Some span is refused: find the first one, and what it meets
		// first, by the same checks in the same order as AddSpan's.
		others := slices.Clip(existing)
		for i, span := range out {
			if err := model.CheckAddition(others, span, overlap); err != nil {
				return nil, err
			}
			others = append(others, out[i])
		}
	}
	if invalid != nil {
		return nil, invalid
	}
	if err := t.insertSpans(ctx, set.id, out, labelIDs); err != nil {
		return nil, err
	}
	if cached, ok := t.spans[set.id]; ok {
		t.spans[set.id] = append(cached, out...)
	}
	return out, t.markStarted(ctx, set)
}

// insertSpans writes spans to the set, bulkRows a statement, all or
// nothing.
func (t *WriteTx) insertSpans(ctx context.Context, setID int64, spans []model.Span, labelIDs []int64) error {
	now := t.now.UnixMilli()
	shape := shapeOf(spans, labelIDs)
	args := make([]any, 0, 5+7*min(len(spans), bulkRows))
	return t.chunked(ctx, len(spans), false, func(from, to int) error {
		// int64 and string are driver values as they are; int and
		// model.Origin would go through reflection.
		args = append(args[:0], setID, now)
		first := spans[from]
		if shape.sharedLabel {
			args = append(args, labelIDs[from])
		}
		if shape.sharedNote {
			args = append(args, first.Note)
		}
		if shape.sharedOrigin {
			args = append(args, string(first.Origin))
		}
		for i := from; i < to; i++ {
			s := spans[i]
			args = append(args, s.ID, int64(s.Start), int64(s.End))
			if !shape.sharedLabel {
				args = append(args, labelIDs[i])
			}
			if !shape.sharedNote {
				args = append(args, s.Note)
			}
			if !shape.sharedOrigin {
				args = append(args, string(s.Origin))
			}
			if shape.attributes {
				v, err := encodeAttributes(s.Attributes)
				if err != nil {
					return err
				}
				args = append(args, v)
			}
		}
		_, err := t.exec(ctx, insertSpansSQL(to-from, shape), args...)
		return explainOpenError(err)
	})
}

// chunked calls write for consecutive stretches [from, to) of n items:
// bulkRows at a time, then what is left in powers of two, largest first.
// It is all or nothing: one statement is by itself, and when there are
// several, or when undo asks for it, a savepoint takes back the ones
// before a failure.
func (t *WriteTx) chunked(ctx context.Context, n int, undo bool, write func(from, to int) error) (err error) {
	if undo || n > bulkRows || n&(n-1) != 0 {
		if _, err := t.exec(ctx, "SAVEPOINT bulk"); err != nil {
			return err
		}
		defer func() {
			if err != nil {
				_, rerr := t.exec(ctx, "ROLLBACK TO bulk")
				err = errors.Join(err, rerr)
			}
			if _, rerr := t.exec(ctx, "RELEASE bulk"); rerr != nil {
				err = errors.Join(err, rerr)
			}
		}()
	}
	for from := 0; from < n; {
		size := bulkRows
		for size > n-from {
			size /= 2
		}
		if err := write(from, from+size); err != nil {
			return err
		}
		from += size
	}
	return nil
}

// insertShape says how a batch's spans are bound. Binding, a string's
// above all, is a good part of a row's cost, so a column that holds one
// value for every span of the batch is bound once a statement: label all
// gives every span one label, and nearly every span has no note and one
// origin. Spans without attributes (nearly all) leave the column out, to
// its default, NULL.
type insertShape struct {
	sharedLabel, sharedNote, sharedOrigin bool
	attributes                            bool // some span has attributes: one value a row
}

func shapeOf(spans []model.Span, labelIDs []int64) insertShape {
	several := len(spans) > 1
	shape := insertShape{sharedLabel: several, sharedNote: several, sharedOrigin: several, attributes: hasAttributes(spans)}
	for i := 1; i < len(spans); i++ {
		shape.sharedLabel = shape.sharedLabel && labelIDs[i] == labelIDs[0]
		shape.sharedNote = shape.sharedNote && spans[i].Note == spans[0].Note
		shape.sharedOrigin = shape.sharedOrigin && spans[i].Origin == spans[0].Origin
	}
	return shape
}

// insertSpansSQL inserts n spans into one set at one time: the set, the
// time and the shared columns are bound once (c), the rest once a span
// (v). The parameters are plain ?: the driver looks up each numbered
// parameter's name in a list as long as the statement's, which made ?NNN
// quadratic.
func insertSpansSQL(n int, shape insertShape) string {
	constants := "SELECT ? AS s, ? AS t"
	row := "?, ?, ?" // uuid, start and end: v.column1..3
	next := 4
	column := func(shared bool, name string) string {
		if shared {
			constants += ", ? AS " + name
			return "c." + name
		}
		row += ", ?"
		next++
		return "v.column" + strconv.Itoa(next-1)
	}
	label := column(shape.sharedLabel, "l")
	note := column(shape.sharedNote, "n")
	origin := column(shape.sharedOrigin, "o")
	names := "uuid, set_id, start, end, label_id, note, origin, created_at, updated_at"
	values := "v.column1, c.s, v.column2, v.column3, " + label + ", " + note + ", " + origin + ", c.t, c.t"
	if shape.attributes {
		names += ", attributes"
		values += ", " + column(false, "")
	}
	return "INSERT INTO spans (" + names + ") SELECT " + values + " FROM (" + constants + ") c, (VALUES " +
		strings.TrimSuffix(strings.Repeat("("+row+"), ", n), ", ") + ") v"
}

// fitsIn reports whether every span of adds may join existing and the
// other adds: no two the same, and no two overlapping unless overlap. It
// sorts instead of comparing every pair, so that a batch on a document of
// many spans stays linear; false says only that some span is refused,
// and AddSpans then finds which, as AddSpan would.
func fitsIn(existing, adds []model.Span, overlap bool) bool {
	if overlap {
		type key struct {
			start, end int
			label      string
		}
		seen := make(map[key]bool, len(existing)+len(adds))
		for _, e := range existing {
			seen[key{e.Start, e.End, e.Label}] = true
		}
		for _, a := range adds {
			k := key{a.Start, a.End, a.Label}
			if seen[k] {
				return false
			}
			seen[k] = true
		}
		return true
	}
	// Without overlaps, a duplicate overlaps too. Spans stored before the
	// project forbade overlaps may overlap one another, so the existing
	// ones are searched by start with the furthest end so far.
	type interval struct{ start, end int }
	old := make([]interval, len(existing))
	for i, e := range existing {
		old[i] = interval{e.Start, e.End}
	}
	slices.SortFunc(old, func(a, b interval) int { return a.start - b.start })
	reach := make([]int, len(old)) // reach[i]: the furthest end of old[:i+1]
	for i, o := range old {
		reach[i] = o.end
		if i > 0 {
			reach[i] = max(reach[i], reach[i-1])
		}
	}
	added := make([]interval, len(adds))
	for i, a := range adds {
		added[i] = interval{a.Start, a.End}
		// The existing spans that start before a ends: one overlaps a if
		// it ends after a starts.
		n, _ := slices.BinarySearchFunc(old, a.End, func(o interval, end int) int {
			if o.start < end {
				return -1
			}
			return 1
		})
		if n > 0 && reach[n-1] > a.Start {
			return false
		}
	}
	// Sorted by start, two of the adds overlap exactly when two neighbours
	// do: a span that overlaps a later one overlaps the next one too.
	slices.SortFunc(added, func(a, b interval) int { return a.start - b.start })
	for i := 1; i < len(added); i++ {
		if added[i].start < added[i-1].end {
			return false
		}
	}
	return true
}

// DeleteSpans is DeleteSpan for each of spanIDs, in one call
// (edit.BulkStore). An unknown ID, or one named twice, is ENOTFOUND, and
// then nothing is deleted.
func (t *WriteTx) DeleteSpans(ctx context.Context, spanIDs []string) error {
	if len(spanIDs) == 0 {
		return nil
	}
	named := make(map[string]bool, len(spanIDs))
	for _, id := range spanIDs {
		if named[id] {
			return t.notFound(ctx, spanIDs)
		}
		named[id] = true
	}
	sets := map[int64]bool{}
	deleted := 0
	args := make([]any, 0, min(len(spanIDs), bulkRows))
	// Deleting first and counting after is one statement instead of two;
	// the savepoint takes the deletion back when an ID was not there.
	errMissing := errors.New("a span is missing")
	err := t.chunked(ctx, len(spanIDs), true, func(from, to int) error {
		args = args[:0]
		for _, id := range spanIDs[from:to] {
			args = append(args, id)
		}
		st, err := t.stmt(ctx, "DELETE FROM spans WHERE uuid IN ("+params(to-from)+") RETURNING set_id")
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, args...)
		if err != nil {
			return explainOpenError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var set int64
			if err := rows.Scan(&set); err != nil {
				return err
			}
			sets[set] = true
			deleted++
		}
		if err := rows.Err(); err != nil {
			return explainOpenError(err)
		}
		if to == len(spanIDs) && deleted != len(spanIDs) {
			return errMissing
		}
		return nil
	})
	if errors.Is(err, errMissing) {
		return t.notFound(ctx, spanIDs)
	}
	if err != nil {
		return err
	}
	for set := range sets {
		if cached, ok := t.spans[set]; ok {
			t.spans[set] = slices.DeleteFunc(cached, func(s model.Span) bool { return named[s.ID] })
		}
		t.spansGone(set, func(id string) bool { return named[id] })
		// A deletion is a change of the set like any other: merge and the
		// disagreement measures go by the set's time.
		if err := t.touch(ctx, set); err != nil {
			return err
		}
	}
	return nil
}

// notFound is the error of DeleteSpans when spanIDs name a span that is
// not there, or one twice: ENOTFOUND for the first such ID, in order, as
// DeleteSpan one ID after the other would have said.
func (t *WriteTx) notFound(ctx context.Context, spanIDs []string) error {
	there := make(map[string]bool, len(spanIDs))
	for from := 0; from < len(spanIDs); from += bulkRows {
		chunk := spanIDs[from:min(from+bulkRows, len(spanIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := t.tx.QueryContext(ctx, "SELECT uuid FROM spans WHERE uuid IN ("+params(len(chunk))+")", args...)
		if err != nil {
			return explainOpenError(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			there[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return explainOpenError(err)
		}
	}
	for _, id := range spanIDs {
		if !there[id] {
			return model.Errorf(model.ENOTFOUND, "no span %s", id)
		}
		there[id] = false // a second mention finds it gone
	}
	return model.Errorf(model.EINTERNAL, "spans vanished while being deleted")
}

// params is n question marks, comma separated.
func params(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

var _ edit.BulkStore = (*WriteTx)(nil)
