package learn

// featureIndex maps feature hashes to weight rows: an open-addressing
// table with linear probing. Looking up every feature of every token was
// the largest part of tagging with a Go map; the keys are already
// well-mixed hashes, so the table takes their top bits as the slot.
type featureIndex struct {
	keys  []uint64 // 0 is an empty slot; the feature hash 0 lives in zero
	rows  []int32
	shift uint
	n     int
	zero  int32 // row of hash 0, or -1
	// hashes lists the keys by row, for saving in row order.
	hashes []uint64
}

func newFeatureIndex(capacity int) *featureIndex {
	x := &featureIndex{zero: -1}
	x.resize(capacity)
	return x
}

// resize makes room for at least n keys at a load of at most one half.
func (x *featureIndex) resize(n int) {
	size, bits := 16, uint(4)
	for size < 2*n {
		size *= 2
		bits++
	}
	old, oldRows := x.keys, x.rows
	x.keys, x.rows, x.shift = make([]uint64, size), make([]int32, size), 64-bits
	for i, k := range old {
		if k != 0 {
			x.put(k, oldRows[i])
		}
	}
}

func (x *featureIndex) put(h uint64, row int32) {
	mask := len(x.keys) - 1
	for i := int(h>>x.shift) & mask; ; i = (i + 1) & mask {
		if x.keys[i] == 0 {
			x.keys[i], x.rows[i] = h, row
			return
		}
	}
}

// add gives h the next row if it has none.
func (x *featureIndex) add(h uint64) {
	if _, ok := x.get(h); ok {
		return
	}
	row := int32(x.n)
	x.n++
	x.hashes = append(x.hashes, h)
	if h == 0 {
		x.zero = row
		return
	}
	if 2*(x.n) > len(x.keys) {
		x.resize(x.n)
	}
	x.put(h, row)
}

// get returns h's row.
func (x *featureIndex) get(h uint64) (int32, bool) {
	if h == 0 {
		return x.zero, x.zero >= 0
	}
	mask := len(x.keys) - 1
	for i := int(h>>x.shift) & mask; ; i = (i + 1) & mask {
		switch x.keys[i] {
		case h:
			return x.rows[i], true
		case 0:
			return 0, false
		}
	}
}

// len is the number of features.
func (x *featureIndex) len() int { return x.n }
