package suggest

import (
	"sync"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// Entry is a string an annotator labeled once: one span's text and label.
type Entry struct {
	Text  string
	Label string
}

// Dictionary suggests, wherever a string the annotator has labeled before
// occurs again as whole tokens, the label they gave it. Matching is exact
// and case-sensitive on token texts, like a phrase pattern. A string
// labeled several ways suggests its most frequent label; a tie goes to the
// label first in alphabetical order, so suggestions never depend on the
// order spans were loaded in.
//
// A Dictionary is safe for concurrent use: the GUI adds to it as the
// annotator labels while suggestions for other documents are computed.
type Dictionary struct {
	mu      sync.RWMutex
	phrases phraseIndex
	counts  map[int32][]labelCount // per trie node
}

type labelCount struct {
	label string
	n     int
}

// NewDictionary builds a dictionary from the spans an annotator has made.
func NewDictionary(entries []Entry) *Dictionary {
	d := &Dictionary{phrases: newPhraseIndex(), counts: make(map[int32][]labelCount)}
	for _, e := range entries {
		d.add(e.Text, e.Label, 1)
	}
	return d
}

// Add records one more span labeled label with text text. Text without
// tokens and empty labels are ignored.
func (d *Dictionary) Add(text, label string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.add(text, label, 1)
}

// Remove forgets one span labeled label with text text, as when the
// annotator deletes it; once no span has the string, it suggests nothing.
func (d *Dictionary) Remove(text, label string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.add(text, label, -1)
}

func (d *Dictionary) add(text, label string, delta int) {
	tokens := phraseTokens(text)
	if len(tokens) == 0 || label == "" {
		return
	}
	var node int32
	if delta > 0 {
		node = d.phrases.node(tokens)
	} else {
		var ok bool
		if node, ok = d.phrases.trie.lookup(tokens); !ok {
			return
		}
	}
	counts := d.counts[node]
	found := false
	for i := range counts {
		if counts[i].label == label {
			counts[i].n += delta
			found = true
		}
	}
	if !found && delta > 0 {
		counts = append(counts, labelCount{label, delta})
	}
	best := labelCount{}
	kept := counts[:0]
	for _, c := range counts {
		if c.n <= 0 {
			continue
		}
		kept = append(kept, c)
		if c.n > best.n || (c.n == best.n && c.label < best.label) {
			best = c
		}
	}
	d.counts[node] = kept
	d.phrases.labels[node] = nil
	if best.n > 0 {
		d.phrases.labels[node] = []string{best.label}
	}
}

// Label returns the label the dictionary suggests for text.
func (d *Dictionary) Label(text string) (string, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	node, ok := d.phrases.trie.lookup(phraseTokens(text))
	if !ok || len(d.phrases.labels[node]) == 0 {
		return "", false
	}
	return d.phrases.labels[node][0], true
}

// Match appends a suggestion for every whole-token occurrence of a
// dictionary string, in text order; occurrences may overlap or nest, for
// Resolve to choose from. Origin is OriginSuggestion.
func (d *Dictionary) Match(tokens []tokenize.Token, dst []model.Span) []model.Span {
	d.mu.RLock()
	defer d.mu.RUnlock()
	first := len(dst)
	return sortUnique(d.phrases.appendMatches(tokens, dst), first)
}
