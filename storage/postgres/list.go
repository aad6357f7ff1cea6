package postgres

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/jackc/pgx/v5"
	"golang.org/x/text/unicode/norm"
)

// The document list of the window (gui.Project): counts, pages and
// positions of a filtered list, with the project file's rules (package
// storage, list.go and search.go).
//
// A search (DocumentFilter.Query) has the project file's rule (every word
// of the query a word of the text, the last one also as a prefix, case
// and accents ignored), answered by the search index of schema 5
// (search_index.go): the documents that pass the rest of the filter and
// the index, in the list's order, ids only, up to
// model.MaxSearchResults+1.

// sqlArgs collects a statement's arguments, numbering their placeholders.
type sqlArgs []any

// add appends v and returns its placeholder.
func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// listQuery is the FROM/WHERE part of a filtered list, without its search
// words, and the columns that order it. The annotator's set is joined as s
// when the filter or the caller needs it (withSet); d is the document.
func listQuery(annotator string, f model.DocumentFilter, withSet bool, args *sqlArgs) (from, order string) {
	var b strings.Builder
	order = "d.id"
	// Statuses other than todo are rows of annotation_sets, found by its
	// (annotator, status) index; todo is also the absence of a row.
	fromSets := !f.Disagreeing && len(f.Statuses) > 0 && !slices.Contains(f.Statuses, model.StatusTodo)
	statuses := func() string {
		var p []string
		for _, st := range f.Statuses {
			p = append(p, args.add(string(st)))
		}
		return strings.Join(p, ", ")
	}
	if fromSets {
		b.WriteString(`FROM annotation_sets s JOIN documents d ON d.id = s.document_id
			WHERE s.annotator_id = (SELECT id FROM annotators WHERE name = ` + args.add(annotator) + `)`)
		b.WriteString(" AND s.status IN (" + statuses() + ")")
	} else {
		b.WriteString("FROM documents d ")
		if f.Disagreeing {
			b.WriteString("JOIN disagreement g ON g.document_id = d.id AND g.value > 0 ")
			order = "g.value DESC, d.id"
		}
		if withSet || len(f.Statuses) > 0 || f.Label != "" {
			b.WriteString(`LEFT JOIN annotation_sets s ON s.document_id = d.id
				AND s.annotator_id = (SELECT id FROM annotators WHERE name = ` + args.add(annotator) + `) `)
		}
		b.WriteString("WHERE true")
		if len(f.Statuses) > 0 {
			b.WriteString(" AND coalesce(s.status, 'todo') IN (" + statuses() + ")")
		}
	}
	if f.Label != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM spans sp JOIN labels l ON l.id = sp.label_id
			WHERE sp.set_id = s.id AND l.name = ` + args.add(f.Label) + `)`)
	}
	if f.AnnotatedBy != "" {
		b.WriteString(` AND EXISTS (SELECT 1 FROM annotation_sets o JOIN annotators n ON n.id = o.annotator_id
			WHERE o.document_id = d.id AND n.name = ` + args.add(f.AnnotatedBy) + `)`)
	}
	return b.String(), order
}

// summaryColumns are the columns of a document list's row.
const summaryColumns = `d.uuid, d.external_id, d.title, d.length, coalesce(s.status, 'todo'),
	(SELECT count(*) FROM spans WHERE set_id = s.id)`

// searchReady brings the disagreement measures up to date before a
// disagreement list reads them.
func (db *DB) searchReady(ctx context.Context, f model.DocumentFilter) error {
	if f.Disagreeing {
		return db.updateDisagreement(ctx)
	}
	return nil
}

// CountDocuments counts the documents a filtered list holds; a search
// counts at most model.MaxSearchResults.
func (db *DB) CountDocuments(ctx context.Context, annotator string, f model.DocumentFilter) (n int, err error) {
	if err := db.searchReady(ctx, f); err != nil {
		return 0, err
	}
	err = db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		if f.Query != "" {
			ids, err := searchIDs(ctx, q, annotator, f)
			n = min(len(ids), model.MaxSearchResults)
			return err
		}
		var args sqlArgs
		from, _ := listQuery(annotator, f, false, &args)
		return q.QueryRow(ctx, "SELECT count(*) "+from, args...).Scan(&n)
	})
	return n, err
}

// ListDocuments returns limit documents (all for a negative limit) of a
// filtered list from position offset, in its order. A search lists at
// most model.MaxSearchResults.
func (db *DB) ListDocuments(ctx context.Context, annotator string, f model.DocumentFilter, offset, limit int) (list []model.DocumentSummary, err error) {
	if err := db.searchReady(ctx, f); err != nil {
		return nil, err
	}
	err = db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		if f.Query != "" {
			ids, err := searchIDs(ctx, q, annotator, f)
			if err != nil {
				return err
			}
			ids = ids[:min(len(ids), model.MaxSearchResults)]
			end := len(ids)
			if limit >= 0 {
				end = min(end, offset+limit)
			}
			if offset >= end {
				list = []model.DocumentSummary{}
				return nil
			}
			list, err = summariesOf(ctx, q, annotator, ids[offset:end])
			return err
		}
		var args sqlArgs
		from, order := listQuery(annotator, f, true, &args)
		var page any // nil: LIMIT NULL, every row
		if limit >= 0 {
			page = limit
		}
		if f.IsZero() && offset > 0 {
			// OFFSET would join every skipped row to its set; the first
			// row's id comes from the primary key's index alone, which
			// keeps the end of a long list as quick as its start.
			from += " AND d.id >= (SELECT id FROM documents ORDER BY id LIMIT 1 OFFSET " + args.add(offset) + ")"
			offset = 0
		}
		rows, err := q.Query(ctx, "SELECT "+summaryColumns+" "+from+" ORDER BY "+order+
			" LIMIT "+args.add(page)+" OFFSET "+args.add(max(offset, 0)), args...)
		if err != nil {
			return err
		}
		list, err = scanSummaries(rows)
		return err
	})
	return list, err
}

// ListPosition is where a document stands in a filtered list, or -1 when
// the list does not hold it.
func (db *DB) ListPosition(ctx context.Context, annotator string, f model.DocumentFilter, documentID string) (pos int, err error) {
	if err := db.searchReady(ctx, f); err != nil {
		return -1, err
	}
	pos = -1
	err = db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		var id int64
		err := q.QueryRow(ctx, "SELECT id FROM documents WHERE uuid = $1", documentID).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if f.Query != "" {
			ids, err := searchIDs(ctx, q, annotator, f)
			if i := slices.Index(ids, id); i >= 0 && i < model.MaxSearchResults {
				pos = i
			}
			return err
		}
		var args sqlArgs
		from, _ := listQuery(annotator, f, false, &args)
		var in bool
		if err := q.QueryRow(ctx, "SELECT EXISTS (SELECT 1 "+from+" AND d.id = "+args.add(id)+")", args...).Scan(&in); err != nil || !in {
			return err
		}
		args = args[:0]
		from, _ = listQuery(annotator, f, false, &args)
		var before string
		if !f.Disagreeing {
			before = " AND d.id < " + args.add(id)
		} else {
			// Worst first: before it are the worse documents and the
			// equally bad ones earlier in the project.
			var v float64
			if err := q.QueryRow(ctx, "SELECT value FROM disagreement WHERE document_id = $1", id).Scan(&v); err != nil {
				return err
			}
			pv := args.add(v)
			before = " AND (g.value > " + pv + " OR (g.value = " + pv + " AND d.id < " + args.add(id) + "))"
		}
		return q.QueryRow(ctx, "SELECT count(*) "+from+before, args...).Scan(&pos)
	})
	return pos, err
}

// ListPage reads what a list shows when its filter changes: the count, the
// first limit rows, and the open document's position with the page of
// limit rows around it (documentID "" for none), a search scanning once
// for all of them. A search's count is exact up to
// model.MaxSearchResults; past it the page lists that many and says there
// are more. It brings no snippets: the team project has no index to make
// them from (see the top of this file).
func (db *DB) ListPage(ctx context.Context, annotator string, f model.DocumentFilter, documentID string, limit int) (model.DocumentPage, error) {
	page := model.DocumentPage{Position: -1}
	if limit <= 0 {
		return page, model.Errorf(model.EINVALID, "a page needs at least one row")
	}
	if f.Query == "" {
		var err error
		if page.Total, err = db.CountDocuments(ctx, annotator, f); err != nil {
			return page, err
		}
		if page.First, err = db.ListDocuments(ctx, annotator, f, 0, limit); err != nil {
			return page, err
		}
		if documentID != "" {
			if page.Position, err = db.ListPosition(ctx, annotator, f, documentID); err != nil {
				return page, err
			}
		}
		if page.Position >= limit {
			page.Around, err = db.ListDocuments(ctx, annotator, f, page.Position/limit*limit, limit)
		}
		return page, err
	}
	err := db.Read(ctx, func(tx app.ReadTx) error {
		q := tx.(ReadTx).q
		ids, err := searchIDs(ctx, q, annotator, f)
		if err != nil {
			return err
		}
		if len(ids) > model.MaxSearchResults {
			ids, page.More = ids[:model.MaxSearchResults], true
		}
		page.Total = len(ids)
		if documentID != "" {
			var id int64
			err := q.QueryRow(ctx, "SELECT id FROM documents WHERE uuid = $1", documentID).Scan(&id)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			page.Position = slices.Index(ids, id)
		}
		if page.First, err = summariesOf(ctx, q, annotator, ids[:min(limit, len(ids))]); err != nil {
			return err
		}
		if page.Position >= limit {
			from := page.Position / limit * limit
			page.Around, err = summariesOf(ctx, q, annotator, ids[from:min(from+limit, len(ids))])
		}
		return err
	})
	return page, err
}

// searchBatch is how many rows one fetch of a search's cursor brings.
const searchBatch = 200

// searchIDs finds the documents that pass f and whose text matches
// f.Query, in the list's order, and returns their internal ids, up to
// model.MaxSearchResults+1 (one more tells "exactly the cap" from
// "more"). A query without words matches nothing. The search index
// (search_index.go) answers for the documents it holds; the texts of
// those it leaves in doubt are read, through a cursor, and matched here.
// q must be a transaction.
func searchIDs(ctx context.Context, q querier, annotator string, f model.DocumentFilter) ([]int64, error) {
	terms := parseSearch(f.Query)
	if len(terms.words) == 0 {
		return nil, nil
	}
	query, exact := terms.tsquery()
	var args sqlArgs
	from, order := listQuery(annotator, f, false, &args)
	words := args.add(query)
	if exact {
		// Nearly always: the index's answer is the search's.
		var doubt bool
		if err := q.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE search_words IS NULL)").Scan(&doubt); err != nil {
			return nil, err
		}
		if !doubt {
			return indexedSearch(ctx, q, from, words, order, args)
		}
	}
	// Documents left out of the index, or a word cut in the query: the
	// texts in doubt are read and matched here, as many as it takes.
	text := "CASE WHEN d.search_words IS NULL THEN d.text END"
	if !exact {
		text = "d.text"
	}
	if _, err := q.Exec(ctx, "DECLARE inkspan_search NO SCROLL CURSOR FOR SELECT d.id, "+text+" "+from+
		" AND (d.search_words @@ "+words+"::tsquery OR d.search_words IS NULL) ORDER BY "+order, args...); err != nil {
		return nil, err
	}
	defer q.Exec(context.WithoutCancel(ctx), "CLOSE inkspan_search")
	var ids []int64
	for len(ids) <= model.MaxSearchResults {
		rows, err := q.Query(ctx, "FETCH "+strconv.Itoa(searchBatch)+" FROM inkspan_search")
		if err != nil {
			return nil, err
		}
		n := 0
		for rows.Next() {
			var id int64
			var text *string
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return nil, err
			}
			n++
			if len(ids) <= model.MaxSearchResults && (text == nil || terms.match(*text)) {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if n < searchBatch {
			break
		}
	}
	return ids, nil
}

// searchProbe is how many documents at the head of a list a search
// tries first, in the list's order.
var searchProbe = 3 * (model.MaxSearchResults + 1)

// indexedSearch is searchIDs when the index answers (from, words, order
// and args as there). The planner cannot tell how many documents a
// prefix matches, and guesses low: it would take every match from the
// index and sort them, a hundred thousand for a common prefix. So the
// head of the list is tried first, in order (a common word or prefix has
// its results there), and only a search that finds fewer there asks the
// index for all its matches, which are then few enough to sort.
func indexedSearch(ctx context.Context, q querier, from, words, order string, args sqlArgs) ([]int64, error) {
	rows, _ := q.Query(ctx, "SELECT d.id, d.search_words @@ "+words+"::tsquery "+from+" ORDER BY "+order+" LIMIT "+strconv.Itoa(searchProbe), args...)
	var ids []int64
	var id int64
	var hit bool
	tag, err := pgx.ForEachRow(rows, []any{&id, &hit}, func() error {
		if hit && len(ids) <= model.MaxSearchResults {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ids) > model.MaxSearchResults || tag.RowsAffected() < int64(searchProbe) {
		return ids, nil
	}
	rows, _ = q.Query(ctx, "SELECT d.id "+from+" AND d.search_words @@ "+words+"::tsquery ORDER BY "+order+" LIMIT "+strconv.Itoa(model.MaxSearchResults+1), args...)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// searchTerms are the folded words of a search; the last one matches as
// a prefix too when prefix is set.
type searchTerms struct {
	words  []string
	prefix bool
}

// isSearchSeparator is what separates the words of a search and of a
// text: anything but letters, digits and combining marks.
func isSearchSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
}

// parseSearch reads what a person typed with the project file's rule
// (storage's searchExpression): every word required, the last also as a
// prefix unless the input ends in a space or the word is one letter.
func parseSearch(query string) searchTerms {
	words := strings.FieldsFunc(query, isSearchSeparator)
	if len(words) == 0 {
		return searchTerms{}
	}
	last := query[len(query)-1]
	t := searchTerms{prefix: last != ' ' && last != '\t' && utf8.RuneCountInString(words[len(words)-1]) > 1}
	for _, w := range words {
		if w = foldWord(w); w != "" {
			t.words = append(t.words, w)
		}
	}
	return t
}

// foldWord is a word (or a whole text) as the search compares it: lower
// case, without accents (decomposed, combining marks dropped), as SQLite's
// unicode61 tokenizer with remove_diacritics folds it.
func foldWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// match reports whether text holds every word, the last as a prefix
// when t says so. The text is folded once, and a word it does not
// contain even as part of another rules it out before it is split into
// words.
func (t searchTerms) match(text string) bool {
	folded := foldWord(text)
	for _, w := range t.words {
		if !strings.Contains(folded, w) {
			return false
		}
	}
	need := len(t.words)
	found := make([]bool, need)
	left := need
	for _, w := range strings.FieldsFunc(folded, isSearchSeparator) {
		for i, want := range t.words {
			if found[i] {
				continue
			}
			if w == want || (t.prefix && i == need-1 && strings.HasPrefix(w, want)) {
				found[i] = true
				left--
			}
		}
		if left == 0 {
			return true
		}
	}
	return false
}

// summariesOf lists the documents with these internal ids, in the order
// given.
func summariesOf(ctx context.Context, q querier, annotator string, ids []int64) ([]model.DocumentSummary, error) {
	if len(ids) == 0 {
		return []model.DocumentSummary{}, nil
	}
	rows, err := q.Query(ctx, `SELECT d.id, `+summaryColumns+`
		FROM documents d LEFT JOIN annotation_sets s ON s.document_id = d.id
			AND s.annotator_id = (SELECT id FROM annotators WHERE name = $1)
		WHERE d.id = ANY($2)`, annotator, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]model.DocumentSummary, len(ids))
	for rows.Next() {
		var id int64
		var d model.DocumentSummary
		if err := rows.Scan(&id, &d.ID, &d.ExternalID, &d.Title, &d.Length, &d.Status, &d.SpanCount); err != nil {
			return nil, err
		}
		byID[id] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.DocumentSummary, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// scanSummaries reads rows of summaryColumns and closes them.
func scanSummaries(rows pgx.Rows) ([]model.DocumentSummary, error) {
	defer rows.Close()
	list := []model.DocumentSummary{}
	for rows.Next() {
		var d model.DocumentSummary
		if err := rows.Scan(&d.ID, &d.ExternalID, &d.Title, &d.Length, &d.Status, &d.SpanCount); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// updateDisagreement measures again the documents whose people's sets
// changed since their disagreement was last measured (two or more people,
// skipped sets left out), as the project file does before a disagreement
// list. The measure is kept with the time of the last change it saw.
func (db *DB) updateDisagreement(ctx context.Context) error {
	const stale = `SELECT s.document_id, d.uuid, max(s.updated_at) FROM annotation_sets s
		JOIN annotators a ON a.id = s.annotator_id JOIN documents d ON d.id = s.document_id
		WHERE a.name <> $1 AND s.status <> $2
		GROUP BY s.document_id, d.uuid
		HAVING count(*) >= 2 AND max(s.updated_at) > coalesce(
			(SELECT computed_at FROM disagreement g WHERE g.document_id = s.document_id), '-infinity')`
	var stale0 bool
	if err := db.pool.QueryRow(ctx, "SELECT EXISTS ("+stale+")", model.GoldAnnotator, model.StatusSkipped).Scan(&stale0); err != nil || !stale0 {
		return db.wrap("read", err)
	}
	return db.write(ctx, func(t *WriteTx) error {
		rows, err := t.tx.Query(ctx, stale, model.GoldAnnotator, model.StatusSkipped)
		if err != nil {
			return err
		}
		type doc struct {
			id      int64
			uuid    string
			updated any
		}
		var docs []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.uuid, &d.updated); err != nil {
				rows.Close()
				return err
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range docs {
			sets, err := t.PeopleSpans(ctx, d.uuid)
			if err != nil {
				return err
			}
			if _, err := t.tx.Exec(ctx, `INSERT INTO disagreement (document_id, value, computed_at) VALUES ($1, $2, $3)
				ON CONFLICT (document_id) DO UPDATE SET value = excluded.value, computed_at = excluded.computed_at`,
				d.id, agree.Disagreement(sets), d.updated); err != nil {
				return err
			}
		}
		return nil
	})
}
