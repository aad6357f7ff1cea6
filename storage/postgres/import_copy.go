package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// An import's new documents, with their sets, spans and tokens, are not
// written one statement a row (about 15 round trips a document, nearly
// all of an import's time on a team project) but kept in the unit and
// written in batches with COPY (issue 15: within 2x a bare COPY of the
// same rows). The tables' owner (a project without a team, or whoever
// made it one) copies into the tables themselves. COPY FROM refuses a
// table under row-level security, which a team project's manager is
// (team_policies.sql), so for them a batch is copied into temporary
// tables of the transaction and moved from there by one INSERT ... SELECT
// a table, which the policies check like any insert. Either way the new
// rows' IDs (identity columns) are read back by their documents' UUIDs.
//
// The buffer is invisible to the unit's callers: every operation checks
// what it must before it keeps anything (a refusal still changes
// nothing), and any operation that reads a document by ID (document)
// writes the buffer first, so it sees the unit's own changes. Whatever
// stays buffered is written before the unit commits, in the same
// transaction: the import is still all or nothing.

// Batch limits: a batch is written when it holds this many documents,
// text bytes or spans, so that the buffer stays a few megabytes whatever
// the import's size.
var (
	copyBatchDocs  = 2000
	copyBatchBytes = 8 << 20
	copyBatchSpans = 40_000
)

// hashLookups is how many documents the unit looks up by hash in the
// database before it reads every stored hash's first 64 bits once
// (known) and asks the database only about those that match: a small
// import into a large project reads no hashes, a large one asks once.
var hashLookups = 64

// pending is what an import unit has kept to write in its next batch.
type pending struct {
	docs   []pendingDoc
	byHash map[string]int // index in docs
	byID   map[string]int
	sets   []pendingSet
	setOf  map[setKey]int // index in sets
	spans  []pendingSpan
	have   map[spanKey]bool // the spans of sets, to leave out one given twice
	tokens map[int]storedTokens
	bytes  int
}

type pendingDoc struct {
	uuid, externalID, text, meta, hash, title string
	length                                    int
}

type setKey struct {
	doc       int // index in pending.docs
	annotator int64
}

type pendingSet struct {
	key                  setKey
	status, note, answer string
	inputHash, taskHash  *int64
	created, updated     time.Time
}

type spanKey struct {
	set        int // index in pending.sets
	start, end int
	label      int64
}

type pendingSpan struct {
	set              int // index in pending.sets
	uuid, note       string
	origin           string
	start, end       int32
	label            int64
	attributes       any // JSON or nil
	created, updated time.Time
}

func newPending() *pending {
	return &pending{byHash: map[string]int{}, byID: map[string]int{}, setOf: map[setKey]int{},
		have: map[spanKey]bool{}, tokens: map[int]storedTokens{}}
}

func (p *pending) empty() bool { return len(p.docs) == 0 }

func (p *pending) full() bool {
	return len(p.docs) >= copyBatchDocs || p.bytes >= copyBatchBytes || len(p.spans) >= copyBatchSpans
}

// hashKey is the first 64 bits of a content hash (hex), the key of known.
func hashKey(hash string) (uint64, bool) {
	if len(hash) < 16 {
		return 0, false
	}
	var b [8]byte
	if _, err := hex.Decode(b[:], []byte(hash[:16])); err != nil {
		return 0, false
	}
	var k uint64
	for _, c := range b {
		k = k<<8 | uint64(c)
	}
	return k, true
}

