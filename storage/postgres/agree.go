package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/jackc/pgx/v5"
)

// agreeBatch is how many documents AgreementSets reads at a time.
var agreeBatch = 500

// AgreementSets calls fn, in project order and from one snapshot, with
// each document on which a person has a set whose status is one of
// counted (app.AgreementStore): their spans, and the gold set's when it
// is counted too; the ID and text where two or more people have sets.
// With reviewedOnly, only documents whose gold set is done; with label,
// only spans of that label (a set without any still counts). ENOTFOUND
// for a label the project does not have; fn's error stops the walk.
//
// It reads a batch of documents at a time, each set with its spans as
// three arrays (one row per set, not per span), so that memory holds a
// batch whatever the project's size and fn runs with no query open. doc
// is reused for the next document.
func (db *DB) AgreementSets(ctx context.Context, counted []model.Status, label string, reviewedOnly bool, fn func(doc *agree.Document) error) error {
	if len(counted) == 0 {
		return nil
	}
	return db.Read(ctx, func(rtx app.ReadTx) error {
		return withContext(ctx, agreement(ctx, rtx.(ReadTx).q, counted, label, reviewedOnly, fn))
	})
}

func agreement(ctx context.Context, q querier, counted []model.Status, label string, reviewedOnly bool, fn func(*agree.Document) error) error {
	labels := map[int64]string{}
	var order []string
	var labelID int64
	rows, err := q.Query(ctx, "SELECT id, name FROM labels ORDER BY position, id")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return err
		}
		labels[id] = name
		order = append(order, name)
		if name == label {
			labelID = id
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if label != "" && labelID == 0 {
		return model.Errorf(model.ENOTFOUND, "no label named %s in this project (labels: %s)", label, strings.Join(order, ", "))
	}
	var goldID int64 // 0, which no row has, while nobody has made gold
	if err := q.QueryRow(ctx, "SELECT id FROM annotators WHERE name = $1", model.GoldAnnotator).Scan(&goldID); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if reviewedOnly && goldID == 0 {
		return nil // nothing has been reviewed
	}
	statuses := make([]string, len(counted))
	for i, s := range counted {
		statuses[i] = string(s)
	}
	// $1 the statuses, $2 gold's id, $3 reviewedOnly; then, for the
	// batch's documents, $4 the id to start after, and for their sets, $4
	// the label (0 for all) and $5 the documents.
	const sets = ` FROM annotation_sets s
		WHERE s.status = ANY($1) AND (NOT $3 OR s.document_id IN (SELECT document_id FROM annotation_sets
			WHERE annotator_id = $2 AND status = 'done'))`
	doc := agree.Document{Sets: map[string][]model.Span{}}
	buffers := map[string][]model.Span{} // each annotator's span buffer, reused from document to document
	after := int64(0)
	for {
		ids, err := collectIDs(ctx, q, `SELECT DISTINCT s.document_id`+sets+` AND s.document_id > $4
			ORDER BY s.document_id LIMIT `+strconv.Itoa(agreeBatch), statuses, goldID, reviewedOnly, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		batch, err := agreementBatch(ctx, q, sets, statuses, goldID, reviewedOnly, labelID, ids, labels)
		if err != nil {
			return err
		}
		for _, id := range ids {
			d := batch[id]
			if d == nil || d.people == 0 {
				continue
			}
			clear(doc.Sets)
			doc.ID, doc.Text, doc.Gold, doc.HasGold = d.uuid, d.text, d.gold, d.hasGold
			for name, spans := range d.sets {
				buffers[name] = append(buffers[name][:0], spans...)
				doc.Sets[name] = buffers[name]
			}
			if err := fn(&doc); err != nil {
				return err
			}
		}
	}
}

// agreeDoc is a document of a batch.
type agreeDoc struct {
	uuid, text string // where two or more people have sets
	sets       map[string][]model.Span
	gold       []model.Span
	hasGold    bool
	people     int
}

// agreementBatch reads the counted sets of the documents ids, with their
// spans, and the texts of those with two or more people's sets.
func agreementBatch(ctx context.Context, q querier, sets string, statuses []string, goldID int64, reviewedOnly bool, labelID int64, ids []int64, labels map[int64]string) (map[int64]*agreeDoc, error) {
	rows, err := q.Query(ctx, `SELECT s.document_id, s.annotator_id, a.name, x.starts, x.ends, x.labels`+
		strings.Replace(sets, "FROM annotation_sets s", `FROM annotation_sets s JOIN annotators a ON a.id = s.annotator_id
		LEFT JOIN LATERAL (SELECT array_agg(sp.start_cp) AS starts, array_agg(sp.end_cp) AS ends, array_agg(sp.label_id) AS labels
			FROM spans sp WHERE sp.set_id = s.id AND ($4 = 0 OR sp.label_id = $4)) x ON true`, 1)+
		` AND s.document_id = ANY($5)`, statuses, goldID, reviewedOnly, labelID, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	batch := map[int64]*agreeDoc{}
	var twice []int64
	for rows.Next() {
		var docID, annID int64
		var name string
		var starts, ends []int32
		var spanLabels []int64
		if err := rows.Scan(&docID, &annID, &name, &starts, &ends, &spanLabels); err != nil {
			return nil, err
		}
		d := batch[docID]
		if d == nil {
			d = &agreeDoc{sets: map[string][]model.Span{}}
			batch[docID] = d
		}
		spans := make([]model.Span, len(starts))
		for i := range starts {
			spans[i] = model.Span{Start: int(starts[i]), End: int(ends[i]), Label: labels[spanLabels[i]]}
		}
		if annID == goldID {
			d.gold, d.hasGold = spans, true
			continue
		}
		d.sets[name] = spans
		if d.people++; d.people == 2 {
			twice = append(twice, docID)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(twice) > 0 {
		texts, err := q.Query(ctx, "SELECT id, uuid, text FROM documents WHERE id = ANY($1)", twice)
		if err != nil {
			return nil, err
		}
		defer texts.Close()
		for texts.Next() {
			var id int64
			var uuid, text string
			if err := texts.Scan(&id, &uuid, &text); err != nil {
				return nil, err
			}
			batch[id].uuid, batch[id].text = uuid, text
		}
		if err := texts.Err(); err != nil {
			return nil, err
		}
	}
	return batch, nil
}

// collectIDs runs a query of one bigint column.
func collectIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

var _ app.AgreementStore = (*DB)(nil)
