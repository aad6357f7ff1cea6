package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// The reads of the store contract (app.ReadTx), each a query or two on
// the unit of work's transaction. Text is ordered with COLLATE "C", byte
// order, which is SQLite's: a database created with a language's
// collation would otherwise order label names, and so exports, unlike the
// project file.

// spanColumns are what scanSpan reads, from spans s joined to labels l.
const spanColumns = `s.uuid, s.start_cp, s.end_cp, l.name, s.note, s.origin, s.attributes, s.created_at, s.updated_at`

// spanOrder is text order: model.SortSpans's.
const spanOrder = ` ORDER BY s.start_cp, s.end_cp, l.name COLLATE "C"`

func scanSpan(row pgx.Row) (model.Span, error) {
	var s model.Span
	var attrs []byte
	err := row.Scan(&s.ID, &s.Start, &s.End, &s.Label, &s.Note, &s.Origin, &attrs, &s.Created, &s.Updated)
	if err != nil {
		return s, err
	}
	s.Created, s.Updated = s.Created.UTC(), s.Updated.UTC()
	s.Attributes, err = decodeAttributes(attrs)
	return s, err
}

func querySpans(ctx context.Context, q querier, query string, args ...any) ([]model.Span, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var spans []model.Span
	for rows.Next() {
		s, err := scanSpan(rows)
		if err != nil {
			return nil, err
		}
		spans = append(spans, s)
	}
	return spans, rows.Err()
}

// attribute is a model.Attribute as the spans.attributes column holds it.
type attribute struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
	Text  bool   `json:"text,omitempty"`
}

// canonical returns as in canonical order (model.SortAttributes), nil
// for none, without changing the caller's slice: what a store keeps and
// returns, however a caller ordered them.
func canonical(as model.Attributes) model.Attributes {
	if len(as) == 0 {
		return nil
	}
	out := slices.Clone(as)
	model.SortAttributes(out)
	return out
}

// encodeAttributes gives the column's value for attributes in canonical
// order: NULL for none.
func encodeAttributes(as model.Attributes) (any, error) {
	if len(as) == 0 {
		return nil, nil
	}
	list := make([]attribute, len(as))
	for i, a := range as {
		list[i] = attribute(a)
	}
	return json.Marshal(list)
}

func decodeAttributes(raw []byte) (model.Attributes, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var list []attribute
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	as := make(model.Attributes, len(list))
	for i, a := range list {
		as[i] = model.Attribute(a)
	}
	return as, nil
}

// Document returns a document with its text. ENOTFOUND for an unknown id.
func (r ReadTx) Document(ctx context.Context, id string) (model.Document, error) {
	d := model.Document{ID: id}
	var meta string
	err := r.q.QueryRow(ctx, "SELECT external_id, text, meta, hash FROM documents WHERE uuid = $1", id).
		Scan(&d.ExternalID, &d.Text, &meta, &d.Hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, model.Errorf(model.ENOTFOUND, "no document %s", id)
	}
	d.Meta = json.RawMessage(meta)
	return d, err
}

// Spans returns the annotator's spans on a document in text order.
func (r ReadTx) Spans(ctx context.Context, documentID, annotator string) ([]model.Span, error) {
	return querySpans(ctx, r.q, `SELECT `+spanColumns+` FROM spans s
		JOIN labels l ON l.id = s.label_id
		JOIN annotation_sets a ON a.id = s.set_id
		JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = $1 AND n.name = $2`+spanOrder, documentID, annotator)
}

// setSpans returns a set's spans in text order.
func setSpans(ctx context.Context, q querier, setID int64) ([]model.Span, error) {
	return querySpans(ctx, q, `SELECT `+spanColumns+` FROM spans s JOIN labels l ON l.id = s.label_id
		WHERE s.set_id = $1`+spanOrder, setID)
}

// Status returns the annotator's status on a document: todo when they
// have not touched it, ENOTFOUND for an unknown document.
func (r ReadTx) Status(ctx context.Context, documentID, annotator string) (model.Status, error) {
	var s *string // NULL: the annotator has not touched the document
	err := r.q.QueryRow(ctx, `SELECT (SELECT a.status FROM annotation_sets a JOIN annotators n ON n.id = a.annotator_id
			WHERE a.document_id = d.id AND n.name = $2)
		FROM documents d WHERE d.uuid = $1`, documentID, annotator).Scan(&s)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return "", err
	}
	if s == nil {
		return model.StatusTodo, nil
	}
	return model.Status(*s), nil
}

