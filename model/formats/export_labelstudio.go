package formats

import (
	"bufio"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// labelStudioWriter writes Label Studio's JSON: one array of tasks, a task
// per line, streamed an annotation at a time:
//
//	[
//	{"id":1,"data":{"text":"…","external_id":"a.txt","source":"wire"},"annotations":[{"result":[{"id":"kPq3TzVd1c","from_name":"label","to_name":"text","type":"labels","value":{"start":21,"end":27,"text":"Moscow","labels":["PLACE"]},"meta":{"text":["a note"]}}],"was_cancelled":false,"ground_truth":false,"meta":{"annotator":"alice"}}]}
//	]
//
// Choices, and why:
//   - start and end count UTF-16 code units, as Label Studio's browser side
//     does; code points would shift every span after an emoji or a flag
//     (Label Studio issues #1347, #539, #4988);
//   - from_name "label" and to_name "text" are the names in Label Studio's
//     named-entity template (<Labels name="label" toName="text">);
//   - a span's note is the region's meta.text, where Label Studio keeps the
//     notes typed into a region;
//   - a span's attributes are per-region results sharing its region's id,
//     one per attribute name and kind, from_name the name: "choices"
//     (value.choices, the values in order) for chosen values, "textarea"
//     (value.text, a list) for typed text, both with the region's start
//     and end, as Label Studio writes a per-region Choices or TextArea
//     (perRegion="true"). A flag (brat's binary attribute) has no Label
//     Studio control: it is left out and counted (AttributesLeftOut);
//   - a relation is a "relation" result whose from_id and to_id are the
//     ids of two regions of the same annotation, direction "right" (from
//     to to), or "bi" for a symmetric label, its label in labels;
//   - completed_by is not written: Label Studio's import refuses a
//     completed_by that is not the email or id of one of its users, failing
//     the whole file, and without one it credits the importing user. The
//     annotator's name goes into the annotation's meta.annotator instead,
//     which Label Studio ignores and this package's reader reads back;
//   - ground_truth is written false because Label Studio's import takes a
//     missing one as true;
//   - a skipped annotation is written was_cancelled, Label Studio's skip;
//   - consecutive annotations of one document (an export of every
//     annotator) are one task with several annotations, as Label Studio
//     keeps them;
//   - Meta's keys join data, where Label Studio shows them as columns; keys
//     that clash with text, external_id or meta go into data.meta.
type labelStudioWriter struct {
	offsets model.Offsets // reused for every annotation
	w       *bufio.Writer
	tasks   int
	doc     string // Document.ID of the open task; "" when nothing can join it
	buf     []byte
	meta    []byte
	ids     map[string]bool // result ids of the current annotation
	regions []string        // the result id of each span of the current annotation
	leftOut leftOutAttrs
	err     error
	closed  bool
}

func newLabelStudioWriter(w io.Writer, opts WriterOptions) Writer {
	return &labelStudioWriter{w: bufio.NewWriterSize(w, 256<<10), ids: map[string]bool{}}
}

func labelStudioReserved(k string) bool { return k == "text" || k == "external_id" || k == "meta" }

func (l *labelStudioWriter) Write(a *Annotation) error {
	if l.err != nil {
		return l.err
	}
	spans, _, err := charExportSpans(a)
	if err != nil {
		return err
	}
	rels, err := exportRelations(a, spans)
	if err != nil {
		return err
	}
	same := l.doc != "" && a.Document.ID == l.doc
	var meta []byte
	if !same {
		// Checked before anything is written, so that a caller may skip
		// the document and go on.
		if meta, err = appendMetaMembers(l.meta[:0], a.Document.Meta, labelStudioReserved); err != nil {
			return charDocError(&a.Document, err)
		}
		l.meta = meta
	}
	// The task is written up to its annotations; the annotations are added
	// one by one and the task closed once a Write brings another document.
	var b []byte
	if same {
		b = append(l.buf[:0], ',')
	} else {
		b = l.closeTask(l.buf[:0])
		if l.tasks == 0 {
			b = append(b, "[\n"...)
		} else {
			b = append(b, ",\n"...)
		}
		l.tasks++
		l.doc = a.Document.ID
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(l.tasks), 10)
		b = append(b, `,"data":{"text":`...)
		b = appendJSONString(b, a.Document.Text)
		b = append(b, `,"external_id":`...)
		b = appendJSONString(b, charDocID(&a.Document))
		b = append(b, meta...)
		b = append(b, `},"annotations":[`...)
	}
	b = l.appendAnnotation(b, a, spans, rels)
	l.buf = b
	if _, err := l.w.Write(b); err != nil {
		l.err = err
	}
	return l.err
}

// closeTask ends the open task, if any.
func (l *labelStudioWriter) closeTask(b []byte) []byte {
	if l.tasks == 0 {
		return b
	}
	return append(b, "]}"...)
}

