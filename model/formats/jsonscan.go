package formats

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a small JSON scanner for the JSONL reader. encoding/json
// validates a line and then decodes it in a second pass at about 100 MB/s,
// which would make the reader the slowest step of a large import. The scanner
// validates as strictly as encoding/json (a fuzz test holds it to that) in the
// same pass that finds the raw values, and leaves decoding to the few values
// that need it. Callers must check UTF-8 first: the scanner does not.

// maxJSONDepth matches encoding/json's nesting limit.
const maxJSONDepth = 10000

// plainInString marks the bytes a string may contain without a closer look:
// everything but control characters, '"' and '\\'.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainWord reports whether none of the eight bytes in x needs a closer look
// inside a string: the bit tricks of "Bit Twiddling Hacks" test all eight at
// once for a byte below 0x20, a '"' and a '\\'.
func plainWord(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	control := (x - 0x20*ones) &^ x
	q := x ^ '"'*ones
	quote := (q - ones) &^ q
	bs := x ^ '\\'*ones
	backslash := (bs - ones) &^ bs
	return (control|quote|backslash)&highs == 0
}

// runeCount counts the code points of valid UTF-8 eight bytes at a time: it
// is the number of bytes that do not continue a sequence (10xxxxxx).
// utf8.RuneCountInString decodes rune by rune once it meets a non-ASCII byte,
// and most texts have one every few words.
func runeCount[T ~string | ~[]byte](s T) int {
	const highs = 0x8080808080808080
	cont := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// The compiler merges these into one 64-bit load.
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		cont += bits.OnesCount64(x & highs &^ (x << 1))
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			cont++
		}
	}
	return len(s) - cont
}

func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanString checks the string starting at b[i] == '"' and returns the index
// just past it and whether it holds escapes; end < 0 if it is malformed.
func scanString(b []byte, i int) (end int, escaped bool) {
	i++
	for {
		for i+8 <= len(b) && plainWord(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && plainInString[b[i]] {
			i++
		}
		if i >= len(b) {
			return -1, false
		}
		switch b[i] {
		case '"':
			return i + 1, escaped
		case '\\':
			escaped = true
			if i+1 >= len(b) {
				return -1, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || hex4(b[i+2:i+6]) < 0 {
					return -1, false
				}
				i += 6
			default:
				return -1, false
			}
		default: // a control character
			return -1, false
		}
	}
}

// hex4 decodes four hex digits, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanNumber checks the number starting at b[i] and returns the index past it,
// or -1.
func scanNumber(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b):
		return -1
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return -1
		}
		for ; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	return i
}

// scanValue checks the value starting at b[i] (no leading white space) and
// returns the index past it, or -1.
func scanValue(b []byte, i, depth int) int {
	if i >= len(b) {
		return -1
	}
	switch c := b[i]; {
	case c == '"':
		end, _ := scanString(b, i)
		return end
	case c == '{':
		it := objectIter{b: b, i: i, depth: depth}
		for it.next() {
		}
		return it.end()
	case c == '[':
		it := arrayIter{b: b, i: i, depth: depth}
		for it.next() {
		}
		return it.end()
	case c == 't':
		return literal(b, i, "true")
	case c == 'f':
		return literal(b, i, "false")
	case c == 'n':
		return literal(b, i, "null")
	case c == '-' || isDigit(c):
		return scanNumber(b, i)
	}
	return -1
}

func literal(b []byte, i int, word string) int {
	if len(b)-i >= len(word) && string(b[i:i+len(word)]) == word {
		return i + len(word)
	}
	return -1
}

// objectIter walks the members of the object at b[i], checking them as it
// goes. After next returns false, end gives the index past the object or -1
// if it was malformed. A caller that wants to read a value itself calls
// nextKey instead of next, parses the value at b[i] and reports its end with
// took.
type objectIter struct {
	b      []byte
	i      int
	depth  int
	state  uint8  // 0 before '{', 1 inside, 2 done, 3 malformed
	Key    []byte // the current member's name, between its quotes
	KeyEsc bool   // whether Key holds escapes
	KeyAt  int    // index in b of the quote that opens Key
	Val    []byte // the current member's raw value (after next or took)
}

func (it *objectIter) next() bool {
	return it.nextKey() && it.took(scanValue(it.b, it.i, it.depth+1))
}

