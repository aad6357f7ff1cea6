package model_test

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/inkspan/inkspan/model"
)

// The worked example of shared/notes/formats.md: "ğ" is two UTF-8 bytes, the
// flag two code points of four bytes and two UTF-16 units each.
const example = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."

func TestOffsetsWorkedExample(t *testing.T) {
	o := model.NewOffsets(example)
	if got, want := o.Len(), 49; got != want {
		t.Fatalf("Len = %d, want %d", got, want)
	}
	for _, tc := range []struct {
		text                                             string
		cpStart, cpEnd, byteStart, byteEnd, uStart, uEnd int
	}{
		{"Putin", 0, 5, 0, 5, 0, 5},
		{"Erdoğan", 10, 17, 10, 18, 10, 17},
		{"Moscow", 21, 27, 22, 28, 21, 27},
		{"34", 29, 31, 30, 32, 29, 31},
		{"🇹🇷", 46, 48, 47, 55, 46, 50},
		{".", 48, 49, 55, 56, 50, 51},
	} {
		if got := o.Slice(tc.cpStart, tc.cpEnd); got != tc.text {
			t.Errorf("Slice(%d, %d) = %q, want %q", tc.cpStart, tc.cpEnd, got, tc.text)
		}
		if o.Byte(tc.cpStart) != tc.byteStart || o.Byte(tc.cpEnd) != tc.byteEnd {
			t.Errorf("%s: bytes %d-%d, want %d-%d", tc.text, o.Byte(tc.cpStart), o.Byte(tc.cpEnd), tc.byteStart, tc.byteEnd)
		}
		if o.UTF16(tc.cpStart) != tc.uStart || o.UTF16(tc.cpEnd) != tc.uEnd {
			t.Errorf("%s: UTF-16 %d-%d, want %d-%d", tc.text, o.UTF16(tc.cpStart), o.UTF16(tc.cpEnd), tc.uStart, tc.uEnd)
		}
		if cp, ok := o.FromByte(tc.byteStart); !ok || cp != tc.cpStart {
			t.Errorf("FromByte(%d) = %d, %v", tc.byteStart, cp, ok)
		}
		if cp, ok := o.FromUTF16(tc.uEnd); !ok || cp != tc.cpEnd {
			t.Errorf("FromUTF16(%d) = %d, %v", tc.uEnd, cp, ok)
		}
	}
	if got := o.UTF16Len(); got != 51 {
		t.Fatalf("UTF16Len = %d, want 51", got)
	}
	// Inside "ğ" (bytes 14-15) and inside the flag's surrogate pairs.
	if _, ok := o.FromByte(15); ok {
		t.Error("FromByte accepted the middle of ğ")
	}
	if _, ok := o.FromUTF16(47); ok {
		t.Error("FromUTF16 accepted the middle of a surrogate pair")
	}
	if _, ok := o.FromUTF16(52); ok {
		t.Error("FromUTF16 accepted an offset past the end")
	}
}

func TestOffsetsAgreeWithStandardLibrary(t *testing.T) {
	for _, text := range []string{
		"",
		"plain ASCII",
		"e\u0301 combining, Ł\u0301ódź",
		"北京 and 東京 ideographs",
		"👩‍👩‍👧 family ZWJ, 🇹🇷🇷🇺 flags",
		"𝐀𝐁 astral letters, مرحبا right-to-left",
		"CRLF\r\nand\ttab",
	} {
		o := model.NewOffsets(text)
		runes := []rune(text)
		if o.Len() != len(runes) {
			t.Fatalf("%q: Len %d, want %d", text, o.Len(), len(runes))
		}
		for i := 0; i <= len(runes); i++ {
			if got, want := o.Byte(i), len(string(runes[:i])); got != want {
				t.Fatalf("%q: Byte(%d) = %d, want %d", text, i, got, want)
			}
			if got, want := o.UTF16(i), len(utf16.Encode(runes[:i])); got != want {
				t.Fatalf("%q: UTF16(%d) = %d, want %d", text, i, got, want)
			}
			if got, want := o.Slice(i, len(runes)), string(runes[i:]); got != want {
				t.Fatalf("%q: Slice(%d, end) = %q", text, i, got)
			}
		}
	}
}

func BenchmarkNewOffsets(b *testing.B) {
	text := strings.Repeat(example+" ", (1<<20)/len(example))
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		model.NewOffsets(text)
	}
}

func TestOffsetsReset(t *testing.T) {
	o := model.NewOffsets(example) // astral: the flag
	o.Reset("Łódź")                // BMP only, reusing the astral tables
	if o.Len() != 4 || o.UTF16(4) != 4 || o.Byte(4) != len("Łódź") || o.Slice(1, 3) != "ód" {
		t.Fatalf("after Reset: len %d, utf16(4) %d, byte(4) %d", o.Len(), o.UTF16(4), o.Byte(4))
	}
	if cp, ok := o.FromUTF16(3); !ok || cp != 3 {
		t.Fatalf("FromUTF16(3) = %d, %v", cp, ok)
	}
	o.Reset("🇹🇷x")
	if o.UTF16(2) != 4 || o.UTF16Len() != 5 {
		t.Fatalf("astral again: %d %d", o.UTF16(2), o.UTF16Len())
	}
}