func (l *labelStudioWriter) appendAnnotation(b []byte, a *Annotation, spans []model.Span, rels []Relation) []byte {
	off := &l.offsets
	off.Reset(a.Document.Text)
	clear(l.ids)
	l.regions = l.regions[:0]
	b = append(b, `{"result":[`...)
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		id := l.resultID(s)
		l.regions = append(l.regions, id)
		b = append(b, `{"id":`...)
		b = appendJSONString(b, id)
		b = append(b, `,"from_name":"label","to_name":"text","type":"labels","value":{"start":`...)
		b = strconv.AppendInt(b, int64(off.UTF16(s.Start)), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(off.UTF16(s.End)), 10)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, off.Slice(s.Start, s.End))
		b = append(b, `,"labels":[`...)
		b = appendJSONString(b, s.Label)
		b = append(b, "]}"...)
		if s.Note != "" {
			b = append(b, `,"meta":{"text":[`...)
			b = appendJSONString(b, s.Note)
			b = append(b, "]}"...)
		}
		b = append(b, '}')
		b = l.appendPerRegion(b, off, id, s)
	}
	// Relations name the regions just written by their ids, as Label
	// Studio's Relations tag saves them; a relation's note goes in its
	// meta.text, as a region's does.
	for i, r := range rels {
		if i > 0 || len(spans) > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"from_id":`...)
		b = appendJSONString(b, l.regions[r.From])
		b = append(b, `,"to_id":`...)
		b = appendJSONString(b, l.regions[r.To])
		b = append(b, `,"type":"relation","direction":`...)
		if r.Symmetric {
			b = append(b, `"bi"`...)
		} else {
			b = append(b, `"right"`...)
		}
		b = append(b, `,"labels":[`...)
		b = appendJSONString(b, r.Label)
		b = append(b, ']')
		if r.Note != "" {
			b = append(b, `,"meta":{"text":[`...)
			b = appendJSONString(b, r.Note)
			b = append(b, "]}"...)
		}
		b = append(b, '}')
	}
	b = append(b, `],"was_cancelled":`...)
	b = strconv.AppendBool(b, a.Status == model.StatusSkipped)
	b = append(b, `,"ground_truth":false`...)
	// The annotation's meta carries who made it and their note on the
	// document: Label Studio keeps free-form data there.
	if a.Annotator != "" || a.Note != "" {
		b = append(b, `,"meta":{`...)
		if a.Annotator != "" {
			b = append(b, `"annotator":`...)
			b = appendJSONString(b, a.Annotator)
		}
		if a.Note != "" {
			if a.Annotator != "" {
				b = append(b, ',')
			}
			b = append(b, `"note":`...)
			b = appendJSONString(b, a.Note)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendPerRegion appends, each after a comma, the per-region results of
// span s, whose region has the id id: per attribute name a "choices"
// result of its chosen values and a "textarea" one of its typed texts.
// Flags are counted as left out.
func (l *labelStudioWriter) appendPerRegion(b []byte, off *model.Offsets, id string, s model.Span) []byte {
	attrs := s.Attributes
	if !slices.IsSortedFunc(attrs, func(a, b model.Attribute) int { return strings.Compare(a.Name, b.Name) }) {
		attrs = slices.Clone(attrs)
		model.SortAttributes(attrs)
	}
	for i := 0; i < len(attrs); {
		name := attrs[i].Name
		j := i
		for j < len(attrs) && attrs[j].Name == name {
			j++
		}
		for _, text := range []bool{false, true} {
			n := 0
			for _, a := range attrs[i:j] {
				if a.Text != text {
					continue
				}
				if !a.Text && a.Value == "" {
					l.leftOut.add(a.Name, 1)
					continue
				}
				if n == 0 {
					b = append(b, `,{"id":`...)
					b = appendJSONString(b, id)
					b = append(b, `,"from_name":`...)
					b = appendJSONString(b, name)
					if text {
						b = append(b, `,"to_name":"text","type":"textarea","value":{"start":`...)
					} else {
						b = append(b, `,"to_name":"text","type":"choices","value":{"start":`...)
					}
					b = strconv.AppendInt(b, int64(off.UTF16(s.Start)), 10)
					b = append(b, `,"end":`...)
					b = strconv.AppendInt(b, int64(off.UTF16(s.End)), 10)
					if text {
						b = append(b, `,"text":[`...)
					} else {
						b = append(b, `,"text":`...)
						b = appendJSONString(b, off.Slice(s.Start, s.End))
						b = append(b, `,"choices":[`...)
					}
				} else {
					b = append(b, ',')
				}
				n++
				b = appendJSONString(b, a.Value)
			}
			if n > 0 {
				b = append(b, "]}}"...)
			}
		}
		i = j
	}
	return b
}

// AttributesLeftOut counts the flags left out, by name: Label Studio has
// no control whose value is its presence.
func (l *labelStudioWriter) AttributesLeftOut() map[string]int { return l.leftOut.counts() }

// resultID gives a region an id like Label Studio's own (ten URL-safe
// characters) that depends only on the span, so exporting again gives the
// same ids and one edited span does not renumber the others.
func (l *labelStudioWriter) resultID(s model.Span) string {
	h := fnv.New64a()
	var n [16]byte
	binary.LittleEndian.PutUint64(n[:8], uint64(s.Start))
	binary.LittleEndian.PutUint64(n[8:], uint64(s.End))
	h.Write(n[:])
	h.Write([]byte(s.Label))
	for salt := byte(0); ; salt++ {
		var sum [8]byte
		binary.LittleEndian.PutUint64(sum[:], h.Sum64())
		id := base64.RawURLEncoding.EncodeToString(sum[:])[:10]
		if !l.ids[id] {
			l.ids[id] = true
			return id
		}
		h.Write([]byte{salt}) // a collision within one annotation: vanishingly rare
	}
}

func (l *labelStudioWriter) Close() error {
	if l.closed {
		return l.err
	}
	l.closed = true
	if l.err != nil {
		return l.err
	}
	b := l.closeTask(l.buf[:0])
	if l.tasks == 0 {
		b = append(b, "[]\n"...)
	} else {
		b = append(b, "\n]\n"...)
	}
	if _, err := l.w.Write(b); err != nil {
		l.err = err
		return err
	}
	l.err = l.w.Flush()
	return l.err
}
