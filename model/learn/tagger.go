package learn

import (
	"math"
)

// Tags: 0 is O (outside); label j of a tagger has B (its first token) 1+2j
// and I (any other token) 2+2j.
const tagO = 0

func tagB(j int) int    { return 1 + 2*j }
func tagI(j int) int    { return 2 + 2*j }
func isI(t int) bool    { return t > 0 && t%2 == 0 }
func labelOf(t int) int { return (t - 1) / 2 }

// allowed reports whether tag t may follow tag prev (-1: the sequence
// start). An I tag continues a span of its own label only, so a decoded
// path always reads as whole spans.
func allowed(prev, t int) bool {
	if !isI(t) {
		return true
	}
	return prev >= 0 && prev != tagO && labelOf(prev) == labelOf(t)
}

// seq is one sentence as the tagger sees it: feature indices per token
// (token k's are feats[offs[k]:offs[k+1]]), the gold tags when known, and
// the rejected suggestions falling in it.
type seq struct {
	feats    []int32
	offs     []int32
	gold     []uint8 // nil when the document is not finished
	rejected []tokenSpan
}

func (s *seq) len() int { return len(s.offs) - 1 }

// tokenSpan is a span of tokens [first, end) with a label index of its tagger.
type tokenSpan struct {
	first, end, label int
}

// tagger is an averaged structured perceptron over BIO tags for some labels,
// with first-order transitions.
type tagger struct {
	labels []string
	nTags  int
	w      []float64 // emission weights, feature f's at w[f*nTags:(f+1)*nTags]
	trans  []float64 // transitions, (prev+1)*nTags + t; row 0 is the start
	final  []float64 // weight of ending a sentence on each tag

	// Training state: sums for averaging (Daumé's trick: the average is
	// w - u/c, where u sums c·Δ of every update made at step c).
	uw, utrans, ufinal []float64
	c                  float64
}

func newTagger(labels []string, features int) *tagger {
	n := 1 + 2*len(labels)
	return &tagger{
		labels: labels, nTags: n,
		w: make([]float64, features*n), trans: make([]float64, (n+1)*n), final: make([]float64, n),
		uw: make([]float64, features*n), utrans: make([]float64, (n+1)*n), ufinal: make([]float64, n),
		c: 1,
	}
}

// emissions fills e (len·nTags) with each token's score for each tag.
func (g *tagger) emissions(s *seq, e []float64) []float64 {
	n, T := s.len(), g.nTags
	e = grow(e, n*T)
	for k := range n {
		row := e[k*T : (k+1)*T]
		for _, f := range s.feats[s.offs[k]:s.offs[k+1]] {
			ws := g.w[int(f)*T : int(f)*T+T]
			for t := range row {
				row[t] += ws[t]
			}
		}
	}
	return e
}

// viterbi returns the best-scoring allowed tag path for emissions e.
func (g *tagger) viterbi(e []float64, n int, path []uint8, scratch *decodeScratch) []uint8 {
	T := g.nTags
	path = path[:0]
	if n == 0 {
		return path
	}
	score := grow(scratch.a, n*T)
	back := growInt(scratch.back, n*T)
	scratch.a, scratch.back = score, back
	for t := range T {
		if allowed(-1, t) {
			score[t] = e[t] + g.trans[t]
		} else {
			score[t] = math.Inf(-1)
		}
	}
	for k := 1; k < n; k++ {
		for t := range T {
			best, arg := math.Inf(-1), 0
			for p := range T {
				if !allowed(p, t) {
					continue
				}
				if v := score[(k-1)*T+p] + g.trans[(p+1)*T+t]; v > best {
					best, arg = v, p
				}
			}
			score[k*T+t] = best + e[k*T+t]
			back[k*T+t] = int32(arg)
		}
	}
	best, arg := math.Inf(-1), 0
	for t := range T {
		if v := score[(n-1)*T+t] + g.final[t]; v > best {
			best, arg = v, t
		}
	}
	for range n {
		path = append(path, 0)
	}
	for k := n - 1; k >= 0; k-- {
		path[k] = uint8(arg)
		arg = int(back[k*T+arg])
	}
	return path
}

