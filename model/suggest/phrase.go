package suggest

import (
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// phraseTrie finds every phrase of a set in a token sequence with one map
// look-up per token visited, however many phrases the set holds: token texts
// are interned to ids, and an edge is keyed by (node, token id). A document
// token whose text no phrase uses stops every walk at once, which is what
// makes the common case cheap.
type phraseTrie struct {
	vocab map[string]int32 // token text to id
	edges map[uint64]int32 // node<<32 | token id to child node
	nodes int32            // node 0 is the root
}

func newPhraseTrie() phraseTrie {
	return phraseTrie{vocab: make(map[string]int32), edges: make(map[uint64]int32), nodes: 1}
}

// noToken is the id of a token text outside the vocabulary.
const noToken = -1

func edgeKey(node, id int32) uint64 { return uint64(node)<<32 | uint64(uint32(id)) }

// insert adds a phrase given as its tokens' texts and returns the node where
// it ends; a phrase inserted twice ends at the same node.
func (t *phraseTrie) insert(tokens []tokenize.Token) int32 {
	node := int32(0)
	for _, tok := range tokens {
		id, ok := t.vocab[tok.Text]
		if !ok {
			id = int32(len(t.vocab))
			t.vocab[tok.Text] = id
		}
		key := edgeKey(node, id)
		child, ok := t.edges[key]
		if !ok {
			child = t.nodes
			t.nodes++
			t.edges[key] = child
		}
		node = child
	}
	return node
}

// lookup returns the node a phrase ends at, if the trie has its path.
func (t *phraseTrie) lookup(tokens []tokenize.Token) (int32, bool) {
	node := int32(0)
	for _, tok := range tokens {
		id, ok := t.vocab[tok.Text]
		if !ok {
			return 0, false
		}
		if node, ok = t.edges[edgeKey(node, id)]; !ok {
			return 0, false
		}
	}
	return node, true
}

// appendIDs appends the vocabulary id of every token, noToken for the rest.
func (t *phraseTrie) appendIDs(dst []int32, tokens []tokenize.Token) []int32 {
	for _, tok := range tokens {
		id, ok := t.vocab[tok.Text]
		if !ok {
			id = noToken
		}
		dst = append(dst, id)
	}
	return dst
}

// phraseIndex is a phraseTrie with the labels to suggest where each phrase
// ends, shared by Matcher (every label a pattern gives the phrase) and
// Dictionary (the one label it chose).
type phraseIndex struct {
	trie   phraseTrie
	labels [][]string // per trie node
}

func newPhraseIndex() phraseIndex { return phraseIndex{trie: newPhraseTrie()} }

// node returns the node a phrase ends at, creating its path.
func (x *phraseIndex) node(tokens []tokenize.Token) int32 {
	node := x.trie.insert(tokens)
	if need := int(x.trie.nodes); need > len(x.labels) {
		x.labels = append(x.labels, make([][]string, need-len(x.labels))...)
	}
	return node
}

// appendMatches appends a suggestion for every label of every phrase that
// occurs in tokens, walking the trie from each token.
func (x *phraseIndex) appendMatches(tokens []tokenize.Token, dst []model.Span) []model.Span {
	if len(x.trie.edges) == 0 {
		return dst
	}
	ids := x.trie.appendIDs(make([]int32, 0, len(tokens)), tokens)
	for i := range ids {
		node := int32(0)
		for j := i; j < len(ids) && ids[j] != noToken; j++ {
			child, ok := x.trie.edges[edgeKey(node, ids[j])]
			if !ok {
				break
			}
			node = child
			for _, label := range x.labels[node] {
				dst = append(dst, suggestion(tokens, i, j+1, label))
			}
		}
	}
	return dst
}

// phraseTokens tokenizes a phrase the way documents are tokenized, so that a
// phrase and its occurrences split alike.
func phraseTokens(phrase string) []tokenize.Token {
	return tokenize.Tokenize(phrase)
}
