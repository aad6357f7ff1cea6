package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
)

// Where a search matched, for the window (gui.Searcher): the marks in the
// open document and a passage of each result. The words are the search's
// own (list.go), found in the text here; there is no index to ask.

// snippetWords is how many words a passage shows, as the project file's
// snippets (storage's snippetTokens).
const snippetWords = 12

// token is a word of a text, in code points.
type token struct {
	start, end int    // code points
	from, to   int    // bytes
	folded     string // as the search compares it
}

// tokens splits text into its words as the search sees them.
func tokens(text string) []token {
	var out []token
	cp, start, from := 0, -1, 0
	for i, r := range text {
		sep := isSearchSeparator(r)
		if !sep && start < 0 {
			start, from = cp, i
		}
		if sep && start >= 0 {
			out = append(out, token{start: start, end: cp, from: from, to: i, folded: foldWord(text[from:i])})
			start = -1
		}
		cp++
	}
	if start >= 0 {
		out = append(out, token{start: start, end: cp, from: from, to: len(text), folded: foldWord(text[from:])})
	}
	return out
}

// hits are the indexes of the words of text the search's words match
// (every occurrence), or nil when the text does not hold them all.
func (t searchTerms) hits(words []token) []int {
	if len(t.words) == 0 {
		return nil
	}
	found := make([]bool, len(t.words))
	var out []int
	for i, w := range words {
		hit := false
		for j, want := range t.words {
			if w.folded == want || (t.prefix && j == len(t.words)-1 && strings.HasPrefix(w.folded, want)) {
				found[j], hit = true, true
			}
		}
		if hit {
			out = append(out, i)
		}
	}
	for _, f := range found {
		if !f {
			return nil
		}
	}
	return out
}

// Matches is where query matches in the document's text, in code points:
// every occurrence of its words, none when the text does not hold them
// all (or there is no such document).
func (db *DB) Matches(ctx context.Context, query, documentID string) ([]model.TextRange, error) {
	terms := parseSearch(query)
	if len(terms.words) == 0 {
		return nil, nil
	}
	var text string
	err := db.pool.QueryRow(ctx, "SELECT text FROM documents WHERE uuid = $1", documentID).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, db.wrap("read", err)
	}
	words := tokens(text)
	var out []model.TextRange
	for _, i := range terms.hits(words) {
		out = append(out, model.TextRange{Start: words[i].start, End: words[i].end})
	}
	return out, nil
}

// Snippets is a passage of each document around the first words query
// matched, by document ID; documents it does not match are left out. A
// passage is snippetWords words from the one before the first match,
// with "…" where the text goes on; it is close to, not the same as, the
// project file's (SQLite's snippet() chooses the passage with the most
// matches).
func (db *DB) Snippets(ctx context.Context, query string, documentIDs []string) (map[string]model.Snippet, error) {
	terms := parseSearch(query)
	if len(terms.words) == 0 || len(documentIDs) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, "SELECT uuid, text FROM documents WHERE uuid = ANY($1)", documentIDs)
	if err != nil {
		return nil, db.wrap("read", err)
	}
	defer rows.Close()
	out := map[string]model.Snippet{}
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		words := tokens(text)
		hits := terms.hits(words)
		if len(hits) == 0 {
			continue
		}
		first := max(hits[0]-1, 0)
		last := min(first+snippetWords, len(words)) - 1
		// From a word to a word: no white space to trim.
		passage := text[words[first].from:words[last].to]
		var b strings.Builder
		lead := 0 // the "…" before the passage, one code point
		if first > 0 {
			b.WriteString("…")
			lead = 1
		}
		b.WriteString(passage)
		if last < len(words)-1 {
			b.WriteString("…")
		}
		s := model.Snippet{Text: b.String()}
		for _, h := range hits {
			if h >= first && h <= last {
				s.Matches = append(s.Matches, model.TextRange{
					Start: words[h].start - words[first].start + lead,
					End:   words[h].end - words[first].start + lead,
				})
			}
		}
		out[id] = s
	}
	return out, rows.Err()
}