// storedHash says whether a document of the database (not the buffer)
// has the content hash: from known once read, else by asking.
func (it *ImportTx) storedHash(ctx context.Context, hash string) (string, bool, error) {
	if it.known != nil {
		if k, ok := hashKey(hash); ok && !it.known[k] {
			return "", false, nil
		}
	} else if it.lookups++; it.lookups > hashLookups {
		if err := it.readKnown(ctx); err != nil {
			return "", false, err
		}
		return it.storedHash(ctx, hash)
	}
	var id string
	err := it.t.tx.QueryRow(ctx, "SELECT uuid FROM documents WHERE hash = $1", hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return id, err == nil, err
}

// readKnown reads the first 64 bits of every stored document's hash. The
// unit holds the write lock, so no other writer adds documents meanwhile;
// the unit's own are added as their batches are written.
func (it *ImportTx) readKnown(ctx context.Context) error {
	rows, err := it.t.tx.Query(ctx, "SELECT left(hash, 16) FROM documents")
	if err != nil {
		return err
	}
	defer rows.Close()
	known := map[uint64]bool{}
	var h string
	for rows.Next() {
		if err := rows.Scan(&h); err != nil {
			return err
		}
		if k, ok := hashKey(h); ok {
			known[k] = true
		} else {
			// Not a hash this program writes: ask the database each
			// time, and never read the hashes again.
			it.lookups = math.MinInt
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	it.known = known
	return nil
}

// labelIDs are the IDs of the project's labels by name, read once a unit
// (AddLabel adds to them).
func (it *ImportTx) labelIDs(ctx context.Context) (map[string]int64, error) {
	if it.labels != nil {
		return it.labels, nil
	}
	rows, err := it.t.tx.Query(ctx, "SELECT name, id FROM labels")
	if err != nil {
		return nil, err
	}
	byName, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (struct {
		name string
		id   int64
	}, error) {
		var r struct {
			name string
			id   int64
		}
		err := row.Scan(&r.name, &r.id)
		return r, err
	})
	if err != nil {
		return nil, err
	}
	it.labels = make(map[string]int64, len(byName))
	for _, r := range byName {
		it.labels[r.name] = r.id
	}
	return it.labels, nil
}

// annotator is the ID of the annotator name, made when new; the unit
// remembers it.
func (it *ImportTx) annotator(ctx context.Context, name string) (int64, error) {
	if id, ok := it.annotators[name]; ok {
		return id, nil
	}
	id, err := it.t.annotatorID(ctx, name)
	if err != nil {
		return 0, err
	}
	if it.annotators == nil {
		it.annotators = map[string]int64{}
	}
	it.annotators[name] = id
	return id, nil
}

// bufferDocument keeps a checked new document for the next batch,
// writing the batch first when it is full.
func (it *ImportTx) bufferDocument(ctx context.Context, d pendingDoc) error {
	if it.pend.full() {
		if err := it.flush(ctx); err != nil {
			return err
		}
	}
	p := it.pend
	p.byHash[d.hash] = len(p.docs)
	p.byID[d.uuid] = len(p.docs)
	p.docs = append(p.docs, d)
	p.bytes += len(d.text) + len(d.meta)
	return nil
}

// putPendingSet is PutSet for a document of the buffer: the checks of
// PutSet, then the set and its spans kept for the batch.
func (it *ImportTx) putPendingSet(ctx context.Context, doc int, annotator string, set app.ImportSet, add []model.Span) (int, error) {
	p := it.pend
	if err := set.Validate(); err != nil {
		return 0, err
	}
	labels, err := it.labelIDs(ctx)
	if err != nil {
		return 0, err
	}
	ids := make([]int64, len(add))
	attrs := make([]any, len(add))
	for i, s := range add {
		if err := s.Validate(p.docs[doc].length, nil); err != nil {
			return 0, err
		}
		id, ok := labels[s.Label]
		if !ok {
			return 0, model.Errorf(model.EINVALID, "span [%d, %d) has label %s, which the project does not have", s.Start, s.End, s.Label)
		}
		ids[i] = id
		if attrs[i], err = encodeAttributes(canonical(s.Attributes)); err != nil {
			return 0, err
		}
	}
	if err := model.ValidateAnnotatorName(annotator); err != nil {
		return 0, err
	}
	annID, err := it.annotator(ctx, annotator)
	if err != nil {
		return 0, err
	}
	// The IDs the spans bring, which a span of the project may have.
	taken, err := it.takenSpanIDs(ctx, add)
	if err != nil {
		return 0, err
	}
	key := setKey{doc, annID}
	at, ok := p.setOf[key]
	if ok {
		// An existing set keeps its created time.
		kept := &p.sets[at]
		kept.status, kept.note, kept.answer = string(set.Status), set.Note, string(set.Answer)
		kept.inputHash, kept.taskHash, kept.updated = set.InputHash, set.TaskHash, it.at(set.Updated)
	} else {
		at = len(p.sets)
		p.setOf[key] = at
		p.sets = append(p.sets, pendingSet{key: key, status: string(set.Status), note: set.Note, answer: string(set.Answer),
			inputHash: set.InputHash, taskHash: set.TaskHash, created: it.at(set.Created), updated: it.at(set.Updated)})
	}
	added := 0
	for i, s := range add {
		k := spanKey{at, s.Start, s.End, ids[i]}
		if p.have[k] {
			continue
		}
		p.have[k] = true
		origin := s.Origin
		if origin == "" {
			origin = model.OriginImport
		}
		id := s.ID
		if id == "" || taken[id] {
			id = newID()
		}
		taken[id] = true
		p.spans = append(p.spans, pendingSpan{set: at, uuid: id, note: s.Note, origin: string(origin),
			start: int32(s.Start), end: int32(s.End), label: ids[i], attributes: attrs[i],
			created: it.at(s.Created), updated: it.at(s.Updated)})
		added++
	}
	return added, nil
}

// takenSpanIDs are the IDs of spans that a span of the project or of
// the buffer has: such a span gets a new ID.
func (it *ImportTx) takenSpanIDs(ctx context.Context, spans []model.Span) (map[string]bool, error) {
	taken := map[string]bool{}
	var ask []string
	for _, s := range spans {
		if s.ID != "" {
			ask = append(ask, s.ID)
		}
	}
	if len(ask) == 0 {
		return taken, nil
	}
	for _, s := range it.pend.spans {
		taken[s.uuid] = true // rare: spans with IDs come from merges and exports
	}
	rows, err := it.t.tx.Query(ctx, "SELECT uuid FROM spans WHERE uuid = ANY($1)", ask)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		taken[id] = true
	}
	return taken, nil
}

// stageSQL makes a table of the transaction that a batch of table is
// copied into when the session may not COPY into table itself: the
// columns the batch writes, none of the table's constraints (the INSERT
// from it checks those), seq giving the documents' order.
func stageSQL(table string, columns []string) string {
	defs := make([]string, 0, len(columns)+1)
	if table == "documents" {
		defs = append(defs, "seq integer")
	}
	for _, c := range columns {
		defs = append(defs, fmt.Sprintf("%s %s", c, stageTypes[c]))
	}
	return "CREATE TEMPORARY TABLE inkspan_stage_" + table + " (" + strings.Join(defs, ", ") + ") ON COMMIT DROP"
}

// stageTypes are the types of the columns a batch writes.
var stageTypes = map[string]string{
	"uuid": "text", "external_id": "text", "text": "text", "meta": "text", "hash": "text", "length": "integer",
	"title": "text", "created_at": "timestamptz", "updated_at": "timestamptz", "document_id": "bigint",
	"annotator_id": "bigint", "status": "text", "note": "text", "answer": "text", "input_hash": "bigint",
	"task_hash": "bigint", "set_id": "bigint", "start_cp": "integer", "end_cp": "integer", "label_id": "bigint",
	"origin": "text", "attributes": "jsonb", "starts": "integer[]", "ends": "integer[]",
	"sentence_starts": "integer[]", "columns": "jsonb", "search_words": "tsvector",
}

// copyRows writes n rows (row(i) gives the values of columns) into
// table: by COPY into the table itself where the session may (it is not
// under row-level security there), else by COPY into the table's
// staging table and one INSERT from it. Either way in the order given,
// which for documents is the project's order (their IDs).
func (it *ImportTx) copyRows(ctx context.Context, table string, columns []string, n int, row func(i int) []any) error {
	tx := it.t.tx
	if it.direct == nil {
		// COPY FROM refuses a table where row_security_active is true.
		var rls bool
		if err := tx.QueryRow(ctx, `SELECT row_security_active('documents') OR row_security_active('annotation_sets')
			OR row_security_active('spans') OR row_security_active('document_tokens')`).Scan(&rls); err != nil {
			return err
		}
		direct := !rls
		it.direct = &direct
	}
	if *it.direct {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns,
			pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
		return err
	}
	stage := "inkspan_stage_" + table
	if !it.staged[table] {
		if _, err := tx.Exec(ctx, stageSQL(table, columns)); err != nil {
			return err
		}
		if it.staged == nil {
			it.staged = map[string]bool{}
		}
		it.staged[table] = true
	} else if _, err := tx.Exec(ctx, "TRUNCATE "+stage); err != nil {
		return err
	}
	list := strings.Join(columns, ", ")
	staged, order := columns, ""
	source := pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil })
	if table == "documents" {
		staged, order = append([]string{"seq"}, columns...), " ORDER BY seq"
		source = pgx.CopyFromSlice(n, func(i int) ([]any, error) { return append([]any{int32(i)}, row(i)...), nil })
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{stage}, staged, source); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO "+table+" ("+list+") SELECT "+list+" FROM "+stage+order)
	return err
}

