package model_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

func TestPrintable(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"clear screen", "bob\x1b[2J\x1b[H", `bob\x1b[2J\x1b[H`},
		{"OSC title", "\x1b]0;pwned\x07x", `\x1b]0;pwned\ax`},
		{"colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"carriage return hides what came before", "a.conll:3\rall fine", `a.conll:3\rall fine`},
		{"tab and newline", "a\tb\nc", `a\tb\nc`},
		{"other C0 and DEL", "\x00\x01\x7f", `\x00\x01\x7f`},
		{"C1 CSI and NEL", "\u009b2J\u0085", `\u009b2J\u0085`},
		{"bidi override", "txt.\u202egpj", `txt.\u202egpj`},
		{"bidi isolates", "\u2066a\u2069", `\u2066a\u2069`},
		{"zero width space", "ad\u200bmin", `ad<U+200B zero width space>min`},
		{"byte order mark", "\ufeffid", `<U+FEFF byte order mark>id`},
		{"soft hyphen", "ACT\u00adOR", `ACT<U+00AD soft hyphen>OR`},
		{"word joiner and marks", "a\u2060b\u200e\u200f", `a<U+2060 word joiner>b<U+200E left-to-right mark><U+200F right-to-left mark>`},
		{"no-break space at the end", "ACTOR\u00a0", `ACTOR<U+00A0 no-break space>`},
		{"no-break space at the start", "\u00a0id", `<U+00A0 no-break space>id`},
		{"no-break space inside quotes", "text \"Moscow\u00a0\" does not match", `text "Moscow<U+00A0 no-break space>" does not match`},
		{"narrow no-break space beside a space", "a \u202fb", `a <U+202F narrow no-break space>b`},
		{"only spaces", "\u3000\u2009", `<U+3000 ideographic space><U+2009 thin space>`},
		{"no-break space between words stays", "Moscou\u202f: 3\u00a0000 morts", "Moscou\u202f: 3\u00a0000 morts"},
		{"ideographic space inside CJK stays", "東京\u3000大阪", "東京\u3000大阪"},
		{"line separators", "a\u2028b\u2029c", `a\u2028b\u2029c`},
		{"supplementary format character", "tag\U000e0041", `tag\U000e0041`},
		{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
		{"accents, CJK, emoji", "Erdoğan Łódź 東京 🇹🇷 naïve", "Erdoğan Łódź 東京 🇹🇷 naïve"},
		{"right-to-left text itself", "שלום مرحبا", "שלום مرحبا"},
		{"ZWNJ inside a Persian word", "می\u200cخواهم", "می\u200cخواهم"},
		{"ZWJ in an emoji sequence", "👩\u200d💻", "👩\u200d💻"},
		{"ZWJ at the end", "admin\u200d", `admin<U+200D zero width joiner>`},
		{"ZWJ before white space", "a\u200d b", `a<U+200D zero width joiner> b`},
		{"two join controls", "a\u200d\u200cb", `a<U+200D zero width joiner><U+200C zero width non-joiner>b`},
		{"a real replacement character", "a\ufffdb", "a\ufffdb"},
		{"backslashes stay", `C:\Users\x1b`, `C:\Users\x1b`},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := model.Printable(tc.in)
			if got != tc.want {
				t.Fatalf("Printable(%q) = %q, want %q", tc.in, got, tc.want)
			}
			// Messages pass through it at several layers.
			if again := model.Printable(got); again != got {
				t.Fatalf("Printable is not idempotent: %q, then %q", got, again)
			}
			if !terminalSafe(got) {
				t.Fatalf("Printable(%q) = %q still holds a control or format character", tc.in, got)
			}
		})
	}
}

// terminalSafe reports whether s is valid UTF-8 without C0/C1 controls, DEL,
// line separators or format characters other than join controls (which
// Printable keeps inside words).
func terminalSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || 0x7f <= r && r <= 0x9f || r == 0x2028 || r == 0x2029 ||
			unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d {
			return false
		}
	}
	return true
}

func TestPrintableJSON(t *testing.T) {
	v := map[string]string{
		"name\u202e": "bob\x1b]0;pwned\x07",
		"c1":         "a\u009bb\u0085c\x7f",
		"bidi":       "\u2066x\u2069 \u200b \ufeff \U000e0041",
		"lines":      "a\u2028b\r\n",
		"plain":      "Erdoğan 東京 🇹🇷 می\u200cخواهم",
	}
	raw, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	got := model.PrintableJSON(raw)
	for _, bad := range []string{"\x1b", "\x07", "\x7f", "\u009b", "\u0085", "\u202e", "\u2066", "\u200b", "\u200c", "\ufeff", "\U000e0041", "\u2028", "\r"} {
		if strings.Contains(string(got), bad) {
			t.Fatalf("PrintableJSON left %q raw in %s", bad, got)
		}
	}
	// The same data to a JSON reader.
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("PrintableJSON made invalid JSON: %v\n%s", err, got)
	}
	for k, want := range v {
		if back[k] != want {
			t.Fatalf("%q: got %q after PrintableJSON, want %q", k, back[k], want)
		}
	}
	if !strings.Contains(string(got), "\n\t\"") {
		t.Fatalf("the indentation was lost: %s", got)
	}
	if !strings.Contains(string(got), `\udb40\udc41`) {
		t.Fatalf("a format character above U+FFFF should be a surrogate pair: %s", got)
	}
	// Nothing to escape: the same slice back.
	clean := []byte(`{"a": "Łódź"}`)
	if out := model.PrintableJSON(clean); &out[0] != &clean[0] {
		t.Fatalf("PrintableJSON copied text that needs no escaping")
	}
}

// Quote is strconv.Quote but names the invisible characters Printable
// names, so a message about a byte order mark says so.
func TestQuoteNamesInvisibleCharacters(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hello", `"Hello"`},
		{"\ufeffHell", `"<U+FEFF byte order mark>Hell"`},
		{"a\u00a0\"b\"\u200b", `"a<U+00A0 no-break space>\"b\"<U+200B zero width space>"`},
		{"tab\there\x1b", `"tab\there\x1b"`},
		{"\u202eevil", `"\u202eevil"`},
	} {
		if got := model.Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
