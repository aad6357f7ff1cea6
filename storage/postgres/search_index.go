package postgres

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// The search index (schema 5): each document's words, as the search
// compares them (foldWord, then split at isSearchSeparator, exactly as
// searchTerms.match reads a text), kept in documents.search_words as a
// tsvector of those words and nothing else (no parser, no stemming, no
// positions), under a GIN index. A search asks for every word of the
// query, the last one also as a prefix (word:*), which is the rule of
// searchTerms.match: the index's answer is the search's, not a
// pre-selection of it.
//
// Two limits of tsvector are met this way: a word longer than
// maxIndexWord bytes is kept cut to its first maxIndexWord bytes, and a
// search with a word longer than maxQueryWord asks for its cut as a
// prefix; and a document whose words do not fit in one tsvector (1 MB)
// has none (NULL). The documents these leave in doubt are read and
// matched with searchTerms.match, as before the index.

const (
	maxIndexWord = 2040      // under tsvector's 2047 bytes a lexeme
	maxQueryWord = 2000      // a cut query word is shorter than any cut stored word
	maxIndexSize = 1<<20 - 1 // tsvector's limit on its lexemes' bytes
)

// cut is w shortened to at most n bytes, at a character boundary.
func cut(w string, n int) string {
	if len(w) <= n {
		return w
	}
	for n > 0 && !utf8.RuneStart(w[n]) {
		n--
	}
	return w[:n]
}

// searchWords is the search_words value of a document with text: its
// distinct words as the search compares them, or NULL (Valid false)
// when they do not fit in a tsvector.
func searchWords(text string) pgtype.TSVector {
	words := strings.FieldsFunc(foldWord(text), isSearchSeparator)
	for i, w := range words {
		words[i] = cut(w, maxIndexWord)
	}
	slices.Sort(words)
	words = slices.Compact(words)
	size := 0
	lexemes := make([]pgtype.TSVectorLexeme, len(words))
	for i, w := range words {
		size += len(w)
		lexemes[i].Word = w
	}
	if size > maxIndexSize {
		return pgtype.TSVector{}
	}
	return pgtype.TSVector{Lexemes: lexemes, Valid: true}
}

// tsquery is the search's words as a tsquery (text), every word
// required, the last one also as a prefix when t says so; exact says
// whether the index answers it without doubt (no word was cut).
func (t searchTerms) tsquery() (q string, exact bool) {
	exact = true
	parts := make([]string, len(t.words))
	for i, w := range t.words {
		prefix := t.prefix && i == len(t.words)-1
		if len(w) > maxQueryWord {
			w, prefix, exact = cut(w, maxQueryWord), true, false
		}
		// The words hold letters, digits and marks only; quoted anyway.
		parts[i] = "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + "'"
		if prefix {
			parts[i] += ":*"
		}
	}
	return strings.Join(parts, " & "), exact
}

// indexSearchWords gives the documents written without search words
// (NULL) theirs, in batches: the step of the migration that made the
// column, and what keeps a database written by an older Inkspan
// searchable through the index.
func indexSearchWords(ctx context.Context, tx pgx.Tx) error {
	after := int64(0)
	for {
		rows, _ := tx.Query(ctx, "SELECT id, text FROM documents WHERE search_words IS NULL AND id > $1 ORDER BY id LIMIT 500", after)
		var ids []int64
		var words []pgtype.TSVector
		var id int64
		var text string
		n := 0
		if _, err := pgx.ForEachRow(rows, []any{&id, &text}, func() error {
			n++
			if w := searchWords(text); w.Valid {
				ids, words = append(ids, id), append(words, w)
			}
			after = id
			return nil
		}); err != nil {
			return err
		}
		if len(ids) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE documents d SET search_words = v.words
				FROM unnest($1::bigint[], $2::tsvector[]) AS v(id, words) WHERE d.id = v.id`, ids, words); err != nil {
				return err
			}
		}
		if n < 500 {
			return nil
		}
	}
}
