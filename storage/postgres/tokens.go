package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// storedTokens is a document_tokens row.
type storedTokens struct {
	starts, ends, sentences []int32
	columns                 []byte // JSON, nil for none
}

// encodeTokens gives the row for tokens.
func encodeTokens(tokens []model.Token) (storedTokens, error) {
	row := storedTokens{starts: make([]int32, len(tokens)), ends: make([]int32, len(tokens)), sentences: []int32{}}
	var columns [][]string
	for i, t := range tokens {
		row.starts[i], row.ends[i] = int32(t.Start), int32(t.End)
		if t.SentenceStart {
			row.sentences = append(row.sentences, int32(i))
		}
		if len(t.Columns) > 0 && columns == nil {
			columns = make([][]string, len(tokens))
		}
	}
	if columns != nil {
		for i, t := range tokens {
			columns[i] = t.Columns
			if columns[i] == nil {
				columns[i] = []string{}
			}
		}
		var err error
		if row.columns, err = json.Marshal(columns); err != nil {
			return row, err
		}
	}
	return row, nil
}

// decode gives the tokens of a row, reusing dst. EINTERNAL for a row
// whose arrays do not agree.
func (row storedTokens) decode(dst []model.Token) ([]model.Token, error) {
	bad := model.Errorf(model.EINTERNAL, "stored tokens are damaged")
	if len(row.ends) != len(row.starts) {
		return dst[:0], bad
	}
	var columns [][]string
	if row.columns != nil {
		if err := json.Unmarshal(row.columns, &columns); err != nil || len(columns) != len(row.starts) {
			return dst[:0], bad
		}
	}
	dst = dst[:0]
	for i := range row.starts {
		t := model.Token{Start: int(row.starts[i]), End: int(row.ends[i])}
		if columns != nil && len(columns[i]) > 0 {
			t.Columns = columns[i]
		}
		dst = append(dst, t)
	}
	for _, i := range row.sentences {
		if i < 0 || int(i) >= len(dst) {
			return dst[:0], bad
		}
		dst[i].SentenceStart = true
	}
	return dst, nil
}

// readTokens reads the tokens stored with the document with internal id:
// nil when it has none.
func readTokens(ctx context.Context, q querier, docID int64) ([]model.Token, error) {
	var row storedTokens
	err := q.QueryRow(ctx, "SELECT starts, ends, sentence_starts, columns FROM document_tokens WHERE document_id = $1", docID).
		Scan(&row.starts, &row.ends, &row.sentences, &row.columns)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return row.decode(nil)
}

// Tokens returns the tokens a document came with, in text order, nil
// when it has none (app.ReadTx): one query, which tells an unknown
// document (no row) from one without tokens (no tokens joined).
// ENOTFOUND for an unknown document.
func (r ReadTx) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	var row storedTokens
	err := r.q.QueryRow(ctx, `SELECT t.starts, t.ends, t.sentence_starts, t.columns FROM documents d
		LEFT JOIN document_tokens t ON t.document_id = d.id WHERE d.uuid = $1`, documentID).
		Scan(&row.starts, &row.ends, &row.sentences, &row.columns)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil || row.starts == nil {
		return nil, err
	}
	return row.decode(nil)
}
