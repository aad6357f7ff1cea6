package model

import (
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Untrusted text (annotator and label names, document ids and titles, file
// names, notes: anything read from an imported or merged file) reaches a
// terminal in command output and error messages. A terminal acts on some
// characters instead of showing them: ESC starts sequences that clear the
// screen, set the window title or recolour all that follows; a carriage
// return goes back to the start of the line, so what follows overwrites what
// came before (the file:line of an error, say); bidi overrides and isolates
// reorder the text after them; zero-width characters hide a difference.
// Printable shows every such character as an escape instead.

// Printable returns s with each character a terminal would act on, or that
// would hide or reorder text, written as a Go-style escape, and everything
// else verbatim, so that names in any script, accents, CJK and emoji stay
// readable. Escaped are:
//
//   - C0 controls (\x1b, \r, \a; tab and newline too: the text is one field
//     or one line of the output, and a raw newline could forge another) and
//     DEL (\x7f);
//   - C1 controls, U+0080 to U+009F (\u009b is a CSI to some terminals);
//   - format characters, Unicode category Cf: bidi embeddings, overrides
//     and isolates (\u202e), zero-width space (\u200b), byte order mark,
//     soft hyphen and the like; the join controls ZWNJ and ZWJ are kept
//     when they sit between two letters, marks, digits or symbols, where
//     Persian, the Indic scripts and emoji sequences need them to look right;
//   - the line and paragraph separators U+2028 and U+2029;
//   - bytes that are not UTF-8 (\xff).
//
// Invisible characters that read as nothing or as an ordinary space, and
// so make a message lie (a label "ACTOR" that is not ACTOR, a file that
// "starts with" a quote), are named instead of escaped, in angle brackets:
// <U+FEFF byte order mark>, <U+200B zero width space>, <U+00AD soft
// hyphen>. Spaces other than U+0020 (<U+00A0 no-break space>, the narrow
// and typographic spaces) are named only where they mislead: at either end
// of s, beside other white space, or beside a quotation mark, where they
// look like a plain space or like nothing. Between two words they are
// ordinary typography (French puts one before every colon) and are kept.
//
// Backslashes are not escaped: the result is for reading, not for parsing
// back. So Windows paths read as they are, and Printable(Printable(s)) ==
// Printable(s), which lets a message pass through it at several layers (an
// input error, then the command's report of it) without growing.
func Printable(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unprintableAt(s, i, r, size) {
			b := make([]byte, 0, len(s)+16)
			return string(appendPrintable(append(b, s[:i]...), s, i))
		}
		i += size
	}
	return s // the common case: nothing to escape, nothing allocated
}

// appendPrintable appends s[from:] escaped; the text before from is there
// for a join control at from, which needs the character before it.
func appendPrintable(b []byte, s string, from int) []byte {
	for i := from; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unprintableAt(s, i, r, size) {
			b = append(b, s[i:i+size]...)
			i += size
			continue
		}
		if name := invisibleNames[r]; name != "" {
			b = append(b, '<')
			b = appendCodePoint(b, r)
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, '>')
			i += size
			continue
		}
		switch {
		case r == utf8.RuneError && size == 1:
			b = appendHexEscape(b, 'x', uint32(s[i]), 2)
		case r == '\a':
			b = append(b, `\a`...)
		case r == '\b':
			b = append(b, `\b`...)
		case r == '\f':
			b = append(b, `\f`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\v':
			b = append(b, `\v`...)
		case r < utf8.RuneSelf:
			b = appendHexEscape(b, 'x', uint32(r), 2)
		case r <= 0xffff:
			b = appendHexEscape(b, 'u', uint32(r), 4)
		default:
			b = appendHexEscape(b, 'U', uint32(r), 8)
		}
		i += size
	}
	return b
}

// PrintableJSON escapes, in JSON text that encoding/json wrote, the
// characters that encoder leaves raw but a terminal would act on or that
// hide or reorder text: C1 controls, DEL and format characters (bidi, zero
// width). They can only occur inside strings, where \uXXXX (a surrogate
// pair above U+FFFF) is the same character to a JSON reader, so the data
// does not change. The encoder already escapes C0 controls and U+2028 and
// U+2029 in strings; the raw newlines and tabs left are the indentation
// between values, and are kept. An invalid byte, which the encoder never
// writes, becomes \ufffd, as the encoder would have made it.
func PrintableJSON(data []byte) []byte {
	var out []byte
	done := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == '\n' || r == '\t' || r == '\r' || !unprintable(r, size) {
			i += size
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(data)+32)
		}
		out = append(out, data[done:i]...)
		if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			out = appendHexEscape(out, 'u', uint32(hi), 4)
			out = appendHexEscape(out, 'u', uint32(lo), 4)
		} else {
			out = appendHexEscape(out, 'u', uint32(r), 4) // U+FFFD for an invalid byte
		}
		i += size
		done = i
	}
	if out == nil {
		return data
	}
	return append(out, data[done:]...)
}

