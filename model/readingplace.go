package model

import (
	"encoding/json"
	"slices"
)

// ReadingPlace is where an annotator was in a document when they left it:
// the code point starting the line at the top of the view, and the caret.
// Code points, not pixels, so that the place holds at another window width
// or text size.
type ReadingPlace struct {
	Top   int `json:"top"`
	Caret int `json:"caret"`
}

// ReadingPlaces remembers the reading places of the documents left most
// recently, at most a fixed number of them: a project of a million
// documents must not grow what is kept for it with every document opened.
// The zero value keeps nothing; use NewReadingPlaces.
type ReadingPlaces struct {
	limit  int
	recent []placeOf // most recent first
}

type placeOf struct {
	Doc string `json:"doc"`
	ReadingPlace
}

// NewReadingPlaces keeps the places of the limit documents left last.
func NewReadingPlaces(limit int) *ReadingPlaces {
	return &ReadingPlaces{limit: max(limit, 0)}
}

// Get returns the place the document was left at.
func (p *ReadingPlaces) Get(documentID string) (ReadingPlace, bool) {
	if i := p.index(documentID); i >= 0 {
		return p.recent[i].ReadingPlace, true
	}
	return ReadingPlace{}, false
}

// Put remembers where the document was left, as the most recent; the
// least recently left document goes when there are too many. Negative
// offsets are stored as 0.
func (p *ReadingPlaces) Put(documentID string, at ReadingPlace) {
	if p.limit == 0 || documentID == "" {
		return
	}
	at.Top, at.Caret = max(at.Top, 0), max(at.Caret, 0)
	if i := p.index(documentID); i >= 0 {
		p.recent = slices.Delete(p.recent, i, i+1)
	}
	p.recent = slices.Insert(p.recent, 0, placeOf{documentID, at})
	if len(p.recent) > p.limit {
		p.recent = p.recent[:p.limit]
	}
}

// Len is the number of documents whose place is kept.
func (p *ReadingPlaces) Len() int { return len(p.recent) }

func (p *ReadingPlaces) index(documentID string) int {
	return slices.IndexFunc(p.recent, func(o placeOf) bool { return o.Doc == documentID })
}

// MarshalText writes the places, most recent first, as a JSON array.
func (p *ReadingPlaces) MarshalText() ([]byte, error) {
	if p.recent == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(p.recent)
}

// UnmarshalText reads what MarshalText wrote, keeping p's limit (the most
// recent documents, when the text holds more). Entries without a document
// and repeats of a document already read are dropped; on an error p is left
// as it was.
func (p *ReadingPlaces) UnmarshalText(text []byte) error {
	var read []placeOf
	if err := json.Unmarshal(text, &read); err != nil {
		return Errorf(EINVALID, "reading places: %v", err)
	}
	p.recent = p.recent[:0]
	for _, o := range read {
		if len(p.recent) == p.limit {
			break
		}
		if o.Doc == "" || p.index(o.Doc) >= 0 {
			continue
		}
		o.Top, o.Caret = max(o.Top, 0), max(o.Caret, 0)
		p.recent = append(p.recent, o)
	}
	return nil
}
