package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"unicode/utf8"
)

// Document is one text to label.
type Document struct {
	ID         string          // UUID, stable across copies of a project
	ExternalID string          // the id the text had where it came from (file path, record id)
	Text       string          // never changes once stored: offsets point into it
	Meta       json.RawMessage // a JSON object; nil means {}
	Hash       string          // ContentHash(Text): how re-imports find it again
}

// MaxDocumentRunes bounds a document so that a stray binary file cannot be
// imported as one text; a long book is about 1M.
const MaxDocumentRunes = 50_000_000

// ContentHash identifies a text by its content: importing the same text twice
// yields one document. It is ContentDigest in hexadecimal.
func ContentHash(text string) string {
	return DigestHash(ContentDigest(text))
}

// ContentDigest is the text's content hash as 32 bytes: a map key with no
// pointers, which an import keeps for every document it reads.
func ContentDigest(text string) [32]byte {
	return sha256.Sum256([]byte(text))
}

// DigestHash is ContentHash of the text whose ContentDigest is sum.
func DigestHash(sum [32]byte) string {
	return hex.EncodeToString(sum[:])
}

// ValidateText checks a document's text.
func ValidateText(text string) error {
	if text == "" {
		return Errorf(EINVALID, "text is empty")
	}
	if !utf8.ValidString(text) {
		return Errorf(EINVALID, "text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxDocumentRunes {
		return Errorf(EINVALID, "text has %d characters, more than the limit of %d", n, MaxDocumentRunes)
	}
	return nil
}

// ValidateMeta checks that meta is empty or a JSON object.
func ValidateMeta(meta json.RawMessage) error {
	if len(meta) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(meta, &obj); err != nil || obj == nil {
		return Errorf(EINVALID, "meta must be a JSON object")
	}
	return nil
}

// Annotator is a person (or a model) who labels documents. Names are unique.
type Annotator struct {
	Name string
}

// ValidateAnnotatorName checks a name given on the command line or in data.
func ValidateAnnotatorName(name string) error {
	if name == "" {
		return Errorf(EINVALID, "annotator name required")
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 128 {
		return Errorf(EINVALID, "annotator name %q is not valid (UTF-8, at most 128 characters)", name)
	}
	return nil
}

// DocumentSummary is what a document list shows without loading texts.
type DocumentSummary struct {
	ID         string
	ExternalID string
	Title      string // the start of the first line, for the list
	Length     int    // in code points
	Status     Status // for the annotator the list was asked for
	SpanCount  int    // that annotator's spans
}

// TextRange is a range of a text in code points, End exclusive: the words a
// search matched in a document or a snippet.
type TextRange struct {
	Start, End int
}

// Snippet is a short passage of a document around the words a search
// matched, with those words' places in it, for a list of results.
type Snippet struct {
	Text    string
	Matches []TextRange // in Text, in order
}

// Settings are a project's rules and texts.
type Settings struct {
	AllowOverlap bool   // may one annotator's spans overlap? Off by default.
	Guidelines   string // markdown shown to annotators
}

// DocumentFilter narrows a document list. The zero filter keeps everything.
type DocumentFilter struct {
	Query       string   // words of the text, as typed into a search box; "" for any text
	Statuses    []Status // the listing annotator's status is one of these
	Label       string   // the listing annotator has a span with this label
	AnnotatedBy string   // this annotator has an annotation set on the document
	// Disagreeing keeps the documents whose annotators disagree, worst
	// first, for review: the list is ordered by disagreement, not by
	// project order.
	Disagreeing bool
}

// IsZero reports whether the filter keeps every document.
func (f DocumentFilter) IsZero() bool {
	return f.Query == "" && len(f.Statuses) == 0 && f.Label == "" && f.AnnotatedBy == "" && !f.Disagreeing
}

// DocumentPage is what a document list needs to show a filtered list around
// an open document: how many rows it has, its first rows, and where the
// open document stands with the rows around it.
type DocumentPage struct {
	Total    int               // rows in the list
	More     bool              // a search found more than Total documents and lists the first Total (model.MaxSearchResults)
	First    []DocumentSummary // from the top
	Position int               // the open document's row, -1 when the list does not hold it
	Around   []DocumentSummary // the page holding Position when it is past First, from row Position/len(First)*len(First)
	// Snippets are a search's passages (by document ID) for its first
	// PageSnippets rows, when the list could make them with its rows.
	Snippets map[string]Snippet
}

// PageSnippets is how many of a search's first rows come with their
// snippets: a screen of the document list.
const PageSnippets = 25

// MaxSearchResults bounds the documents a search lists: a word found in most
// of a million documents would otherwise be counted in full on every key
// press, and nobody reads past the first thousand results.
const MaxSearchResults = 1000
