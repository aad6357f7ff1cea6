package agree

import (
	"cmp"
	"slices"
	"sort"

	"github.com/inkspan/inkspan/model"
)

// span is a span reduced to what agreement looks at. cat is the label's
// category in the Accumulator (0 is O and never a span's); functions that
// need no categories leave it 0.
type span struct {
	start, end int
	label      string
	cat        int32
}

// cmpSpan is the canonical order of a set: by start, then longer first, then
// label. Any total order on (start, end, label) would do for merging two
// sets; this one also lets token labelling keep the first span to reach a
// token, which is then the one the package comment says wins.
func cmpSpan(x, y span) int {
	if c := cmp.Compare(x.start, y.start); c != 0 {
		return c
	}
	if c := cmp.Compare(y.end, x.end); c != 0 {
		return c
	}
	return cmp.Compare(x.label, y.label)
}

// cmpEnd orders by end first, the order overlap matching walks in.
func cmpEnd(x, y span) int {
	if c := cmp.Compare(x.end, y.end); c != 0 {
		return c
	}
	return cmpSpan(x, y)
}

// appendSet appends src to dst in canonical order without duplicates,
// keeping only label's spans when label is not "". cat, when not nil, gives
// each span its category.
func appendSet(dst []span, src []model.Span, label string, cat func(string) int32) []span {
	base := len(dst)
	for _, s := range src {
		if label != "" && s.Label != label {
			continue
		}
		sp := span{start: s.Start, end: s.End, label: s.Label}
		if cat != nil {
			sp.cat = cat(s.Label)
		}
		dst = append(dst, sp)
	}
	set := dst[base:]
	slices.SortFunc(set, cmpSpan)
	set = slices.CompactFunc(set, func(x, y span) bool { return cmpSpan(x, y) == 0 })
	return dst[:base+len(set)]
}

// exactMatches counts the spans in both a and b, two sets in canonical
// order, adding each to its category's exact count in t unless t is nil.
func exactMatches(a, b []span, t tally) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch c := cmpSpan(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			if t != nil {
				t[a[i].cat].exact++
			}
			n++
			i++
			j++
		}
	}
	return n
}

// overlapMatches finds a maximum one-to-one matching of same-label
// overlapping spans between a and b, both sorted by cmpEnd and given
// categories, and adds each match to its category's overlap count in t. used
// is scratch of len(b).
//
// Why greedy is enough: let x be a's span that ends first and y the
// overlapping b span that ends first. Suppose a best matching pairs x with w
// and y with z. z ends no sooner than x, which w starts before; z starts
// before y ends, which is no later than w ends. So z overlaps w, and pairing
// x-y and z-w matches as many. Scanning a in end order repeats the argument
// on what is left.
func overlapMatches(a, b []span, t tally, used []bool) {
	clear(used)
	for _, x := range a {
		// b spans ending at or before x starts cannot overlap it.
		j := sort.Search(len(b), func(j int) bool { return b[j].end > x.start })
		for ; j < len(b); j++ {
			y := b[j]
			if !used[j] && y.cat == x.cat && y.start < x.end {
				used[j] = true
				t[x.cat].overlap++
				break
			}
		}
	}
}

// counts is one category's span counts for a pair of sides: annotator a and
// b, or an annotator (a) and gold (b).
type counts struct {
	a, b, exact, overlap int
}

// tally holds counts by category.
type tally []counts

// grown returns t with room for categories [0, n).
func (t tally) grown(n int) tally {
	if len(t) < n {
		t = append(t, make(tally, n-len(t))...)
	}
	return t
}

// sizes adds the sizes of the two sides, category by category.
func (t tally) sizes(a, b []span) {
	for _, s := range a {
		t[s.cat].a++
	}
	for _, s := range b {
		t[s.cat].b++
	}
}

// sum adds up all categories.
func (t tally) sum() counts {
	var s counts
	for _, c := range t {
		s.a += c.a
		s.b += c.b
		s.exact += c.exact
		s.overlap += c.overlap
	}
	return s
}

// f1 is 2·matched / (a + b), 1 when both sides are empty.
func f1(matched, a, b int) float64 {
	return ratio(2*matched, a+b)
}

// ratio is n/d, 1 when d is 0: nothing there, nothing wrong.
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}