type decodeScratch struct {
	e, a, b []float64
	pot, c  []float64 // forwardBackward's potentials and scale factors
	m, f    []float64 // exp of the transition and end weights
	back    []int32
	path    []uint8
}

// update moves the weights toward the target path and away from the
// predicted one, at the tokens and transitions where they differ.
func (g *tagger) update(s *seq, target, pred []uint8) {
	T := g.nTags
	c := g.c
	add := func(w, u []float64, i int, d float64) {
		w[i] += d
		u[i] += c * d
	}
	n := s.len()
	for k := range n {
		y, p := int(target[k]), int(pred[k])
		if y != p {
			for _, f := range s.feats[s.offs[k]:s.offs[k+1]] {
				add(g.w, g.uw, int(f)*T+y, 1)
				add(g.w, g.uw, int(f)*T+p, -1)
			}
		}
		py, pp := -1, -1
		if k > 0 {
			py, pp = int(target[k-1]), int(pred[k-1])
		}
		if y != p || py != pp {
			add(g.trans, g.utrans, (py+1)*T+y, 1)
			add(g.trans, g.utrans, (pp+1)*T+p, -1)
		}
	}
	if y, p := int(target[n-1]), int(pred[n-1]); y != p {
		add(g.final, g.ufinal, y, 1)
		add(g.final, g.ufinal, p, -1)
	}
}

// train runs one perceptron step on s: an update toward the gold path
// when the prediction differs, and, for every rejected suggestion the
// prediction repeats, one more update on its tokens toward a path without
// it (the gold path where known), so a rejection counts as evidence twice
// on a finished document and once on one still in progress.
func (g *tagger) train(s *seq, sc *decodeScratch) {
	n := s.len()
	if n == 0 {
		return
	}
	sc.e = g.emissions(s, sc.e)
	sc.path = g.viterbi(sc.e, n, sc.path, sc)
	pred := sc.path
	if s.gold != nil && !equal(s.gold, pred) {
		g.update(s, s.gold, pred)
	}
	for _, r := range s.rejected {
		if !hasSpan(pred, r) {
			continue
		}
		target := append([]uint8(nil), pred...)
		for k := r.first; k < r.end; k++ {
			target[k] = tagO
			if s.gold != nil {
				target[k] = s.gold[k]
			}
		}
		// A span the prediction continues past the rejected one starts
		// again after it.
		if s.gold == nil && r.end < n && isI(int(target[r.end])) {
			target[r.end] = uint8(tagB(labelOf(int(target[r.end]))))
		}
		g.update(s, target, pred)
	}
	g.c++
}

// hasSpan reports whether path tags exactly the span r.
func hasSpan(path []uint8, r tokenSpan) bool {
	if int(path[r.first]) != tagB(r.label) {
		return false
	}
	for k := r.first + 1; k < r.end; k++ {
		if int(path[k]) != tagI(r.label) {
			return false
		}
	}
	return r.end == len(path) || int(path[r.end]) != tagI(r.label)
}

// average replaces the weights by their average over all training steps,
// ending training.
func (g *tagger) average() {
	for _, p := range [][2][]float64{{g.w, g.uw}, {g.trans, g.utrans}, {g.final, g.ufinal}} {
		w, u := p[0], p[1]
		for i := range w {
			w[i] -= u[i] / g.c
		}
	}
	g.uw, g.utrans, g.ufinal = nil, nil, nil
}

