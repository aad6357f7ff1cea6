package model

import (
	"math/rand/v2"
	"slices"
)

// PlanAssignments decides which annotators each document goes to in a
// team project, so that every document has perDocument annotators
// (fewer when there are fewer annotators) and the annotators' loads stay
// as even as can be. existing holds the assignments already made, by
// document: they count towards both the document's number and the
// annotator's load, and are never undone. The documents are taken in an
// order shuffled by seed, and ties between equally loaded annotators are
// broken by an order shuffled by seed too, so that the same inputs and
// seed give the same plan, and another seed another one. The result holds
// only the new assignments, by document, each list in annotators' order.
func PlanAssignments(documents, annotators []string, existing map[string][]string, perDocument int, seed uint64) map[string][]string {
	plan := map[string][]string{}
	if perDocument <= 0 || len(annotators) == 0 {
		return plan
	}
	rng := rand.New(rand.NewPCG(seed, 0x696e6b7370616e))
	rank := map[string]int{}
	for i, j := range rng.Perm(len(annotators)) {
		rank[annotators[j]] = i
	}
	load := map[string]int{}
	for _, names := range existing {
		for _, n := range names {
			load[n]++
		}
	}
	order := rng.Perm(len(documents))
	for _, i := range order {
		doc := documents[i]
		have := existing[doc]
		need := min(perDocument, len(annotators)) - len(have)
		if need <= 0 {
			continue
		}
		candidates := make([]string, 0, len(annotators))
		for _, a := range annotators {
			if !slices.Contains(have, a) {
				candidates = append(candidates, a)
			}
		}
		slices.SortFunc(candidates, func(a, b string) int {
			if load[a] != load[b] {
				return load[a] - load[b]
			}
			return rank[a] - rank[b]
		})
		chosen := candidates[:min(need, len(candidates))]
		for _, a := range chosen {
			load[a]++
		}
		chosen = slices.Clone(chosen)
		slices.SortFunc(chosen, func(a, b string) int { return slices.Index(annotators, a) - slices.Index(annotators, b) })
		plan[doc] = chosen
	}
	return plan
}

// SampleDocuments picks percent (0 to 100) of documents, at least one
// when percent is above 0, chosen by seed: the same inputs and seed pick
// the same documents, returned in their given order. Assigning a sample
// with more annotators than the rest gives the overlap agreement is
// measured on (k = 2 on 20% of the documents, k = 1 elsewhere).
func SampleDocuments(documents []string, percent float64, seed uint64) []string {
	if percent >= 100 {
		return slices.Clone(documents)
	}
	if percent <= 0 || len(documents) == 0 {
		return nil
	}
	n := max(1, int(float64(len(documents))*percent/100+0.5))
	rng := rand.New(rand.NewPCG(seed, 0x73616d706c65))
	picked := rng.Perm(len(documents))[:n]
	slices.Sort(picked)
	out := make([]string, n)
	for i, j := range picked {
		out[i] = documents[j]
	}
	return out
}
