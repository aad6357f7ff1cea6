package learn

import (
	"math"
)

// calibrationFolds is how many models Train trains on parts of its
// examples to see how often its suggestions are right on documents it has
// not seen; calibrating on the training documents themselves would make
// every suggestion look certain.
const calibrationFolds = 3

// minCalibration is the fewest finished documents Train calibrates with;
// below it, confidence is the span's probability at defaultScale.
const minCalibration = 6

// scales are the candidate inverse temperatures of the path distribution:
// an averaged perceptron's scores are sums of update counts, so a path
// that wins by a few updates is far from certain.
var scales = []float64{1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2, 1}

const defaultScale = 1.0 / 8

// decoded is one sentence a calibration model tagged: its emissions, and
// the spans it found with whether each is right.
type decoded struct {
	g       *tagger
	e       []float64
	n       int
	spans   []tokenSpan
	correct []bool
}

// calibrate chooses the model's scale and the logistic mapping from a
// span's log-odds to its confidence, from the suggestions of models
// trained on calibrationFolds−1 parts of examples on the remaining part.
// It minimizes the log loss of "the span is right".
func (m *Model) calibrate(examples []Example, opt Options) {
	m.scale, m.calA, m.calB = defaultScale, 1, 0
	finished := 0
	for _, ex := range examples {
		if !ex.Partial {
			finished++
		}
	}
	if finished < minCalibration {
		return
	}
	var sents []decoded
	for f := range calibrationFolds {
		var trainSet []Example
		var testSet []Example
		k := 0
		for _, ex := range examples {
			if ex.Partial {
				trainSet = append(trainSet, ex)
				continue
			}
			if k%calibrationFolds == f {
				testSet = append(testSet, ex)
			} else {
				trainSet = append(trainSet, ex)
			}
			k++
		}
		sub, err := train(trainSet, opt)
		if err != nil {
			return
		}
		for _, ex := range testSet {
			sents = sub.decodeForCalibration(ex, sents)
		}
	}
	// The scale: the one whose span probabilities have the least log loss.
	var sc decodeScratch
	best, bestLoss := defaultScale, math.Inf(1)
	var probs []float64
	var labels []bool
	for _, s := range scales {
		probs, labels = probs[:0], labels[:0]
		for _, d := range sents {
			z := d.g.forwardBackward(d.e, d.n, s, &sc)
			for i, r := range d.spans {
				probs = append(probs, d.g.spanProb(d.n, r, z, &sc))
				labels = append(labels, d.correct[i])
			}
		}
		if loss := logLoss(probs, labels, 1, 0); loss < bestLoss {
			best, bestLoss = s, loss
		}
	}
	m.scale = best
	probs, labels = probs[:0], labels[:0]
	for _, d := range sents {
		z := d.g.forwardBackward(d.e, d.n, best, &sc)
		for i, r := range d.spans {
			probs = append(probs, d.g.spanProb(d.n, r, z, &sc))
			labels = append(labels, d.correct[i])
		}
	}
	m.calA, m.calB = fitLogistic(probs, labels)
}

// decodeForCalibration tags ex with every tagger and appends its sentences
// with the spans found and whether ex's spans hold each.
func (m *Model) decodeForCalibration(ex Example, out []decoded) []decoded {
	d := extract(ex.Text, matchSource{dict: m.dict, lower: m.lower, patterns: m.patterns})
	feats, offs := m.indices(d)
	type key struct {
		first, end int
		label      string
	}
	gold := make(map[key]bool)
	for _, s := range ex.Spans {
		if first, last, ok := spanTokens(d.tokens, s); ok {
			gold[key{first, last + 1, s.Label}] = true
		}
	}
	var sc decodeScratch
	for _, g := range m.taggers {
		for _, sent := range d.sentences {
			s := &seq{feats: feats, offs: offs[sent.First : sent.End+1]}
			n := s.len()
			e := g.emissions(s, nil)
			path := g.viterbi(e, n, nil, &sc)
			dec := decoded{g: g, e: e, n: n}
			for _, r := range pathSpans(path) {
				dec.spans = append(dec.spans, r)
				dec.correct = append(dec.correct, gold[key{sent.First + r.first, sent.First + r.end, g.labels[r.label]}])
			}
			if len(dec.spans) > 0 {
				out = append(out, dec)
			}
		}
	}
	return out
}

// pathSpans returns the spans a tag path holds.
func pathSpans(path []uint8) []tokenSpan {
	var out []tokenSpan
	for k := 0; k < len(path); {
		t := int(path[k])
		if t == tagO {
			k++
			continue
		}
		end := k + 1
		for end < len(path) && int(path[end]) == tagI(labelOf(t)) {
			end++
		}
		out = append(out, tokenSpan{k, end, labelOf(t)})
		k = end
	}
	return out
}

func logit(p float64) float64 {
	p = min(max(p, 1e-9), 1-1e-9)
	return math.Log(p / (1 - p))
}

// logLoss is the mean negative log-likelihood of labels under
// σ(a·logit(p)+b).
func logLoss(probs []float64, labels []bool, a, b float64) float64 {
	if len(probs) == 0 {
		return 0
	}
	loss := 0.0
	for i, p := range probs {
		z := a*logit(p) + b
		// log σ(z) = -log(1+e^-z), written to stay finite for large |z|.
		if labels[i] {
			loss += softplus(-z)
		} else {
			loss += softplus(z)
		}
	}
	return loss / float64(len(probs))
}

func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	return math.Log1p(math.Exp(x))
}

// fitLogistic fits σ(a·logit(p)+b) to labels by Newton's method (Platt
// scaling), with a weak prior toward a=1, b=0 so that a handful of spans
// cannot send it to infinity. Too few spans keep the identity.
func fitLogistic(probs []float64, labels []bool) (a, b float64) {
	a, b = 1, 0
	if len(probs) < 10 {
		return a, b
	}
	const prior = 1.0 // precision of the Gaussian prior on (a-1, b)
	for range 50 {
		var ga, gb, haa, hab, hbb float64
		for i, p := range probs {
			x := logit(p)
			q := 1 / (1 + math.Exp(-(a*x + b)))
			y := 0.0
			if labels[i] {
				y = 1
			}
			ga += (q - y) * x
			gb += q - y
			w := q * (1 - q)
			haa += w * x * x
			hab += w * x
			hbb += w
		}
		ga += prior * (a - 1)
		gb += prior * b
		haa += prior
		hbb += prior
		det := haa*hbb - hab*hab
		if det <= 0 {
			break
		}
		da := (hbb*ga - hab*gb) / det
		db := (haa*gb - hab*ga) / det
		a -= da
		b -= db
		if math.Abs(da)+math.Abs(db) < 1e-9 {
			break
		}
	}
	return a, b
}
