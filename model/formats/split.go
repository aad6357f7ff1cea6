package formats

import (
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Split assigns whole documents to named parts (train, dev, test) in given
// proportions. The assignment depends only on the document's ID and the
// seed: the same project and seed always give the same parts, every
// annotator's version of a document lands in the same part, and documents
// added later do not move the others.
type Split struct {
	Parts []SplitPart
	Seed  int64
}

// SplitPart is one named share of a split.
type SplitPart struct {
	Name     string
	Fraction float64
}

// ParseSplit reads "train=0.8,dev=0.1,test=0.1". The fractions must be
// positive and add up to 1 (within rounding).
func ParseSplit(spec string, seed int64) (*Split, error) {
	s := &Split{Seed: seed}
	seen := map[string]bool{}
	total := 0.0
	for _, field := range strings.Split(spec, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(field), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, model.Errorf(model.EINVALID, "split %q: write parts as name=fraction, e.g. train=0.8,dev=0.1,test=0.1", spec)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f <= 0 || f > 1 || math.IsNaN(f) {
			return nil, model.Errorf(model.EINVALID, "split %q: %s=%s is not a fraction between 0 and 1", spec, name, value)
		}
		if strings.ContainsAny(name, `/\. `) || seen[name] {
			return nil, model.Errorf(model.EINVALID, "split %q: part name %q is repeated or not usable in a file name", spec, name)
		}
		seen[name] = true
		total += f
		s.Parts = append(s.Parts, SplitPart{Name: name, Fraction: f})
	}
	if math.Abs(total-1) > 1e-6 {
		return nil, model.Errorf(model.EINVALID, "split %q: fractions add up to %g, not 1", spec, total)
	}
	return s, nil
}

// Part returns the name of the part a document belongs to.
func (s *Split) Part(documentID string) string {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(s.Seed, 10)))
	h.Write([]byte{0})
	h.Write([]byte(documentID))
	// FNV's high bits barely change between ids that differ in one digit;
	// splitmix64's finaliser spreads every input bit over the output.
	z := h.Sum64()
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	// 53 bits make an exactly representable fraction in [0, 1).
	x := float64(z>>11) / (1 << 53)
	acc := 0.0
	for _, p := range s.Parts {
		acc += p.Fraction
		if x < acc {
			return p.Name
		}
	}
	return s.Parts[len(s.Parts)-1].Name
}
