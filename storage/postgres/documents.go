package postgres

import (
	"context"
	"strings"
	"unicode"

	"github.com/inkspan/inkspan/model"
)

// titleRunes bounds the title kept for document lists, as in storage.
const titleRunes = 120

// title is what a document list shows for a text: its first non-blank
// line, cut to a readable length. It is storage.Title's rule (a test
// holds them together); this package does not import storage, which
// would link SQLite into every program that opens a team project.
func title(text string) string {
	for _, line := range strings.SplitN(text, "\n", 8) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > titleRunes {
			return strings.TrimRightFunc(string(r[:titleRunes]), unicode.IsSpace) + "…"
		}
		return line
	}
	return ""
}

// validText checks a text as the model does and for what PostgreSQL's
// text cannot hold: the NUL character. EINVALID for either.
func validText(text string) error {
	if err := model.ValidateText(text); err != nil {
		return err
	}
	if i := strings.IndexByte(text, 0); i >= 0 {
		return model.Errorf(model.EINVALID, "text has a NUL character (U+0000) at character %d, which a PostgreSQL database cannot store", model.RuneLen(text[:i]))
	}
	return nil
}

// AddDocument stores a document in a write of its own, or finds the one
// with the same text (by content hash, as storage does). It returns the
// document's ID and whether it was new. EINVALID for a bad text or meta.
func (db *DB) AddDocument(ctx context.Context, d model.Document) (id string, added bool, err error) {
	if err := validText(d.Text); err != nil {
		return "", false, err
	}
	if err := model.ValidateMeta(d.Meta); err != nil {
		return "", false, err
	}
	if d.Hash == "" {
		d.Hash = model.ContentHash(d.Text)
	}
	err = db.write(ctx, func(t *WriteTx) error {
		return t.step(ctx, func() error {
			if err := t.tx.QueryRow(ctx, "SELECT uuid FROM documents WHERE hash = $1", d.Hash).Scan(&id); err == nil {
				return nil
			}
			id, added = d.ID, true
			if id == "" {
				id = newID()
			}
			meta := "{}"
			if len(d.Meta) > 0 {
				meta = string(d.Meta)
			}
			_, err := t.tx.Exec(ctx, `INSERT INTO documents (uuid, external_id, text, meta, hash, length, title, created_at, search_words)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, d.ExternalID, d.Text, meta, d.Hash, model.RuneLen(d.Text), title(d.Text), t.now, searchWords(d.Text))
			return err
		})
	})
	if err != nil {
		return "", false, err
	}
	return id, added, nil
}
