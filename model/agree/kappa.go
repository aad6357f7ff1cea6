package agree

// CohenKappa returns Cohen's kappa for two raters from their confusion
// matrix: confusion[i][j] counts the items rater A put in category i and
// rater B in category j. The matrix must be square. An empty matrix or
// chance agreement of 1 gives 1 (see the package comment).
func CohenKappa(confusion [][]float64) float64 {
	return cohen(len(confusion), func(i, j int) float64 { return confusion[i][j] })
}

// cohen takes the matrix as a function so that the accumulator's flat
// matrices and the binary per-label view of them need no copying.
func cohen(k int, at func(i, j int) float64) float64 {
	rows := make([]float64, k)
	cols := make([]float64, k)
	var n, agreed float64
	for i := range k {
		for j := range k {
			c := at(i, j)
			rows[i] += c
			cols[j] += c
			n += c
		}
		agreed += at(i, i)
	}
	if n == 0 {
		return 1
	}
	var chance float64
	for i := range k {
		chance += rows[i] * cols[i]
	}
	return kappa(agreed/n, chance/(n*n))
}

// FleissKappa returns Fleiss' kappa: counts[i][j] is how many raters put
// item i in category j. Items may have different numbers of raters (the
// generalisation in the package comment); an item with fewer than two is
// skipped. No items, or every rating in one category, gives 1.
func FleissKappa(counts [][]int) float64 {
	var f fleiss
	for _, row := range counts {
		f.add(row)
	}
	return f.kappa()
}

// kappa is (observed − chance) / (1 − chance), with the package's
// convention where chance agreement is total: then observed agreement is
// total too, and reporting it as perfect is truer than reporting nothing.
func kappa(observed, chance float64) float64 {
	if chance >= 1 {
		return 1
	}
	return (observed - chance) / (1 - chance)
}

// fleiss keeps the sums Fleiss' kappa needs, so that items can be added one
// at a time and never kept. Alongside the multi-category figure it keeps,
// for every category, what the binary "this category or not" kappa needs.
type fleiss struct {
	items   float64   // items with two or more raters
	sumP    float64   // Σ_i P_i
	ratings float64   // Σ_i n_i
	cat     []float64 // Σ_i n_ij, per category j
	deficit []float64 // Σ_i (1 − P_i) with category j against all others, per j
}

// add adds an item: row[j] raters chose category j.
func (f *fleiss) add(row []int) {
	n := 0
	for _, c := range row {
		n += c
	}
	if n < 2 {
		return
	}
	for len(f.cat) < len(row) {
		f.cat = append(f.cat, 0)
		f.deficit = append(f.deficit, 0)
	}
	pairs := float64(n * (n - 1))
	same := 0
	for j, c := range row {
		if c == 0 {
			continue
		}
		same += c * (c - 1)
		f.cat[j] += float64(c)
		// A category nobody chose leaves its binary P_i at 1, a deficit of
		// 0, so only the chosen ones need work.
		rest := n - c
		f.deficit[j] += 1 - float64(c*(c-1)+rest*(rest-1))/pairs
	}
	f.items++
	f.sumP += float64(same) / pairs
	f.ratings += float64(n)
}

func (f *fleiss) kappa() float64 {
	if f.items == 0 {
		return 1
	}
	var chance float64
	for _, c := range f.cat {
		p := c / f.ratings
		chance += p * p
	}
	return kappa(f.sumP/f.items, chance)
}

// binary is the kappa of category j against all others together.
func (f *fleiss) binary(j int) float64 {
	if f.items == 0 {
		return 1
	}
	var p, deficit float64
	if j < len(f.cat) {
		p, deficit = f.cat[j]/f.ratings, f.deficit[j]
	}
	return kappa(1-deficit/f.items, p*p+(1-p)*(1-p))
}
