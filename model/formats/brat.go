package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
)

// bratReader reads one brat standoff document: the .ann file it is given and
// the text beside it, NAME.txt, as one record. Offsets are code points, as
// brat (Python) counts them, from the first byte of the .txt: a byte order
// mark is kept as the character it is, because brat counts it.
//
// Of the .ann lines, T lines become spans and "#N AnnotatorNotes Tx" lines
// their notes; R lines ("R1\tLocated Arg1:T1 Arg2:T2") become relations
// from the first argument to the second, with "#N AnnotatorNotes R1" lines
// as their notes, and "*\tAlias T3 T4 T5" equivalences become symmetric
// relations between consecutive members (T3–T4, T4–T5), which the writer
// joins into the same "*" line again. A relation or equivalence with an
// argument that is not a kept span (an event, a discontinuous span) is
// counted as not kept. Attributes ("A1\tNegation T1", a flag, and
// "A2\tConfidence T1 High"; M lines are brat's older name for them) on a
// kept span become its Attributes, their names and values decoded as
// labels are (see appendBratLabel); on anything else (an event, a
// relation, a discontinuous span) they are counted as not kept, under
// "attributes on events" and the like. Notes on attributes are counted,
// "notes on attributes": an attribute of Inkspan's has no note. Events
// (E), normalizations (N), notes on those and notes of other types have no
// place in Inkspan: they are counted in Record.NotKept, by kind, for the
// import to report. An event's trigger is a T line and imports as a span. A discontinuous span
// ("0 5;10 17") is counted too, as "discontinuous spans", rather than
// joined into one span or split into several that nobody annotated.
//
// A .ann file, even an empty one, says someone annotated the text: the
// record is Annotated. A .txt without a .ann beside it, found in a folder
// (brat lists it as a document nobody has annotated yet), is read as a
// record that is not.
type bratReader struct {
	f      fs.File
	lines  *lineReader
	in     input  // the file, whose folder holds its NAME.txt
	source string // in.source
	extID  string // the path as found in a folder, relative to it, or the base name
	given  bool   // named by the user rather than found in a folder
	done   bool
	// invalid holds the T lines that do not fit the text, by id (-> their
	// line); bad the errors for them and for what hangs on them (notes,
	// attributes, relations), each model.InputError.Part; pending the
	// record, returned after those errors without what they name. An
	// import that stops at errors stops at the first, naming it; one that
	// skips them (--skip-invalid) skips each bad span alone.
	invalid map[string]int
	bad     []error
	pending *Record
}

// part records a problem with one part of the document, left out of it.
func (r *bratReader) part(line int, format string, args ...any) {
	e := lineErrorf(r.source, line, format, args...)
	e.Part = true
	r.bad = append(r.bad, e)
}

func newBratReader(f fs.File, in input, extID string) fileReader {
	return &bratReader{f: f, lines: newLineReader(f), in: in, source: in.source, extID: extID, given: in.given}
}

func (r *bratReader) close() error { return r.f.Close() }

