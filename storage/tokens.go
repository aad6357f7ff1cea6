package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"

	"github.com/inkspan/inkspan/model"
)

// tokensFormat is the first byte of document_tokens.data: the encoding's
// version, so that a later one can be told apart.
const tokensFormat = 1

// Flags of a token in the encoding.
const (
	tokSentenceStart = 1 << iota
	tokColumns
)

// encodeTokens packs tokens as: the format byte, then per token the
// uvarint gap from the previous token's end (code points), the uvarint
// length, a flags byte and, with tokColumns, the uvarint column count and
// each column as uvarint length and bytes. Tokens are checked first
// (model.ValidateTokens), so the gaps are never negative.
func encodeTokens(toks []model.Token) []byte {
	b := make([]byte, 0, 1+len(toks)*4)
	b = append(b, tokensFormat)
	prev := 0
	for _, t := range toks {
		b = binary.AppendUvarint(b, uint64(t.Start-prev))
		b = binary.AppendUvarint(b, uint64(t.End-t.Start))
		var flags byte
		if t.SentenceStart {
			flags |= tokSentenceStart
		}
		if len(t.Columns) > 0 {
			flags |= tokColumns
		}
		b = append(b, flags)
		if len(t.Columns) > 0 {
			b = binary.AppendUvarint(b, uint64(len(t.Columns)))
			for _, c := range t.Columns {
				b = binary.AppendUvarint(b, uint64(len(c)))
				b = append(b, c...)
			}
		}
		prev = t.End
	}
	return b
}

// decodeTokens unpacks what encodeTokens packed; count sizes the result.
// Column strings repeat (a POS tag set is small): one copy of each.
// Errors: EINTERNAL for data that is not such an encoding.
func decodeTokens(data []byte, count int, dst []model.Token) ([]model.Token, error) {
	bad := func() ([]model.Token, error) {
		return dst[:0], model.Errorf(model.EINTERNAL, "stored tokens are damaged")
	}
	if len(data) == 0 || data[0] != tokensFormat || count < 0 || count > len(data) {
		return bad()
	}
	dst = dst[:0]
	if cap(dst) < count {
		dst = make([]model.Token, 0, count)
	}
	var names map[string]string
	i, prev := 1, 0
	uv := func() (int, bool) {
		v, n := binary.Uvarint(data[i:])
		if n <= 0 || v > uint64(model.MaxDocumentRunes)*4 {
			return 0, false
		}
		i += n
		return int(v), true
	}
	for i < len(data) {
		gap, ok1 := uv()
		n, ok2 := uv()
		if !ok1 || !ok2 || i >= len(data) {
			return bad()
		}
		flags := data[i]
		i++
		t := model.Token{Start: prev + gap, End: prev + gap + n, SentenceStart: flags&tokSentenceStart != 0}
		if flags&tokColumns != 0 {
			k, ok := uv()
			if !ok || k > len(data)-i {
				return bad()
			}
			t.Columns = make([]string, k)
			for c := range t.Columns {
				l, ok := uv()
				if !ok || l > len(data)-i {
					return bad()
				}
				if names == nil {
					names = map[string]string{}
				}
				s, seen := names[string(data[i:i+l])]
				if !seen {
					s = string(data[i : i+l])
					names[s] = s
				}
				t.Columns[c] = s
				i += l
			}
		}
		prev = t.End
		dst = append(dst, t)
	}
	if len(dst) != count {
		return bad()
	}
	return dst, nil
}

// PutTokens stores the tokens a document came with (app.ImportTx),
// replacing any it had.
func (it *ImportTx) PutTokens(ctx context.Context, documentID string, tokens []model.Token) error {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return err
	}
	if len(tokens) == 0 {
		return model.Errorf(model.EINVALID, "no tokens to store for document %s", documentID)
	}
	if err := model.ValidateTokens(doc.length, tokens); err != nil {
		return model.Errorf(model.EINVALID, "document %s: %s", documentID, model.ErrorMessage(err))
	}
	_, err = it.t.exec(ctx, `INSERT INTO document_tokens (document_id, count, data) VALUES (?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET count = excluded.count, data = excluded.data`,
		doc.id, len(tokens), encodeTokens(tokens))
	return err
}

// Tokens reads the tokens stored with a document (app.ImportTx).
func (it *ImportTx) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	doc, err := it.document(ctx, documentID)
	if err != nil {
		return nil, err
	}
	var count int
	var data []byte
	err = it.t.queryRow(ctx, "SELECT count, data FROM document_tokens WHERE document_id = ?", doc.id).Scan(&count, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return decodeTokens(data, count, nil)
}

// readTokens reads the tokens stored with a document (app.ReadTx): one
// query, which tells an unknown document (no row) from one without tokens
// (a row with no tokens joined), so that opening a document without
// tokens costs one lookup by its key.
func readTokens(ctx context.Context, q querier, documentID string) ([]model.Token, error) {
	var count sql.NullInt64
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT t.count, t.data FROM documents d
		LEFT JOIN document_tokens t ON t.document_id = d.id WHERE d.uuid = ?`, documentID).Scan(&count, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.Errorf(model.ENOTFOUND, "no document %s", documentID)
	}
	if err != nil || !count.Valid {
		return nil, err
	}
	return decodeTokens(data, int(count.Int64), nil)
}

// Tokens reads the tokens stored with a document, from a snapshot of its
// own (app.ReadTx's Tokens, for the stores that read outside a unit of
// work: label all's count of occurrences). ENOTFOUND for an unknown
// document.
func (db *DB) Tokens(ctx context.Context, documentID string) ([]model.Token, error) {
	return readTokens(ctx, db.read, documentID)
}
