package model

import "time"

// SuggestionSource says where a suggestion came from. The window names it
// in the suggestion's tag, and a suggest run's report counts by it.
type SuggestionSource string

const (
	SourcePatterns   SuggestionSource = "patterns"   // a patterns file
	SourceFigures    SuggestionSource = "figures"    // the FIGURE recognizer
	SourceDictionary SuggestionSource = "dictionary" // the annotator's own earlier spans
	SourceImport     SuggestionSource = "import"     // a model's predictions read by an import (Label Studio)
	SourceModel      SuggestionSource = "model"      // the project's own learned model (model/learn), with a confidence
)

// SuggestionSources lists every source.
var SuggestionSources = []SuggestionSource{SourcePatterns, SourceFigures, SourceDictionary, SourceImport, SourceModel}

// Validate reports whether s is one of SuggestionSources: EINVALID if not.
func (s SuggestionSource) Validate() error {
	for _, known := range SuggestionSources {
		if s == known {
			return nil
		}
	}
	return Errorf(EINVALID, "unknown suggestion source %q (want patterns, figures, dictionary, import or model)", string(s))
}

// Suggestion is a span proposed to one annotator on one document, still to
// be decided: accepted, it becomes the annotator's span with the
// suggestion's ID (Span); rejected, it is not offered again.
type Suggestion struct {
	ID      string // UUID, chosen by the store
	Start   int    // [Start, End) in code points, as for a Span
	End     int
	Label   string
	Source  SuggestionSource
	Created time.Time
	// Confidence is the probability, in (0, 1], that a model's suggestion
	// (SourceModel) is right, which the window shows and a threshold
	// hides by; 0 for the other sources, which give none.
	Confidence float64
}

// Span is the span accepting s adds: its ID, offsets and label, origin
// suggestion, and s's time. The window draws a suggestion as this span.
func (s Suggestion) Span() Span {
	return Span{ID: s.ID, Start: s.Start, End: s.End, Label: s.Label, Origin: OriginSuggestion, Created: s.Created, Updated: s.Created}
}

// Validate checks s as a suggestion on a text of textLen code points: its
// span as Span.Validate does, and its source. EINVALID if either is bad.
func (s Suggestion) Validate(textLen int, labels LabelNames) error {
	if err := s.Span().Validate(textLen, labels); err != nil {
		return err
	}
	if s.Confidence < 0 || s.Confidence > 1 || s.Confidence != s.Confidence {
		return Errorf(EINVALID, "a suggestion's confidence is between 0 and 1, not %v", s.Confidence)
	}
	return s.Source.Validate()
}

// SuggestDocument is one document as a suggest run reads it, in batches:
// its text and, for the annotator the run is for, what the sources must
// not propose again.
type SuggestDocument struct {
	// Key is the store's own key for the document, increasing in project
	// order: a run reads the batch after the last key it saw and hands the
	// key back with what it found.
	Key  int64
	Text string
	// Spans are the annotator's spans on the document (offsets and label
	// only).
	Spans []Span
	// Suggested are the places where the annotator already has a
	// suggestion, pending or rejected (offsets and label only): a rejected
	// suggestion is not offered again.
	Suggested []Span
}

// FoundSuggestions is what a suggest run stores on one document: new
// suggestions (their IDs empty: the store chooses them).
type FoundSuggestions struct {
	Key         int64 // SuggestDocument.Key
	Suggestions []Suggestion
}
