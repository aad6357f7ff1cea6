package formats

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// The JSONL reader trusts this scanner to accept exactly what encoding/json
// accepts and to decode strings to the same text; these tests hold it to that.

var scanSeeds = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e+3`, `true`, `false`, `null`,
	`{"text":"Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`,
	`{"a":[1,2,{"b":null}],"c":"\u00e9\n\t\"\\\/"}`,
	`{"a":1,}`, `[1,]`, `{"a" 1}`, `{a:1}`, `01`, `1.`, `.5`, `-`, `1e`, `1e+`, `+1`,
	`"\x"`, `"\u12"`, `"\u12G4"`, "\"a\tb\"", "\"a\nb\"", `"\ud83c\uddf9\ud83c\uddf7"`, `"\ud800"`,
	`"\ud800\u0041"`, `"\udc00\ud800"`, `nul`, `tru`, `[`, `{`, `{"a":}`, `{"a":1 "b":2}`,
	` { "a" : [ 1 , 2 ] } `, `[[[[[]]]]]`, `"unterminated`, `{"a":1}}`, `{"a":1} x`,
}

// scanAll is the whole-document check the reader applies to a line.
func scanAll(b []byte) bool {
	i := skipWS(b, 0)
	end := scanValue(b, i, 0)
	return end >= 0 && skipWS(b, end) == len(b)
}

func checkAgainstEncodingJSON(t *testing.T, in []byte) {
	t.Helper()
	if !utf8.Valid(in) {
		return // the reader rejects these before scanning
	}
	if got, want := scanAll(in), json.Valid(in); got != want {
		t.Fatalf("scan(%q) = %v, encoding/json says %v", in, got, want)
	}
	i := skipWS(in, 0)
	if i < len(in) && in[i] == '"' && json.Valid(in) {
		var want string
		if err := json.Unmarshal(in, &want); err != nil {
			t.Fatal(err)
		}
		end := scanValue(in, i, 0)
		if got := unquote(in[i:end]); got != want {
			t.Fatalf("unquote(%q) = %q, encoding/json gives %q", in, got, want)
		}
	}
}

func TestScanMatchesEncodingJSON(t *testing.T) {
	for _, s := range scanSeeds {
		checkAgainstEncodingJSON(t, []byte(s))
	}
}

func TestPlainWord(t *testing.T) {
	// Every byte value in every position of a word, and next to other
	// special bytes, against the byte-at-a-time table.
	for c := 0; c < 256; c++ {
		for p := 0; p < 8; p++ {
			for _, fill := range []byte{'a', 0xC3, '"', 0x1f} {
				w := []byte{fill, fill, fill, fill, fill, fill, fill, fill}
				w[p] = byte(c)
				want := true
				for _, b := range w {
					want = want && plainInString[b]
				}
				x := uint64(0)
				for i := 7; i >= 0; i-- {
					x = x<<8 | uint64(w[i])
				}
				if got := plainWord(x); got != want {
					t.Fatalf("plainWord(% x) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkAgainstEncodingJSON(t, in)
	})
}

func TestRuneCount(t *testing.T) {
	for _, s := range []string{"", "a", "ğ", "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.", "北京大学的学生说：👩\u200d🔬 works at 東京, café (cafe\u0301)", strings.Repeat("🇹🇷x", 33)} {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
		if got, want := runeCount([]byte(s)), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount([]byte(%q)) = %d, want %d", s, got, want)
		}
	}
}

func FuzzRuneCount(f *testing.F) {
	f.Add("Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷.")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}

func TestScanDepthLimit(t *testing.T) {
	for _, depth := range []int{maxJSONDepth, maxJSONDepth + 1} {
		in := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
		if got, want := scanAll(in), json.Valid(in); got != want {
			t.Fatalf("depth %d: scan says %v, encoding/json says %v", depth, got, want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote \" back \\ slash", "tab\tnew\nline\rcr", "\x00\x1f bell\a", "Erdoğan 北京 🇹🇷 👩‍🔬"} {
		enc := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(enc, &got); err != nil {
			t.Fatalf("appendJSONString(%q) = %s, not valid JSON: %v", s, enc, err)
		}
		if got != s {
			t.Fatalf("appendJSONString(%q) round-trips to %q", s, got)
		}
	}
}