func (r *bratReader) next() (*Record, error) {
	if len(r.bad) > 0 {
		err := r.bad[0]
		r.bad = r.bad[1:]
		return nil, err
	}
	if r.pending != nil {
		rec := r.pending
		r.pending = nil
		return rec, nil
	}
	if r.done {
		return nil, io.EOF
	}
	r.done = true
	ext := filepath.Ext(r.source)
	// ExternalID is the path without its extension ("train/doc1"): the
	// writer puts the document back at that place, as NAME.txt and NAME.ann.
	id := strings.TrimSuffix(r.extID, filepath.Ext(r.extID))
	if strings.EqualFold(ext, ".txt") {
		if r.given {
			return nil, fatalf(r.source, "is the text of a brat document: give its .ann file (the text is read from beside it) or the folder")
		}
		text, err := readBratText(r.in.fsys, r.in.name, r.source, "")
		if err != nil {
			return nil, err
		}
		if isBlank(text) {
			return nil, blankBratText(r.source, text)
		}
		return &Record{Source: r.source, ExternalID: id, Text: text, Format: FormatBrat}, nil
	}
	// Any other extension is an annotation file: the BioNLP tasks use .a1
	// and .a2 beside the .txt.
	txtPath := strings.TrimSuffix(r.source, ext) + ".txt"
	txtName := strings.TrimSuffix(r.in.name, path.Ext(r.in.name)) + ".txt"
	text, err := readBratText(r.in.fsys, txtName, txtPath, r.source)
	if err != nil {
		return nil, err
	}
	rec := &Record{
		Source:     r.source,
		ExternalID: id,
		Text:       text,
		Format:     FormatBrat,
		Annotated:  true,
	}
	if err := r.parse(rec); err != nil {
		r.bad = nil // the document is refused whole, its bad parts with it
		return nil, err
	}
	if isBlank(text) {
		annotated := len(rec.Spans) > 0 || len(rec.Relations) > 0 || len(r.bad) > 0
		r.bad = nil
		if annotated {
			// Skipping it would lose them: refuse, as any other format does.
			_, problem := checkText(text)
			return nil, &model.InputError{File: txtPath, Msg: problem + ", but " + filepath.Base(r.source) + " annotates it"}
		}
		return nil, blankBratText(txtPath, text)
	}
	if len(r.bad) > 0 {
		if len(rec.Spans) == 0 {
			// Every span was left out as bad: what remains is not an
			// annotation that found nothing (a negative example) but the
			// document, to annotate again.
			rec.Annotated = false
		}
		r.pending = rec
		return r.next()
	}
	return rec, nil
}

// blankBratText is the warning for a document whose text file is empty or
// white space only, with nothing annotated on it: it holds nothing to label
// and nothing labeled, so the import leaves it out with a word and reads
// the rest of the collection instead of refusing it.
func blankBratText(path, text string) error {
	msg := "text is only white space; document skipped"
	if text == "" {
		msg = "text is empty; document skipped"
	}
	return &model.InputError{File: path, Msg: msg, Warning: true}
}