// flush writes the buffer: documents first, then (with the documents'
// new IDs, read back) sets, then (with theirs) spans and tokens. A
// failure here is the database's: the unit ends.
func (it *ImportTx) flush(ctx context.Context) error {
	p := it.pend
	if p == nil || p.empty() {
		return nil
	}
	tx := it.t.tx
	now := it.t.now
	if err := it.copyRows(ctx, "documents", []string{"uuid", "external_id", "text", "meta", "hash", "length", "title", "created_at", "search_words"},
		len(p.docs), func(i int) []any {
			d := &p.docs[i]
			return []any{d.uuid, d.externalID, d.text, d.meta, d.hash, int32(d.length), d.title, now, searchWords(d.text)}
		}); err != nil {
		return fmt.Errorf("import: write documents: %w", dbError(err))
	}
	uuids := make([]string, len(p.docs))
	for i := range p.docs {
		uuids[i] = p.docs[i].uuid
	}
	docIDs := make([]int64, len(p.docs))
	docIndex := make(map[int64]int, len(p.docs))
	var id int64
	var uuid string
	rows, _ := tx.Query(ctx, "SELECT id, uuid FROM documents WHERE uuid = ANY($1)", uuids)
	if _, err := pgx.ForEachRow(rows, []any{&id, &uuid}, func() error {
		i := p.byID[uuid]
		docIDs[i], docIndex[id] = id, i
		return nil
	}); err != nil {
		return fmt.Errorf("import: read documents: %w", err)
	}
	setIDs := make([]int64, len(p.sets))
	if len(p.sets) > 0 {
		if err := it.copyRows(ctx, "annotation_sets", []string{"document_id", "annotator_id", "status", "note", "answer", "input_hash", "task_hash", "created_at", "updated_at"},
			len(p.sets), func(i int) []any {
				s := &p.sets[i]
				return []any{docIDs[s.key.doc], s.key.annotator, s.status, s.note, s.answer, s.inputHash, s.taskHash, s.created, s.updated}
			}); err != nil {
			return fmt.Errorf("import: write sets: %w", dbError(err))
		}
		var doc, annotator int64
		// The documents are new: every set on them is the batch's.
		rows, _ := tx.Query(ctx, "SELECT id, document_id, annotator_id FROM annotation_sets WHERE document_id = ANY($1)", docIDs)
		if _, err := pgx.ForEachRow(rows, []any{&id, &doc, &annotator}, func() error {
			setIDs[p.setOf[setKey{docIndex[doc], annotator}]] = id
			return nil
		}); err != nil {
			return fmt.Errorf("import: read sets: %w", err)
		}
	}
	if len(p.spans) > 0 {
		if err := it.copyRows(ctx, "spans", []string{"uuid", "set_id", "start_cp", "end_cp", "label_id", "note", "origin", "attributes", "created_at", "updated_at"},
			len(p.spans), func(i int) []any {
				s := &p.spans[i]
				return []any{s.uuid, setIDs[s.set], s.start, s.end, s.label, s.note, s.origin, s.attributes, s.created, s.updated}
			}); err != nil {
			return fmt.Errorf("import: write spans: %w", dbError(err))
		}
	}
	if len(p.tokens) > 0 {
		docs := make([]int, 0, len(p.tokens))
		for doc := range p.tokens {
			docs = append(docs, doc)
		}
		if err := it.copyRows(ctx, "document_tokens", []string{"document_id", "starts", "ends", "sentence_starts", "columns"},
			len(docs), func(i int) []any {
				row := p.tokens[docs[i]]
				return []any{docIDs[docs[i]], row.starts, row.ends, row.sentences, row.columns}
			}); err != nil {
			return fmt.Errorf("import: write tokens: %w", dbError(err))
		}
	}
	if it.known != nil {
		for _, d := range p.docs {
			if k, ok := hashKey(d.hash); ok {
				it.known[k] = true
			}
		}
	}
	it.pend = newPending()
	return nil
}