// Suggestions returns the annotator's pending suggestions on a document
// in text order, leaving out those the annotator has as spans.
func (r ReadTx) Suggestions(ctx context.Context, documentID, annotator string) ([]model.Suggestion, error) {
	rows, err := r.q.Query(ctx, `SELECT s.uuid::text, s.start_cp, s.end_cp, l.name, s.source, s.created_at
		FROM suggestions s JOIN labels l ON l.id = s.label_id
		WHERE s.document_id = (SELECT id FROM documents WHERE uuid = $1)
		AND s.annotator_id = (SELECT id FROM annotators WHERE name = $2) AND NOT s.rejected
		AND NOT EXISTS (SELECT 1 FROM annotation_sets a JOIN spans p ON p.set_id = a.id
			WHERE a.document_id = s.document_id AND a.annotator_id = s.annotator_id
			AND p.start_cp = s.start_cp AND p.end_cp = s.end_cp AND p.label_id = s.label_id)
		ORDER BY s.start_cp, s.end_cp, l.name COLLATE "C"`, documentID, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []model.Suggestion
	for rows.Next() {
		var s model.Suggestion
		if err := rows.Scan(&s.ID, &s.Start, &s.End, &s.Label, &s.Source, &s.Created); err != nil {
			return nil, err
		}
		s.Created = s.Created.UTC()
		list = append(list, s)
	}
	return list, rows.Err()
}

// Note returns the annotator's note on a document, "" when none.
func (r ReadTx) Note(ctx context.Context, documentID, annotator string) (string, error) {
	var note string
	err := r.q.QueryRow(ctx, `SELECT a.note FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id JOIN annotators n ON n.id = a.annotator_id
		WHERE d.uuid = $1 AND n.name = $2`, documentID, annotator).Scan(&note)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return note, err
}

// Finished counts the documents the annotator marked done or skipped.
func (r ReadTx) Finished(ctx context.Context, annotator string) (int, error) {
	var n int
	err := r.q.QueryRow(ctx, `SELECT count(*) FROM annotation_sets
		WHERE annotator_id = (SELECT id FROM annotators WHERE name = $1) AND status IN ($2, $3)`,
		annotator, model.StatusDone, model.StatusSkipped).Scan(&n)
	return n, err
}

// PeopleSpans returns every person's spans on a document (not gold, not
// sets they skipped), by name, each in text order; a set without spans
// is there, empty: the annotator found nothing.
func (r ReadTx) PeopleSpans(ctx context.Context, documentID string) (map[string][]model.Span, error) {
	rows, err := r.q.Query(ctx, `SELECT n.name, s.uuid, s.start_cp, s.end_cp, l.name, s.note, s.origin, s.attributes,
			s.created_at, s.updated_at
		FROM annotation_sets a
		JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id
		LEFT JOIN spans s ON s.set_id = a.id
		LEFT JOIN labels l ON l.id = s.label_id
		WHERE d.uuid = $1 AND n.name <> $2 AND a.status <> $3
		ORDER BY n.name COLLATE "C", s.start_cp, s.end_cp, l.name COLLATE "C"`, documentID, model.GoldAnnotator, model.StatusSkipped)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sets := map[string][]model.Span{}
	for rows.Next() {
		var name string
		var id, label, note, origin *string
		var start, end *int
		var attrs []byte
		var created, updated *time.Time
		if err := rows.Scan(&name, &id, &start, &end, &label, &note, &origin, &attrs, &created, &updated); err != nil {
			return nil, err
		}
		if id == nil {
			sets[name] = sets[name][:0:0]
			continue
		}
		as, err := decodeAttributes(attrs)
		if err != nil {
			return nil, err
		}
		sets[name] = append(sets[name], model.Span{
			ID: *id, Start: *start, End: *end, Label: *label, Note: *note, Origin: model.Origin(*origin),
			Attributes: as, Created: created.UTC(), Updated: updated.UTC(),
		})
	}
	return sets, rows.Err()
}

// Review returns the document's review. ENOTFOUND for an unknown document.
func (r ReadTx) Review(ctx context.Context, documentID string) (model.Review, error) {
	var status, reviewer *string
	var updated *time.Time
	err := r.q.QueryRow(ctx, `SELECT a.status, v.reviewer, v.updated_at FROM documents d
		LEFT JOIN annotation_sets a ON a.document_id = d.id
			AND a.annotator_id = (SELECT id FROM annotators WHERE name = $1)
		LEFT JOIN reviews v ON v.document_id = d.id
		WHERE d.uuid = $2`, model.GoldAnnotator, documentID).Scan(&status, &reviewer, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return model.Review{}, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil {
		return model.Review{}, err
	}
	var rv model.Review
	if status != nil {
		rv.Status = model.ReviewStatusOf(model.Status(*status))
	} else {
		rv.Status = model.ReviewStatusOf("")
	}
	if reviewer != nil {
		rv.Reviewer = *reviewer
	}
	if updated != nil {
		rv.Updated = *updated
	}
	return rv, nil
}

// Rejections returns the proposals a reviewer rejected on a document, in
// text order.
func (r ReadTx) Rejections(ctx context.Context, documentID string) ([]model.Span, error) {
	rows, err := r.q.Query(ctx, `SELECT j.start_cp, j.end_cp, l.name FROM review_rejections j
		JOIN labels l ON l.id = j.label_id
		WHERE j.document_id = (SELECT id FROM documents WHERE uuid = $1)
		ORDER BY j.start_cp, j.end_cp, l.name COLLATE "C"`, documentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Span
	for rows.Next() {
		var s model.Span
		if err := rows.Scan(&s.Start, &s.End, &s.Label); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// NextUnfinished returns the first document after afterID in project
// order that the annotator has not finished, wrapping around; "" when
// every one is. An annotator with documents assigned (a team project's
// inkspan team assign) takes from these only: they are their queue.
func (r ReadTx) NextUnfinished(ctx context.Context, annotator, afterID string) (string, error) {
	const query = `WITH me AS (SELECT id FROM annotators WHERE name = $1)
		SELECT d.uuid FROM documents d
		LEFT JOIN annotation_sets a ON a.document_id = d.id AND a.annotator_id = (SELECT id FROM me)
		WHERE coalesce(a.status, 'todo') IN ('todo', 'in_progress') AND d.id %s $2
			AND (NOT EXISTS (SELECT 1 FROM assignments WHERE annotator_id = (SELECT id FROM me))
				OR EXISTS (SELECT 1 FROM assignments WHERE annotator_id = (SELECT id FROM me) AND document_id = d.id))
		ORDER BY d.id LIMIT 1`
	after := int64(0)
	if afterID != "" {
		if err := r.q.QueryRow(ctx, "SELECT id FROM documents WHERE uuid = $1", afterID).Scan(&after); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return "", err
		}
	}
	var id string
	err := r.q.QueryRow(ctx, strings.Replace(query, "%s", ">", 1), annotator, after).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) && after > 0 {
		err = r.q.QueryRow(ctx, strings.Replace(query, "%s", "<=", 1), annotator, after).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// LastDocument returns the document the annotator had open, "" if none.
func (r ReadTx) LastDocument(ctx context.Context, annotator string) (string, error) {
	var id string
	err := r.q.QueryRow(ctx, `SELECT d.uuid FROM annotators n JOIN documents d ON d.id = n.last_document_id
		WHERE n.name = $1`, annotator).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// Labels returns the project's labels in their order.
func (r ReadTx) Labels(ctx context.Context) ([]model.Label, error) {
	rows, err := r.q.Query(ctx, "SELECT name, color, key, description FROM labels ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var labels []model.Label
	for rows.Next() {
		var l model.Label
		if err := rows.Scan(&l.Name, &l.Color, &l.Key, &l.Description); err != nil {
			return nil, err
		}
		labels = append(labels, l)
	}
	return labels, rows.Err()
}

// RelationLabels returns the project's relation labels in their order.
func (r ReadTx) RelationLabels(ctx context.Context) ([]model.RelationLabel, error) {
	rows, err := r.q.Query(ctx, "SELECT name, color, key, description, is_symmetric FROM relation_labels ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var labels []model.RelationLabel
	for rows.Next() {
		var l model.RelationLabel
		if err := rows.Scan(&l.Name, &l.Color, &l.Key, &l.Description, &l.Symmetric); err != nil {
			return nil, err
		}
		labels = append(labels, l)
	}
	return labels, rows.Err()
}

// Settings returns the project's settings.
func (r ReadTx) Settings(ctx context.Context) (model.Settings, error) {
	var s model.Settings
	rows, err := r.q.Query(ctx, "SELECT key, value FROM settings WHERE key IN ('allow_overlap', 'guidelines')")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "allow_overlap":
			s.AllowOverlap = v == "1" || v == "true"
		case "guidelines":
			s.Guidelines = v
		}
	}
	return s, rows.Err()
}

// allowOverlap is the project's overlap rule.
func allowOverlap(ctx context.Context, q querier) (bool, error) {
	var v string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = 'allow_overlap'").Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return v == "1" || v == "true", err
}

// PhraseDocuments calls fn, in project order, for the documents but
// exceptDocumentID whose text contains phrase, with the annotator's spans
// on each. strpos scans the texts: the search index (search_index.go)
// splits a text into words at other places than the model's tokens (a
// token may be part of a word), so it cannot rule a document out. Every
// document holding phrase is a candidate, whole tokens or not (the
// contract lets fn decide). The ids come first, then one document at a
// time, so that fn may read through the same transaction.
func (r ReadTx) PhraseDocuments(ctx context.Context, annotator, phrase, exceptDocumentID string, fn func(documentID, text string, spans []model.Span) error) error {
	var annID int64 // 0, which no row has, for an annotator the project does not know
	if err := r.q.QueryRow(ctx, "SELECT id FROM annotators WHERE name = $1", annotator).Scan(&annID); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	rows, err := r.q.Query(ctx, "SELECT id FROM documents WHERE strpos(text, $1) > 0 AND uuid <> $2 ORDER BY id", phrase, exceptDocumentID)
	if err != nil {
		return err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, id := range ids {
		var uuid, text string
		if err := r.q.QueryRow(ctx, "SELECT uuid, text FROM documents WHERE id = $1", id).Scan(&uuid, &text); err != nil {
			return err
		}
		var spans []model.Span
		if annID != 0 {
			if spans, err = querySpans(ctx, r.q, `SELECT `+spanColumns+` FROM spans s JOIN labels l ON l.id = s.label_id
				JOIN annotation_sets a ON a.id = s.set_id WHERE a.document_id = $1 AND a.annotator_id = $2`+spanOrder, id, annID); err != nil {
				return err
			}
		}
		if err := fn(uuid, text, spans); err != nil {
			return err
		}
	}
	return nil
}

// SpansWithText returns every span of the annotator's with the label
// whose text is exactly phrase, in project and text order. EINVALID for
// a label the project does not have. substr counts characters: code
// points, like offsets.
func (r ReadTx) SpansWithText(ctx context.Context, annotator, phrase, label string) ([]model.LabeledSpan, error) {
	labelID, err := labelID(ctx, r.q, model.Span{Label: label})
	if err != nil {
		return nil, err
	}
	rows, err := r.q.Query(ctx, `SELECT d.uuid, `+spanColumns+` FROM annotation_sets a
		JOIN spans s ON s.set_id = a.id
		JOIN documents d ON d.id = a.document_id
		JOIN labels l ON l.id = s.label_id
		WHERE a.annotator_id = (SELECT id FROM annotators WHERE name = $1) AND s.label_id = $2
		AND substr(d.text, s.start_cp + 1, s.end_cp - s.start_cp) = $3
		ORDER BY d.id, s.start_cp, s.end_cp`, annotator, labelID, phrase)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []model.LabeledSpan
	for rows.Next() {
		var ls model.LabeledSpan
		var attrs []byte
		if err := rows.Scan(&ls.DocumentID, &ls.Span.ID, &ls.Span.Start, &ls.Span.End, &ls.Span.Label, &ls.Span.Note,
			&ls.Span.Origin, &attrs, &ls.Span.Created, &ls.Span.Updated); err != nil {
			return nil, err
		}
		ls.Span.Created, ls.Span.Updated = ls.Span.Created.UTC(), ls.Span.Updated.UTC()
		if ls.Span.Attributes, err = decodeAttributes(attrs); err != nil {
			return nil, err
		}
		found = append(found, ls)
	}
	return found, rows.Err()
}

// labelID is the id of span's label: EINVALID for a label the project
// does not have.
func labelID(ctx context.Context, q querier, span model.Span) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, "SELECT id FROM labels WHERE name = $1", span.Label).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", span.Start, span.End, span.Label)
	}
	return id, err
}
