package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// Helpers shared by the character-offset formats: the doccano, Label Studio
// and brat writers and the Label Studio and brat readers.

// charDocID is the id a writer gives a document: the id it came with, else
// its UUID, so that every exported record can be traced back. Writer errors
// name documents by it too.
func charDocID(d *model.Document) string {
	if d.ExternalID != "" {
		return d.ExternalID
	}
	return d.ID
}

func charDocError(d *model.Document, err error) error {
	return model.Errorf(model.EINVALID, "document %s: %s", charDocID(d), err)
}

// charExportSpans checks a's strings and spans and returns the spans in text
// order and the text's length in code points. The caller's slice is never
// reordered: it may be shared.
func charExportSpans(a *Annotation) ([]model.Span, int, error) {
	text := a.Document.Text
	if !utf8.ValidString(text) || !utf8.ValidString(a.Document.ExternalID) || !utf8.ValidString(a.Annotator) {
		// The JSON writers copy strings through unchecked.
		return nil, 0, charDocError(&a.Document, errors.New("text, id or annotator is not valid UTF-8"))
	}
	runes := runeCount(text)
	spans := a.Spans
	if !slices.IsSortedFunc(spans, model.CompareSpans) {
		spans = slices.Clone(spans)
		model.SortSpans(spans)
	}
	for _, s := range spans {
		// A span past the text would make the offset tables panic, and a
		// writer must never turn a broken span into a plausible one.
		if err := s.Validate(runes, nil); err != nil {
			return nil, 0, charDocError(&a.Document, err)
		}
		if !utf8.ValidString(s.Label) || !utf8.ValidString(s.Note) {
			return nil, 0, charDocError(&a.Document, fmt.Errorf("span [%d, %d): label or note is not valid UTF-8", s.Start, s.End))
		}
	}
	return spans, runes, nil
}

// appendJSONID appends a document id as doccano writes ids: a number when it
// reads as one (doccano's own ids are integers), else a string. Only
// canonical integers that JavaScript holds exactly become numbers, so that
// reading the id back gives the same text.
func appendJSONID(dst []byte, id string) []byte {
	if isCanonicalInt(id) {
		return append(dst, id...)
	}
	return appendJSONString(dst, id)
}

func isCanonicalInt(s string) bool {
	if s == "" || len(s) > 15 || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// appendMetaMembers appends the members of a document's Meta to an object
// being written, each preceded by a comma. Members whose key the format uses
// itself (reserved) would clash with its fields, so they go into a nested
// "meta" object instead, which the readers of this package merge back into
// Meta. Values are compacted: Meta may have been stored pretty-printed, and a
// JSONL record must stay on one line.
func appendMetaMembers(dst []byte, meta json.RawMessage, reserved func(key string) bool) ([]byte, error) {
	if len(meta) == 0 {
		return dst, nil
	}
	if !utf8.Valid(meta) {
		return dst, model.Errorf(model.EINVALID, "meta is not valid UTF-8")
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, meta); err != nil {
		return dst, model.Errorf(model.EINVALID, "meta is not valid JSON: %s", err)
	}
	obj := compact.Bytes()
	if obj[0] != '{' {
		return dst, model.Errorf(model.EINVALID, "meta must be a JSON object, not %s", jsonKind(obj))
	}
	var nested []byte
	it := objectIter{b: obj}
	for it.next() {
		member := obj[it.KeyAt:it.i]
		if reserved(it.key()) {
			if nested == nil {
				nested = append(nested, '{')
			} else {
				nested = append(nested, ',')
			}
			nested = append(nested, member...)
			continue
		}
		dst = append(dst, ',')
		dst = append(dst, member...)
	}
	if nested != nil {
		dst = append(dst, `,"meta":`...)
		dst = append(dst, nested...)
		dst = append(dst, '}')
	}
	return dst, nil
}

// mergeMetaMembers builds Meta from the members of obj that skip does not
// reject: they are copied as written, and the members of a nested "meta"
// object (where appendMetaMembers puts keys that would clash) join them,
// winning a clash as in the JSONL reader. obj must be a valid JSON object in
// valid UTF-8. It returns nil when nothing is left.
func mergeMetaMembers(obj []byte, skip func(key string) bool) json.RawMessage {
	type member struct {
		key string
		raw []byte // the quoted key as written, ':' and the value
	}
	var top, inner []member
	it := objectIter{b: obj}
	for it.next() {
		k := it.key()
		switch {
		case skip(k):
		case k == "meta" && it.Val[0] == '{':
			inner = inner[:0]
			nit := objectIter{b: it.Val}
			for nit.next() {
				inner = append(inner, member{nit.key(), it.Val[nit.KeyAt:nit.i]})
			}
		default:
			top = append(top, member{k, obj[it.KeyAt:it.i]})
		}
	}
	if len(top)+len(inner) == 0 {
		return nil
	}
	own := make(map[string]bool, len(inner))
	for _, m := range inner {
		own[m.key] = true
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	n := 0
	for _, m := range append(slices.DeleteFunc(top, func(m member) bool { return own[m.key] }), inner...) {
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.Write(m.raw)
		n++
	}
	buf.WriteByte('}')
	var out bytes.Buffer
	if err := json.Compact(&out, buf.Bytes()); err != nil {
		return nil // cannot happen: every member was checked by the scanner
	}
	return out.Bytes()
}

// bratOneLine replaces the characters that end a line or separate fields in
// brat's .ann with spaces, as brat does with the text of a span: the offsets
// still say where the span is.
func bratOneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
}

// hasWhiteSpace reports whether a label contains white space, which brat
// lines (and model.Label names) cannot hold.
func hasWhiteSpace(s string) bool { return strings.IndexFunc(s, unicode.IsSpace) >= 0 }

// quoteCut quotes s for a message, cut to a readable length.
func quoteCut(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return model.Quote(s)
	}
	r := []rune(s)
	return model.Quote(string(r[:max])) + "…"
}