// nextKey reads the next member's name and leaves i at its value.
func (it *objectIter) nextKey() bool {
	b := it.b
	switch it.state {
	case 0:
		if it.i >= len(b) || b[it.i] != '{' || it.depth >= maxJSONDepth {
			return it.fail()
		}
		it.i = skipWS(b, it.i+1)
		if it.i < len(b) && b[it.i] == '}' {
			it.i++
			it.state = 2
			return false
		}
		it.state = 1
	case 1:
		it.i = skipWS(b, it.i)
		if it.i >= len(b) {
			return it.fail()
		}
		switch b[it.i] {
		case '}':
			it.i++
			it.state = 2
			return false
		case ',':
			it.i = skipWS(b, it.i+1)
		default:
			return it.fail()
		}
	default:
		return false
	}
	if it.i >= len(b) || b[it.i] != '"' {
		return it.fail()
	}
	end, esc := scanString(b, it.i)
	if end < 0 {
		return it.fail()
	}
	it.Key, it.KeyEsc, it.KeyAt = b[it.i+1:end-1], esc, it.i
	i := skipWS(b, end)
	if i >= len(b) || b[i] != ':' {
		return it.fail()
	}
	it.i = skipWS(b, i+1)
	return true
}

// took records that the current value ends at end (-1: it was malformed).
func (it *objectIter) took(end int) bool {
	if end < 0 {
		return it.fail()
	}
	it.Val = it.b[it.i:end]
	it.i = end
	return true
}

func (it *objectIter) fail() bool { it.state = 3; return false }

func (it *objectIter) end() int {
	if it.state != 2 {
		return -1
	}
	return it.i
}

// key returns the member's name as text.
func (it *objectIter) key() string {
	if !it.KeyEsc {
		return string(it.Key)
	}
	return unquoteBody(it.Key)
}

// arrayIter walks the elements of the array at b[i], like objectIter;
// nextElem leaves i at the element for the caller to parse.
type arrayIter struct {
	b     []byte
	i     int
	depth int
	state uint8
	Val   []byte
}

func (it *arrayIter) next() bool {
	return it.nextElem() && it.took(scanValue(it.b, it.i, it.depth+1))
}

func (it *arrayIter) nextElem() bool {
	b := it.b
	switch it.state {
	case 0:
		if it.i >= len(b) || b[it.i] != '[' || it.depth >= maxJSONDepth {
			return it.fail()
		}
		it.i = skipWS(b, it.i+1)
		if it.i < len(b) && b[it.i] == ']' {
			it.i++
			it.state = 2
			return false
		}
		it.state = 1
	case 1:
		it.i = skipWS(b, it.i)
		if it.i >= len(b) {
			return it.fail()
		}
		switch b[it.i] {
		case ']':
			it.i++
			it.state = 2
			return false
		case ',':
			it.i = skipWS(b, it.i+1)
		default:
			return it.fail()
		}
	default:
		return false
	}
	if it.i >= len(b) {
		return it.fail()
	}
	return true
}

func (it *arrayIter) took(end int) bool {
	if end < 0 {
		return it.fail()
	}
	it.Val = it.b[it.i:end]
	it.i = end
	return true
}

func (it *arrayIter) fail() bool { it.state = 3; return false }

func (it *arrayIter) end() int {
	if it.state != 2 {
		return -1
	}
	return it.i
}

// unquote decodes a string value the scanner has checked (quotes included).
func unquote(raw []byte) string {
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') < 0 {
		return string(body)
	}
	return unquoteBody(body)
}

// unquoteBody decodes escapes the way encoding/json does, including its
// replacement of unpaired surrogates with U+FFFD, so that offsets computed by
// other tools from the same JSON agree with ours.
func unquoteBody(s []byte) string {
	var sb strings.Builder
	sb.Grow(len(s))
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			sb.Write(s)
			break
		}
		sb.Write(s[:i])
		s = s[i:]
		if len(s) < 2 {
			break // cannot happen after scanString
		}
		switch c := s[1]; c {
		case 'b':
			sb.WriteByte('\b')
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'u':
			r := hex4(s[2:])
			s = s[6:]
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					r2 = hex4(s[2:])
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					s = s[6:]
					r = d
				} else {
					r = utf8.RuneError
				}
			}
			sb.WriteRune(r)
			continue
		default: // '"', '\\', '/'
			sb.WriteByte(c)
		}
		s = s[2:]
	}
	return sb.String()
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
