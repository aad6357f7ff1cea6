package main

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Names, ids, titles and notes in a project came from imported or merged
// files, and file names from the file system: none of it may reach the
// terminal raw (see model.Printable). Human-readable output passes each such
// value through printable; JSON output through writeJSON, which keeps the
// data the same; CSV fields through printable too, as CSV has no escape of
// its own for a control character.

// printable is model.Printable, for the many places output shows a name.
func printable(s string) string { return model.Printable(s) }

// printableList joins names, each made printable, with ", ".
func printableList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = model.Printable(n)
	}
	return strings.Join(out, ", ")
}

// writeJSON writes v as indented JSON with no raw terminal controls: the
// encoder escapes C0 controls, model.PrintableJSON the C1 controls and
// invisible formatting characters it leaves, as \uXXXX, which any JSON
// reader decodes to the same text.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(model.PrintableJSON(buf.Bytes()))
	return err
}
