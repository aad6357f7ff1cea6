package formats

import (
	"bufio"
	"io"
	"strconv"

	"github.com/inkspan/inkspan/model"
)

// doccanoWriter writes doccano's sequence-labeling JSONL, one line per
// annotation:
//
//	{"id":1,"text":"…","label":[[0,5,"ACTOR"]],"source":"wire","Comments":["29-31: soldiers killed"],"_annotator_id":"alice"}
//
// Field by field:
//   - id is the document's ExternalID (as a number when it is a plain
//     integer, as doccano's ids are), else its UUID;
//   - label holds [start, end, "LABEL"] in code points, in text order, and
//     is [] for a document annotated with no span (a negative example),
//     which the reader takes back as annotated;
//   - Meta is spread over the top level, as doccano exports it; keys that
//     would clash with a field of the record go into a "meta" object, which
//     the JSONL reader merges back;
//   - Comments is doccano's list of comment texts: one "start-end: note"
//     entry per span note, [] when there are none;
//   - the annotator is _annotator_id. doccano's export has no field for it
//     (it writes a file per user), and _annotator_id is the one this
//     package's JSONL reader (like Prodigy) reads as the annotator, so an
//     export imports back under the same annotators.
//
// An annotation with relations between its spans is written in the shape
// of doccano's relation-extraction export instead of label:
//
//	"entities":[{"id":1,"label":"ACTOR","start_offset":0,"end_offset":5},…],
//	"relations":[{"id":1,"from_id":1,"to_id":3,"type":"ACTS_IN"}]
//
// Entity and relation ids count up through the file, as doccano's ids are
// unique in a project, so every from_id and to_id names an entity of its
// own line and of no other. doccano's relations have no note: a relation's
// note is not written.
//
// Reading the file back with the JSONL/doccano reader gives the same text,
// id, spans and annotator, and the same Meta with a "Comments" key added
// (doccano's comments have no other place); the notes do not become spans'
// notes again.
type doccanoWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
	// lastEntity and lastRelation are the ids given so far.
	lastEntity, lastRelation int
	leftOut                  leftOutAttrs
}

func newDoccanoWriter(w io.Writer, opts WriterOptions) Writer {
	return &doccanoWriter{w: bufio.NewWriterSize(w, 256<<10)}
}

// doccanoReserved lists the top-level keys that the JSONL reader gives a
// meaning (or drops), so Meta must not spread over them.
var doccanoReserved = map[string]bool{
	"id": true, "text": true, "meta": true,
	"label": true, "labels": true, "spans": true, "entities": true,
	"Comments": true, "answer": true, "_annotator_id": true, "_session_id": true, NoteKey: true,
	"tokens": true, "_input_hash": true, "_task_hash": true, "_view_id": true, "_timestamp": true,
	"relations": true, "versions": true,
}

func (d *doccanoWriter) Write(a *Annotation) error {
	if d.err != nil {
		return d.err
	}
	spans, _, err := charExportSpans(a)
	if err != nil {
		return err
	}
	rels, err := exportRelations(a, spans)
	if err != nil {
		return err
	}
	b := append(d.buf[:0], `{"id":`...)
	b = appendJSONID(b, charDocID(&a.Document))
	b = append(b, `,"text":`...)
	b = appendJSONString(b, a.Document.Text)
	if len(rels) > 0 {
		b = d.appendEntities(b, spans, rels)
	} else {
		b = appendDoccanoLabels(b, spans)
	}
	b, err = appendMetaMembers(b, a.Document.Meta, func(k string) bool { return doccanoReserved[k] })
	if err != nil {
		return charDocError(&a.Document, err)
	}
	b = append(b, `,"Comments":[`...)
	n := 0
	for _, s := range spans {
		if s.Note == "" {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		c := strconv.AppendInt(nil, int64(s.Start), 10)
		c = append(c, '-')
		c = strconv.AppendInt(c, int64(s.End), 10)
		c = append(c, ": "...)
		b = appendJSONString(b, string(c)+s.Note)
	}
	b = append(b, ']')
	if a.Annotator != "" {
		b = append(b, `,"_annotator_id":`...)
		b = appendJSONString(b, a.Annotator)
	}
	if a.Note != "" {
		b = append(b, `,"`+NoteKey+`":`...)
		b = appendJSONString(b, a.Note)
	}
	b = append(b, '}', '\n')
	d.leftOut.spans(spans, nil)
	d.buf = b
	if _, err := d.w.Write(b); err != nil {
		d.err = err
	}
	return d.err
}

// AttributesLeftOut counts every attribute of the spans written, by
// name: doccano's spans have none.
func (d *doccanoWriter) AttributesLeftOut() map[string]int { return d.leftOut.counts() }

func (d *doccanoWriter) Close() error {
	if d.err != nil {
		return d.err
	}
	d.err = d.w.Flush()
	return d.err
}

// appendDoccanoLabels appends doccano's sequence-labeling list:
// "label":[[start,end,"LABEL"],…].
func appendDoccanoLabels(b []byte, spans []model.Span) []byte {
	b = append(b, `,"label":[`...)
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, ',')
		b = appendJSONString(b, s.Label)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendEntities appends doccano's relation-extraction lists, entities
// and relations, with ids counting on from the writer's last.
func (d *doccanoWriter) appendEntities(b []byte, spans []model.Span, rels []Relation) []byte {
	first := d.lastEntity + 1
	b = append(b, `,"entities":[`...)
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(first+i), 10)
		b = append(b, `,"label":`...)
		b = appendJSONString(b, s.Label)
		b = append(b, `,"start_offset":`...)
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, `,"end_offset":`...)
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, '}')
	}
	d.lastEntity += len(spans)
	b = append(b, `],"relations":[`...)
	for i, r := range rels {
		if i > 0 {
			b = append(b, ',')
		}
		d.lastRelation++
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(d.lastRelation), 10)
		b = append(b, `,"from_id":`...)
		b = strconv.AppendInt(b, int64(first+r.From), 10)
		b = append(b, `,"to_id":`...)
		b = strconv.AppendInt(b, int64(first+r.To), 10)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, r.Label)
		b = append(b, '}')
	}
	return append(b, ']')
}