// unprintable reports whether r, a character of size bytes (an invalid
// byte is utf8.RuneError of size 1), is one Printable escapes wherever it
// stands.
func unprintable(r rune, size int) bool {
	switch {
	case r == utf8.RuneError:
		return size == 1 // not UTF-8; a real U+FFFD is shown
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true // C0, DEL, C1
	case r == 0x2028, r == 0x2029:
		return true // Zl, Zp
	case r < 0xad:
		return false // the rest of Latin-1 holds no format character
	}
	return unicode.Is(unicode.Cf, r)
}

// unprintableAt is unprintable for the character r at s[i:], except that a
// ZWNJ or ZWJ between two characters of words is kept; and a space other
// than U+0020 is named where it would mislead (see Printable).
func unprintableAt(s string, i int, r rune, size int) bool {
	if !unprintable(r, size) {
		if r < 0xa0 || !oddSpace(r) {
			return false
		}
		before, bsize := utf8.DecodeLastRuneInString(s[:i])
		after, asize := utf8.DecodeRuneInString(s[i+size:])
		return misleadsBeside(before, bsize) || misleadsBeside(after, asize)
	}
	if r != 0x200c && r != 0x200d {
		return true
	}
	before, bsize := utf8.DecodeLastRuneInString(s[:i])
	after, asize := utf8.DecodeRuneInString(s[i+size:])
	return !inWord(before, bsize) || !inWord(after, asize)
}

// inWord reports whether r (size bytes long; 0 at either end of the text)
// is a character a join control may sit beside.
func inWord(r rune, size int) bool {
	if size == 0 || r == utf8.RuneError && size == 1 {
		return false
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.So, unicode.Sk)
}

// invisibleNames names the characters Printable writes as <U+XXXX name>:
// those a reader cannot see at all, or takes for a plain space. Other
// format characters (bidi controls, tags) keep their \u escapes.
var invisibleNames = map[rune]string{
	0x00a0: "no-break space",
	0x00ad: "soft hyphen",
	0x061c: "arabic letter mark",
	0x180e: "mongolian vowel separator",
	0x2000: "en quad",
	0x2001: "em quad",
	0x2002: "en space",
	0x2003: "em space",
	0x2004: "three-per-em space",
	0x2005: "four-per-em space",
	0x2006: "six-per-em space",
	0x2007: "figure space",
	0x2008: "punctuation space",
	0x2009: "thin space",
	0x200a: "hair space",
	0x200b: "zero width space",
	0x200c: "zero width non-joiner",
	0x200d: "zero width joiner",
	0x200e: "left-to-right mark",
	0x200f: "right-to-left mark",
	0x202f: "narrow no-break space",
	0x205f: "medium mathematical space",
	0x2060: "word joiner",
	0x3000: "ideographic space",
	0xfeff: "byte order mark",
}

// Quote is strconv.Quote for messages: s in double quotes with Go escapes,
// except that the invisible characters Printable names are named in angle
// brackets, "<U+FEFF byte order mark>Hello", rather than escaped as
// \ufeff, which a user would have to look up to learn that an editor put
// a byte order mark there.
func Quote(s string) string {
	named := false
	for _, r := range s {
		if invisibleNames[r] != "" {
			named = true
			break
		}
	}
	if !named {
		return strconv.Quote(s)
	}
	b := []byte{'"'}
	from := 0
	for i, r := range s {
		if invisibleNames[r] == "" {
			continue
		}
		q := strconv.Quote(s[from:i])
		b = append(b, q[1:len(q)-1]...)
		b = append(b, '<')
		b = appendCodePoint(b, r)
		b = append(b, ' ')
		b = append(b, invisibleNames[r]...)
		b = append(b, '>')
		from = i + utf8.RuneLen(r)
	}
	q := strconv.Quote(s[from:])
	b = append(b, q[1:]...)
	return string(b)
}

// InvisibleName returns the name Printable gives r ("byte order mark"),
// or "" for a character it does not name.
func InvisibleName(r rune) string { return invisibleNames[r] }

// oddSpace reports whether r is a space separator other than U+0020, one
// a reader takes for a plain space.
func oddSpace(r rune) bool {
	return r != ' ' && invisibleNames[r] != "" && unicode.Is(unicode.Zs, r)
}

// misleadsBeside reports whether an odd space beside r (size bytes; 0 at
// either end of the text) would pass for something it is not: at an end of
// the text, beside white space, or beside a quotation mark, it looks like
// nothing or like part of the quoted value's edge.
func misleadsBeside(r rune, size int) bool {
	if size == 0 {
		return true
	}
	switch r {
	case '"', '\'', '`', '“', '”', '‘', '’':
		return true
	}
	return unicode.IsSpace(r)
}

// appendCodePoint appends U+XXXX (at least four hex digits, upper case).
func appendCodePoint(b []byte, r rune) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, 'U', '+')
	digits := 4
	for v := r >> 16; v > 0; v >>= 4 {
		digits++
	}
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b = append(b, hex[r>>uint(shift)&0xf])
	}
	return b
}

func appendHexEscape(b []byte, kind byte, v uint32, digits int) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '\\', kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b = append(b, hex[v>>uint(shift)&0xf])
	}
	return b
}