// readBratText reads the text of the document whose annotations are in ann
// ("" for a text found alone): the file name in fsys, which messages call
// path.
func readBratText(fsys fs.FS, name, path, ann string) (string, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) && ann != "" {
		return "", fatalf(ann, "no text file %s beside it: brat keeps a document's text in NAME.txt next to NAME.ann", path)
	}
	if err != nil {
		return "", fatalf(path, "cannot read: %s", osReason(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > 4*model.MaxDocumentRunes {
		return "", &model.InputError{File: path, Msg: fmt.Sprintf("file is too large for one document (%d bytes; the limit is %d characters)", info.Size(), model.MaxDocumentRunes)}
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return "", fatalf(path, "cannot read: %s", osReason(err))
	}
	if !utf8.Valid(data) {
		return "", &model.InputError{File: path, Msg: "file is " + badUTF8(data)}
	}
	text := string(data)
	// A blank text is the caller's to judge (blankBratText): a warning
	// when nothing annotates it.
	if _, problem := checkText(text); problem != "" && !isBlank(text) {
		return "", &model.InputError{File: path, Msg: problem}
	}
	return text, nil
}

// bratSpan is a T line on its way to a span.
type bratSpan struct {
	span  model.Span
	line  int
	notes int
}

// bratRelation is an R line, or one pair of a "*" line, resolved once
// every T line is known.
type bratRelation struct {
	id        string // R1; "" for a pair of an equivalence
	label     string
	from, to  string // T ids
	symmetric bool
	line      int
	note      string
	notes     int
	equiv     int  // for a pair of an equivalence: its line's index among the equivalences
	dropped   bool // an argument is a T line left out as invalid (bratReader.invalid)
}

// bratAttr is an A or M line, attached once every T line is known.
type bratAttr struct {
	id, target string
	attr       model.Attribute
	line       int
}

// bratNote is an AnnotatorNotes line, attached once every T line is known.
type bratNote struct {
	target string
	text   string
	line   int
}

// bratNotKept names, by the letter its id starts with, the kind of an
// annotation Inkspan does not store, as Record.NotKept counts it.
var bratNotKept = map[byte]string{
	'R': "relations",
	'E': "events",
	'A': "attributes", // notes on them; attributes on spans are kept
	'M': "attributes", // brat's older name for attributes ("modifications")
	'N': "normalizations",
	'*': "equivalences",
}

// parse reads the .ann lines against the text into rec. The first bad line
// is reported, with its number, and the document is not imported.
func (r *bratReader) parse(rec *Record) error {
	off := model.NewOffsets(rec.Text)
	byID := map[string]*bratSpan{}
	discontinuous := map[string]int{} // id -> line of the T lines not kept
	var order []*bratSpan
	var notes []bratNote
	var rels []*bratRelation
	relByID := map[string]*bratRelation{}
	var attrs []bratAttr
	attrLine := map[string]int{} // A and M ids -> their line
	equivs := 0
	notKept := func(kind string) {
		if rec.NotKept == nil {
			rec.NotKept = map[string]int{}
		}
		rec.NotKept[kind]++
	}
	for {
		raw, n, err := r.lines.read(r.source)
		if err == io.EOF {
			if err := r.attach(attrs, byID, discontinuous, notKept); err != nil {
				return err
			}
			return r.finish(rec, byID, discontinuous, order, notes, rels, relByID, notKept)
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		if !utf8.Valid(raw) {
			return lineErrorf(r.source, n, "line is %s", badUTF8(raw))
		}
		line := string(raw)
		switch line[0] {
		case 'T':
			id, s, problem := parseBratT(line, off)
			if prev := byID[id]; prev != nil {
				return lineErrorf(r.source, n, "%s is defined twice (first on line %d)", id, prev.line)
			}
			if first, ok := discontinuous[id]; ok {
				return lineErrorf(r.source, n, "%s is defined twice (first on line %d)", id, first)
			}
			if first, ok := r.invalid[id]; ok {
				return lineErrorf(r.source, n, "%s is defined twice (first on line %d)", id, first)
			}
			if problem == bratDiscontinuous {
				discontinuous[id] = n
				notKept("discontinuous spans")
				continue
			}
			if problem != "" {
				if id == "" {
					// The line itself cannot be read: no span to leave out.
					return lineErrorf(r.source, n, "%s", problem)
				}
				if r.invalid == nil {
					r.invalid = map[string]int{}
				}
				r.invalid[id] = n
				r.part(n, "%s", problem)
				continue
			}
			bs := &bratSpan{span: s, line: n}
			byID[id] = bs
			order = append(order, bs)
		case '#':
			fields := strings.SplitN(line, "\t", 3)
			if len(fields) < 2 {
				return lineErrorf(r.source, n, "a note line needs tab-separated fields: #N, \"AnnotatorNotes T1\" and the note")
			}
			kind, target, _ := strings.Cut(fields[1], " ")
			target = strings.TrimSpace(target)
			switch {
			case kind != "AnnotatorNotes":
				// Other comment types (the Turku treebank keeps lemmas so)
				// are not a note the annotator wrote for a reader.
				notKept("notes of type " + kind)
			case strings.HasPrefix(target, "T") || strings.HasPrefix(target, "R"):
				note := ""
				if len(fields) == 3 {
					note = fields[2]
				}
				notes = append(notes, bratNote{target: target, text: note, line: n})
			case target != "" && bratNotKept[target[0]] != "":
				notKept("notes on " + bratNotKept[target[0]])
			default:
				notKept("notes on other annotations")
			}
		case 'R':
			rel, problem := parseBratR(line)
			if problem != "" {
				return lineErrorf(r.source, n, "%s", problem)
			}
			if prev := relByID[rel.id]; prev != nil {
				return lineErrorf(r.source, n, "%s is defined twice (first on line %d)", rel.id, prev.line)
			}
			rel.line = n
			relByID[rel.id] = rel
			rels = append(rels, rel)
		case '*':
			pairs, problem := parseBratEquiv(line, equivs)
			if problem != "" {
				return lineErrorf(r.source, n, "%s", problem)
			}
			equivs++
			for _, p := range pairs {
				p.line = n
				rels = append(rels, p)
			}
		case 'A', 'M':
			a, problem := parseBratA(line)
			if problem != "" {
				return lineErrorf(r.source, n, "%s", problem)
			}
			if first, ok := attrLine[a.id]; ok {
				return lineErrorf(r.source, n, "%s is defined twice (first on line %d)", a.id, first)
			}
			attrLine[a.id] = n
			a.line = n
			attrs = append(attrs, a)
		case 'E', 'N':
			notKept(bratNotKept[line[0]])
		default:
			return lineErrorf(r.source, n, "not a brat annotation line: brat lines start with an id such as T1, R1, E1, A1, N1, #1 or *")
		}
	}
}

// parseBratA reads "A1\tNAME TARGET" (a flag: brat's binary attribute)
// or "A1\tNAME TARGET VALUE", as brat reads them: the value is the rest of
// the field. A trailing tab, as brat writes it, is fine.
func parseBratA(line string) (bratAttr, string) {
	fields := strings.Split(strings.TrimRight(line, "\t\r"), "\t")
	if len(fields) < 2 {
		return bratAttr{}, "an attribute line needs tab-separated fields: A1 and \"NAME T1\" or \"NAME T1 VALUE\""
	}
	parts := strings.SplitN(strings.TrimSpace(fields[1]), " ", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return bratAttr{}, fmt.Sprintf("%s: %q should be \"NAME T1\" or \"NAME T1 VALUE\"", fields[0], fields[1])
	}
	a := bratAttr{id: fields[0], target: parts[1], attr: model.Attribute{Name: bratDecodeAttr(parts[0])}}
	if len(parts) == 3 {
		if a.attr.Value = bratDecodeAttr(strings.TrimSpace(parts[2])); a.attr.Value == "" {
			return bratAttr{}, fmt.Sprintf("%s: %q should be \"NAME T1\" or \"NAME T1 VALUE\"", fields[0], fields[1])
		}
	}
	if err := (model.Attributes{a.attr}).Validate(); err != nil {
		return bratAttr{}, fmt.Sprintf("%s: %s", fields[0], model.ErrorMessage(err))
	}
	return a, ""
}

// attach gives each attribute to the span its target names. One on
// anything else is counted as not kept; one naming a T id the file does
// not define is an error, as a relation's is. The same name and value
// twice on one span is kept once (it says nothing more); a name given as
// a flag and with a value is an error naming the second line.
func (r *bratReader) attach(attrs []bratAttr, byID map[string]*bratSpan, discontinuous map[string]int, notKept func(string)) error {
	for _, a := range attrs {
		bs := byID[a.target]
		if bs == nil {
			_, disc := discontinuous[a.target]
			bad, invalid := r.invalid[a.target]
			switch {
			case invalid:
				r.part(a.line, "%s is on %s, left out with it (line %d)", a.id, a.target, bad)
			case disc:
				notKept("attributes on discontinuous spans")
			case a.target[0] == 'T':
				return lineErrorf(r.source, a.line, "%s names %s, which this file does not define", a.id, a.target)
			case bratNotKept[a.target[0]] != "":
				notKept("attributes on " + bratNotKept[a.target[0]])
			default:
				notKept("attributes on other annotations")
			}
			continue
		}
		if slices.ContainsFunc(bs.span.Attributes, func(o model.Attribute) bool { return o.Name == a.attr.Name && o.Value == a.attr.Value }) {
			continue
		}
		with := append(slices.Clone(bs.span.Attributes), a.attr)
		if err := with.Validate(); err != nil {
			return lineErrorf(r.source, a.line, "%s: %s", a.id, model.ErrorMessage(err))
		}
		model.SortAttributes(with)
		bs.span.Attributes = with
	}
	return nil
}

// parseBratR reads "R1\tLABEL Arg1:T1 Arg2:T2" (a trailing tab, as brat
// writes it, is fine). The arguments' roles may have any names; the first
// is where the relation starts.
func parseBratR(line string) (*bratRelation, string) {
	fields := strings.Split(strings.TrimRight(line, "\t\r"), "\t")
	if len(fields) < 2 {
		return nil, "an R line needs tab-separated fields: R1 and \"LABEL Arg1:T1 Arg2:T2\""
	}
	parts := strings.Fields(fields[1])
	if len(parts) != 3 {
		return nil, fmt.Sprintf("%s: %q should be \"LABEL Arg1:T1 Arg2:T2\"", fields[0], fields[1])
	}
	var ids [2]string
	for i, arg := range parts[1:] {
		_, id, ok := strings.Cut(arg, ":")
		if !ok || id == "" {
			return nil, fmt.Sprintf("%s: argument %q should be ROLE:ID, as Arg1:T1", fields[0], arg)
		}
		ids[i] = id
	}
	return &bratRelation{id: fields[0], label: bratDecodeLabel(parts[0]), from: ids[0], to: ids[1]}, ""
}

// parseBratEquiv reads "*\tLABEL T1 T2 T3" as the symmetric pairs T1–T2,
// T2–T3: consecutive members, so that a writer that joins connected pairs
// into one line writes the same line back.
func parseBratEquiv(line string, index int) ([]*bratRelation, string) {
	fields := strings.Split(strings.TrimRight(line, "\t\r"), "\t")
	if len(fields) < 2 || fields[0] != "*" {
		return nil, "an equivalence line is \"*\", a tab and \"LABEL T1 T2...\""
	}
	parts := strings.Fields(fields[1])
	if len(parts) < 3 {
		return nil, fmt.Sprintf("equivalence %q needs a label and at least two ids", fields[1])
	}
	label := bratDecodeLabel(parts[0])
	var pairs []*bratRelation
	for i := 2; i < len(parts); i++ {
		pairs = append(pairs, &bratRelation{label: label, from: parts[i-1], to: parts[i], symmetric: true, equiv: index})
	}
	return pairs, ""
}

// bratDiscontinuous is parseBratT's answer for a span in several pieces.
const bratDiscontinuous = "discontinuous"

// parseBratT reads "T1\tLABEL START END\tTEXT" and checks it against the text.
func parseBratT(line string, off *model.Offsets) (id string, s model.Span, problem string) {
	fields := strings.SplitN(line, "\t", 3)
	if len(fields) < 3 {
		return "", s, fmt.Sprintf("a T line needs three tab-separated fields (T1, \"LABEL START END\" and the text), found %d", len(fields))
	}
	id = fields[0]
	if strings.Contains(fields[1], ";") {
		return id, s, bratDiscontinuous
	}
	parts := strings.Fields(fields[1])
	if len(parts) != 3 {
		return "", s, fmt.Sprintf("%s: %q should be \"LABEL START END\"", id, fields[1])
	}
	start, err1 := strconv.Atoi(parts[1])
	end, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil {
		return "", s, fmt.Sprintf("%s: offsets must be whole numbers, not %q and %q", id, parts[1], parts[2])
	}
	s = model.Span{Start: start, End: end, Label: bratDecodeLabel(parts[0])}
	// From here the line is read and its span is what is wrong: the id
	// comes back with the problem, so that the span alone can be left out.
	if err := s.Validate(off.Len(), nil); err != nil {
		return id, s, fmt.Sprintf("%s: %s", id, err)
	}
	got := off.Slice(start, end)
	// brat writes line breaks and tabs inside a span as spaces.
	if want := fields[2]; bratOneLine(want) != bratOneLine(got) {
		return id, s, fmt.Sprintf("%s: the text %s does not match %s, the text at [%d, %d) of the .txt%s",
			id, quoteCut(want), quoteCut(got), start, end, bratOffsetHint(off, start, end, want))
	}
	return id, s, ""
}

// bratOffsetHint guesses why a span's text does not match: offsets counted
// in bytes or UTF-16 units by the tool that wrote the file, rather than in
// characters.
func bratOffsetHint(off *model.Offsets, start, end int, want string) string {
	text := off.Slice(0, off.Len())
	if start <= end && end <= len(text) && bratOneLine(text[start:end]) == bratOneLine(want) {
		return "; the offsets count bytes, but brat counts characters"
	}
	if s, ok := off.FromUTF16(start); ok {
		if e, ok := off.FromUTF16(end); ok && s < e && bratOneLine(off.Slice(s, e)) == bratOneLine(want) {
			return "; the offsets count UTF-16 units, but brat counts characters"
		}
	}
	if strings.HasPrefix(text, "\ufeff") && end < off.Len() && bratOneLine(off.Slice(start+1, end+1)) == bratOneLine(want) {
		// An editor saved the .txt with a byte order mark after the
		// offsets were counted, or the tool that counted them skipped it.
		return "; the .txt starts with a byte order mark (U+FEFF), which brat counts as a character, and the offsets do not: remove it from the .txt"
	}
	return "; was the .txt edited after annotating?"
}

// finish attaches the notes to their spans and puts the spans, with their
// lines, in text order.
func (r *bratReader) finish(rec *Record, byID map[string]*bratSpan, discontinuous map[string]int, order []*bratSpan, notes []bratNote,
	rels []*bratRelation, relByID map[string]*bratRelation, notKept func(string)) error {
	for _, nt := range notes {
		if strings.HasPrefix(nt.target, "R") {
			rel := relByID[nt.target]
			if rel == nil {
				return lineErrorf(r.source, nt.line, "note on %s, which this file does not define", nt.target)
			}
			if rel.notes > 0 {
				rel.note += "\n"
			}
			rel.note += nt.text
			rel.notes++
			continue
		}
		bs := byID[nt.target]
		if bs == nil {
			if _, ok := discontinuous[nt.target]; ok {
				notKept("notes on discontinuous spans")
				continue
			}
			if bad, ok := r.invalid[nt.target]; ok {
				r.part(nt.line, "the note on %s is left out with it (line %d)", nt.target, bad)
				continue
			}
			return lineErrorf(r.source, nt.line, "note on %s, which this file does not define", nt.target)
		}
		if bs.notes > 0 {
			// Several notes on one span: the writer splits a note's lines so.
			bs.span.Note += "\n"
		}
		bs.span.Note += nt.text
		bs.notes++
	}
	slices.SortStableFunc(order, func(a, b *bratSpan) int { return model.CompareSpans(a.span, b.span) })
	index := make(map[*bratSpan]int, len(order))
	if len(order) > 0 {
		rec.Spans = make([]model.Span, len(order))
		rec.SpanLines = make([]int, len(order))
	}
	for i, bs := range order {
		rec.Spans[i] = bs.span
		rec.SpanLines[i] = bs.line
		index[bs] = i
	}
	// An equivalence is kept whole or not at all: half of "T1 T2 E1"
	// would be a different equivalence.
	lost := map[int]bool{}
	dropped := map[int]bool{} // equivalences left out with an invalid span (said, not counted)
	for _, rel := range rels {
		for _, id := range []string{rel.from, rel.to} {
			if byID[id] != nil {
				continue
			}
			if bad, ok := r.invalid[id]; ok {
				if rel.id == "" {
					if !dropped[rel.equiv] {
						r.part(rel.line, "the equivalence names %s, and is left out with it (line %d)", id, bad)
					}
					dropped[rel.equiv] = true
				} else {
					r.part(rel.line, "%s names %s, and is left out with it (line %d)", rel.id, id, bad)
					rel.dropped = true
				}
				break
			}
			_, disc := discontinuous[id]
			if !disc && (id == "" || id[0] == 'T') {
				what := rel.id
				if what == "" {
					what = "the equivalence"
				}
				return lineErrorf(r.source, rel.line, "%s names %s, which this file does not define", what, id)
			}
			if rel.id == "" {
				lost[rel.equiv] = true
			} else {
				rel.from = "" // not kept: its argument is an event or a discontinuous span
			}
		}
	}
	counted := map[int]bool{}
	for _, rel := range rels {
		switch {
		case rel.dropped || rel.id == "" && dropped[rel.equiv]:
			continue
		case rel.id == "" && lost[rel.equiv]:
			if !counted[rel.equiv] {
				counted[rel.equiv] = true
				notKept("equivalences")
			}
			continue
		case rel.from == "":
			notKept("relations")
			if rel.notes > 0 {
				notKept("notes on relations")
			}
			continue
		}
		from, to := index[byID[rel.from]], index[byID[rel.to]]
		if from == to {
			return lineErrorf(r.source, rel.line, "%s relates %s to itself", cmpOr(rel.id, "the equivalence"), rel.from)
		}
		rec.Relations = append(rec.Relations, Relation{From: from, To: to, Label: rel.label, Note: rel.note, Symmetric: rel.symmetric, Line: rel.line})
	}
	return nil
}

// cmpOr is the first of a and b that is not empty.
func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// walkBratDir lists the documents of a brat collection under dir, for
// --format brat (or auto) given a folder: each NAME.ann, which brings its
// NAME.txt, and each NAME.txt that has no .ann beside it, a document brat
// lists though nobody annotated it yet. Their ExternalIDs are their paths
// relative to dir, so that nested folders come back as they were. A folder
// without a single .ann is not a brat collection.
func walkBratDir(dir input) ([]input, error) {
	files, err := walkDir(dir, FormatBrat, "no .ann files in this folder (brat keeps each document as NAME.txt and NAME.ann)", func(name string) bool {
		switch ext := strings.ToLower(path.Ext(name)); ext {
		case ".ann":
			return true
		case ".txt":
			return !bratHasAnn(dir.fsys, name)
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	for _, in := range files {
		if in.err == nil && strings.EqualFold(filepath.Ext(in.source), ".ann") {
			return files, nil
		}
	}
	return nil, fatalf(dir.source, "no .ann files in this folder (brat keeps each document as NAME.txt and NAME.ann)")
}

// bratHasAnn reports whether the text file txt in fsys has a NAME.ann
// beside it.
func bratHasAnn(fsys fs.FS, txt string) bool {
	info, err := fs.Stat(fsys, strings.TrimSuffix(txt, path.Ext(txt))+".ann")
	return err == nil && info.Mode().IsRegular()
}

// isBratDir reports whether auto should read the folder dir of fsys as a
// brat collection: it holds, somewhere below, a NAME.ann with its NAME.txt
// beside it. A folder of texts alone stays a txt import. Hidden folders are
// not looked into, as walkDir does not read them.
func isBratDir(fsys fs.FS, dir string) bool {
	found := false
	walkFS(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are reported when the import reads them
		}
		if name != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(name), ".ann") {
			return nil
		}
		if info, err := fs.Stat(fsys, strings.TrimSuffix(name, path.Ext(name))+".txt"); err == nil && info.Mode().IsRegular() {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// A T line's middle field is "LABEL START END", split at white space, with
// fragments of a discontinuous span separated by ';' ("LABEL 0 5;10 17"), and
// annotation.conf lists types one a line, where '|' separates alternative
// names, "<...>" is a macro, a line starting with '#' is a comment, one
// starting with '!' a type that cannot be used and one of hyphens only a
// separator. brat has no escape of its own for type names, so the name of a
// label that holds any of those (a space in "MRI Image Type") is written with
// the URL's percent escape for just those characters, '%' itself as %25 so
// that a name holding "%20" comes back whole: "MRI%20Image%20Type". Every
// other name is written as it is. Reading decodes those escapes only (in
// either case): any other '%', in a file from another tool, is read as it
// stands.

// bratEscaped reports whether c, a byte of a name, is written escaped
// wherever it stands; white space beyond ASCII is looked for separately.
func bratEscaped(c byte) bool {
	switch c {
	case '%', ';', '|', '<', '>', ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// appendBratLabel appends name encoded for a T line and annotation.conf.
func appendBratLabel(b []byte, name string) []byte {
	for i, r := range name {
		first := i == 0 && (r == '#' || r == '!' || r == '-' && strings.Trim(name, "-") == "")
		if first || r < utf8.RuneSelf && bratEscaped(byte(r)) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			for _, c := range []byte(string(r)) {
				b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
			}
			continue
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// An attribute's name and value are written as a label is, with ','
// escaped too (%2C): annotation.conf lists an attribute's values
// comma-separated after "Value:" (brat splits its arguments at commas).
// A value with white space is written escaped the same way (brat splits
// the A line's field at spaces, and annotation.conf's arguments at white
// space).

// appendBratAttr appends an attribute name or value encoded for an A line
// and annotation.conf.
func appendBratAttr(b []byte, s string) []byte {
	for part := range strings.SplitAfterSeq(s, ",") {
		comma := strings.HasSuffix(part, ",")
		b = appendBratLabel(b, strings.TrimSuffix(part, ","))
		if comma {
			b = append(b, "%2C"...)
		}
	}
	return b
}

// bratDecodeAttr reverses appendBratAttr.
func bratDecodeAttr(field string) string { return bratDecode(field, true) }

// bratDecodeLabel reverses appendBratLabel.
func bratDecodeLabel(field string) string { return bratDecode(field, false) }

// bratDecode decodes the escapes of a label, and with comma of an
// attribute's name or value.
func bratDecode(field string, comma bool) string {
	if !strings.Contains(field, "%") {
		return field
	}
	var b strings.Builder
	for i := 0; i < len(field); {
		if field[i] == '%' {
			if comma && len(field) >= i+3 && strings.EqualFold(field[i:i+3], "%2C") {
				b.WriteByte(',')
				i += 3
				continue
			}
			if r, n := bratUnescape(field[i:]); n > 0 {
				b.WriteRune(r)
				i += n
				continue
			}
		}
		b.WriteByte(field[i])
		i++
	}
	return b.String()
}

// bratUnescape decodes the escaped character s starts with, and how many
// bytes of s it took; 0 when s does not start with an escape the writer
// makes.
func bratUnescape(s string) (rune, int) {
	return percentUnescape(s, func(r rune) bool {
		return r < utf8.RuneSelf && (bratEscaped(byte(r)) || r == '#' || r == '!' || r == '-') ||
			r >= utf8.RuneSelf && unicode.IsSpace(r)
	})
}

// percentUnescape decodes the escaped character s starts with, and how many
// bytes of s it took, when escaped says a writer escapes that character; 0
// otherwise. A character beyond ASCII is several escaped bytes.
func percentUnescape(s string, escaped func(rune) bool) (rune, int) {
	var raw []byte
	for len(raw) < utf8.UTFMax && len(s) >= 3*(len(raw)+1) && s[3*len(raw)] == '%' {
		hex := s[3*len(raw)+1 : 3*len(raw)+3]
		v, err := strconv.ParseUint(hex, 16, 8)
		if err != nil {
			break
		}
		raw = append(raw, byte(v))
		if utf8.FullRune(raw) {
			break
		}
	}
	if len(raw) == 0 {
		return 0, 0
	}
	r, size := utf8.DecodeRune(raw)
	if r == utf8.RuneError || size != len(raw) {
		return 0, 0
	}
	if !escaped(r) {
		return 0, 0
	}
	return r, 3 * size
}