// forwardBackward computes the forward and backward quantities of a
// distribution over the allowed paths, P(path) ∝ exp(scale·score(path)),
// into sc, and returns the normaliser of the scaled quantities. It works
// with probabilities rather than logarithms, rescaling every position to
// sum to one (sc.c holds the factors), which costs one exp per token and
// tag instead of one per token and pair of tags: the logarithmic version
// was most of the time of tagging.
//
// With pot[k][t] = exp(scale·(e[k][t] − max_t e[k])), M = exp(scale·trans):
// a[k] = pot[k] ⊙ (a[k−1]·M) / c[k], b[k] = M·(pot[k+1] ⊙ b[k+1]) / c[k+1],
// and the marginal of tag t at k is a[k][t]·b[k][t] / z.
func (g *tagger) forwardBackward(e []float64, n int, scale float64, sc *decodeScratch) float64 {
	T := g.nTags
	a := grow(sc.a, n*T)
	b := grow(sc.b, n*T)
	pot := grow(sc.pot, n*T)
	c := grow(sc.c, n)
	m := grow(sc.m, (T+1)*T)
	f := grow(sc.f, T)
	sc.a, sc.b, sc.pot, sc.c, sc.m, sc.f = a, b, pot, c, m, f
	for p := -1; p < T; p++ {
		for t := range T {
			if allowed(p, t) {
				m[(p+1)*T+t] = math.Exp(scale * g.trans[(p+1)*T+t])
			}
		}
	}
	for t := range T {
		f[t] = math.Exp(scale * g.final[t])
	}
	for k := range n {
		row := e[k*T : (k+1)*T]
		top := row[0]
		for _, v := range row[1:] {
			top = max(top, v)
		}
		for t, v := range row {
			pot[k*T+t] = math.Exp(scale * (v - top))
		}
	}
	normalize := func(k int) {
		sum := 0.0
		for t := range T {
			sum += a[k*T+t]
		}
		sum = max(sum, math.SmallestNonzeroFloat64)
		c[k] = sum
		for t := range T {
			a[k*T+t] /= sum
		}
	}
	for t := range T {
		a[t] = m[t] * pot[t]
	}
	normalize(0)
	for k := 1; k < n; k++ {
		prev := a[(k-1)*T : k*T]
		for t := range T {
			sum := 0.0
			for p, v := range prev {
				sum += v * m[(p+1)*T+t]
			}
			a[k*T+t] = sum * pot[k*T+t]
		}
		normalize(k)
	}
	copy(b[(n-1)*T:], f)
	for k := n - 2; k >= 0; k-- {
		next := k + 1
		for t := range T {
			sum := 0.0
			for x := range T {
				sum += m[(t+1)*T+x] * pot[next*T+x] * b[next*T+x]
			}
			b[k*T+t] = sum / c[next]
		}
	}
	z := 0.0
	for t := range T {
		z += a[(n-1)*T+t] * f[t]
	}
	return max(z, math.SmallestNonzeroFloat64)
}

// spanProb is the probability, under the distribution forwardBackward
// computed (z is what it returned), that the tokens [first, end) form one
// span of label j: B then I tags, and no I of j after it.
func (g *tagger) spanProb(n int, r tokenSpan, z float64, sc *decodeScratch) float64 {
	T := g.nTags
	B, I := tagB(r.label), tagI(r.label)
	m, pot, c := sc.m, sc.pot, sc.c
	v := sc.a[r.first*T+B]
	last := B
	for k := r.first + 1; k < r.end; k++ {
		v *= m[(last+1)*T+I] * pot[k*T+I] / c[k]
		last = I
	}
	if r.end == n {
		v *= sc.f[last]
	} else {
		tail := 0.0
		for x := range T {
			if x != I {
				tail += m[(last+1)*T+x] * pot[r.end*T+x] * sc.b[r.end*T+x]
			}
		}
		v *= tail / c[r.end]
	}
	return min(v/z, 1)
}

// entropy sums the entropy of each token's tag marginal.
func (g *tagger) entropy(n int, z float64, sc *decodeScratch) float64 {
	T := g.nTags
	h := 0.0
	for k := range n {
		for t := range T {
			if p := sc.a[k*T+t] * sc.b[k*T+t] / z; p > 0 {
				h -= p * math.Log(p)
			}
		}
	}
	return h
}

func logSumExp(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = max(m, x)
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

func equal(a, b []uint8) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func growInt(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}
