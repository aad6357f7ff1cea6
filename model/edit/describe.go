package edit

import "strings"

// maxQuoted keeps a span's text in a menu item short enough to read at a
// glance; a span can cover a whole paragraph.
const maxQuoted = 40

// quote returns " “text”" with white space runs (line breaks included)
// folded to one space and long texts cut, or "" when there is no text.
func quote(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return ""
	}
	if r := []rune(text); len(r) > maxQuoted {
		text = strings.TrimSpace(string(r[:maxQuoted-1])) + "…"
	}
	return " “" + text + "”"
}
