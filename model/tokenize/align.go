package tokenize

// Align returns the tokens a span [start, end) (code points) covers: tokens[first..last] inclusive,
// ok=false when start or end does not fall on a token boundary (start must equal some token's Start,
// end some token's End) or when the span covers no token.
//
// tokens must be in text order, as Tokenize returns them; it runs in O(log n).
func Align(tokens []Token, start, end int) (first, last int, ok bool) {
	if start >= end {
		return 0, 0, false
	}
	first = searchStart(tokens, start)
	if first == len(tokens) || tokens[first].Start != start {
		return 0, 0, false
	}
	last = first + searchEnd(tokens[first:], end)
	if last == len(tokens) || tokens[last].End != end {
		return 0, 0, false
	}
	return first, last, true
}

// Snap widens [start, end) to the smallest token-aligned range containing it (a span inside one token
// becomes that token); if the span covers only white space, returns ok=false.
//
// An empty span (start >= end) covers nothing and also returns ok=false. It
// runs in O(log n).
func Snap(tokens []Token, start, end int) (s, e int, ok bool) {
	if start >= end {
		return 0, 0, false
	}
	i := searchEnd(tokens, start+1)           // first token ending after start
	j := searchStart(tokens[i:], end) + i - 1 // last token starting before end
	if i >= len(tokens) || j < i {
		return 0, 0, false
	}
	return tokens[i].Start, tokens[j].End, true
}

// searchStart returns the first index whose token starts at or after cp.
// Hand-written rather than sort.Search to keep the closure call out of a
// loop that runs for every span of every exported document.
func searchStart(tokens []Token, cp int) int {
	lo, hi := 0, len(tokens)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tokens[m].Start < cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// searchEnd returns the first index whose token ends at or after cp.
func searchEnd(tokens []Token, cp int) int {
	lo, hi := 0, len(tokens)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if tokens[m].End < cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
