package formats

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/inkspan/inkspan/model"
)

// bratWriter writes brat standoff: per annotation, NAME.txt holding the exact
// text and NAME.ann with a line per span, offsets in code points:
//
//	T1	ACTOR 0 5	Putin
//	#1	AnnotatorNotes T1	the president
//
// NAME is the document's ExternalID made safe for every file system (see
// bratPath), made unique within the export. An ExternalID with slashes
// ("train/doc1", as a brat or txt folder import gives it) is written in the
// same nested folders, so a collection comes back as it was. When a
// document comes a second time (an export of every annotator), its files
// are named NAME.ANNOTATOR instead, the first one's renamed to match, so
// that nobody's annotations overwrite another's and a single-annotator
// export keeps plain names. An annotation with no spans (annotated, nothing
// found) is a .txt with an empty .ann, as brat writes it.
//
// A span's attributes are A lines on its T line: a flag as "A1\tNegated
// T1", a value as "A2\tConfidence T1 High", one line per value of a name
// with several (brat itself keeps one; Inkspan's reader reads them all
// back). Names and values are escaped as labels are, commas too (see
// appendBratAttr). A text attribute (typed freely) is written as a value
// when it is one word; one holding white space, or empty, has no place in
// a brat value and is left out, counted in AttributesLeftOut. annotation.conf
// declares each attribute name written, on any entity.
//
// Close writes annotation.conf, the project's labels as brat's entity
// types, without which brat would not offer them. Label names brat cannot
// hold are written percent-encoded (see appendBratLabel); MappedLabels says
// which, for the export to tell the user.
//
// The files are written straight into its Folder: an export gives it the
// temporary folder of an atomic folder (storage/files), which appears under
// its real name only when the whole collection is complete, so neither brat
// nor a training script ever reads a half-written file or a mix of two
// exports.
type bratWriter struct {
	dir     Folder
	labels  []string            // the project's, in order, then any others the spans use
	known   map[string]bool     // labels, as a set
	docs    map[string]*bratDoc // by Document.ID
	used    map[string]bool     // names taken, lower-cased: macOS and Windows ignore case
	dirs    map[string]bool     // sub-folders made
	overlap bool                // some document has overlapping spans
	// relLabels are the relation labels written, in the order met, and
	// relKnown says of each whether it is written as an equivalence.
	relLabels []string
	relKnown  map[string]bool
	// attrs are the attributes written, by name, for annotation.conf;
	// leftOut counts those left out, by name.
	attrs   map[string]*bratAttrDecl
	leftOut leftOutAttrs
	buf     []byte
	err     error
}

// bratAttrDecl is what annotation.conf declares of an attribute name: a
// flag (no value), its values, or both when spans disagree.
type bratAttrDecl struct {
	flag   bool
	values map[string]bool
}

// bratDoc is a document written once already.
type bratDoc struct {
	base      string // the name made from its id
	name      string // the name its first annotation's files have now
	annotator string // whose that first annotation is
	split     bool   // renamed to base.ANNOTATOR
}

// BratConfName is the brat configuration file an export writes.
const BratConfName = "annotation.conf"

// LabelMapper is implemented by writers that wrote some label names
// otherwise than the project spells them, because the format cannot hold
// them as they are (a brat type cannot hold a space): the export names them.
type LabelMapper interface {
	// MappedLabels lists, in the project's order, each label name
	// written otherwise, with what was written. Valid after Close.
	MappedLabels() []MappedLabel
}

// MappedLabel is a label name and what a writer wrote for it.
type MappedLabel struct {
	Name, Written string
}

// Folder is where the writer of a folder format (brat) puts its files: the
// writer decides what they hold and what they are called, the Folder where
// they go and how they reach the disk (storage/files writes them into an
// export's temporary folder; tests keep them in memory). Names are
// slash-separated and relative to the folder. Errors are the file
// system's, naming the file, which the writer returns as they are.
type Folder interface {
	// MkdirAll makes the folder name ("." for the Folder itself) and any
	// missing parents.
	MkdirAll(name string) error
	// WriteFile creates the file name, or truncates it, and writes data.
	WriteFile(name string, data []byte) error
	// Rename gives the file from the name to.
	Rename(from, to string) error
}

// NewBratWriter returns a Writer of brat standoff files into dir, creating
// it if needed. Files already in dir under the names it writes are
// overwritten; to replace an earlier export as a whole, write into an
// atomic folder (storage/files). opts.Labels become annotation.conf's
// entity types.
func NewBratWriter(dir Folder, opts WriterOptions) (Writer, error) {
	if err := dir.MkdirAll("."); err != nil {
		return nil, fmt.Errorf("create the output folder: %w", err)
	}
	w := &bratWriter{dir: dir, known: map[string]bool{}, docs: map[string]*bratDoc{}, used: map[string]bool{}, dirs: map[string]bool{},
		relKnown: map[string]bool{}, attrs: map[string]*bratAttrDecl{}}
	for _, l := range opts.Labels {
		w.addLabel(l)
	}
	return w, nil
}

// addRelLabel notes a relation label for annotation.conf: equiv when it
// is written as a "*" equivalence.
func (w *bratWriter) addRelLabel(name string, equiv bool) {
	if _, ok := w.relKnown[name]; !ok {
		w.relLabels = append(w.relLabels, name)
	}
	w.relKnown[name] = w.relKnown[name] || equiv
}

func (w *bratWriter) addLabel(name string) {
	if !w.known[name] {
		w.known[name] = true
		w.labels = append(w.labels, name)
	}
}

func (w *bratWriter) Write(a *Annotation) error {
	if w.err != nil {
		return w.err
	}
	spans, _, err := charExportSpans(a)
	if err != nil {
		return err
	}
	rels, err := exportRelations(a, spans)
	if err != nil {
		return err
	}
	for _, r := range rels {
		w.addRelLabel(r.Label, r.Symmetric && r.Note == "")
	}
	for i, s := range spans {
		w.addLabel(s.Label)
		if i > 0 && s.Start < spans[i-1].End {
			w.overlap = true
		}
	}

	key := a.Document.ID
	if key == "" {
		key = "\x00" + charDocID(&a.Document)
	}
	var name string
	if d := w.docs[key]; d == nil {
		base := bratPath(charDocID(&a.Document))
		name = w.unique(base)
		w.docs[key] = &bratDoc{base: base, name: name, annotator: a.Annotator}
	} else {
		if !d.split {
			renamed := w.unique(d.base + "." + bratAnnotatorName(d.annotator))
			if err := w.rename(d.name, renamed); err != nil {
				w.err = err
				return err
			}
			d.name, d.split = renamed, true
		}
		name = w.unique(d.base + "." + bratAnnotatorName(a.Annotator))
	}

	if sub := path.Dir(name); sub != "." && !w.dirs[sub] {
		if err := w.dir.MkdirAll(sub); err != nil {
			w.err = err
			return err
		}
		w.dirs[sub] = true
	}
	if err := w.dir.WriteFile(name+".txt", []byte(a.Document.Text)); err != nil {
		w.err = err
		return err
	}
	w.buf = appendBratAnn(w.buf[:0], a.Document.Text, spans, rels)
	w.buf = w.appendBratAttrs(w.buf, spans)
	if err := w.dir.WriteFile(name+".ann", w.buf); err != nil {
		w.err = err
		return err
	}
	return nil
}

// appendBratAnn appends the .ann lines for spans (in text order) and the
// relations between them: the T lines first, then the relations, then the
// notes, as brat writes them. A relation is an R line from Arg1 to Arg2,
// except that the symmetric relations of a label with no note are written
// as brat writes equivalences: one "*" line per group of spans they
// connect, its members in text order, which the reader reads back as the
// pairs of consecutive members. A note's line breaks start further
// AnnotatorNotes lines on the same span or relation, which the reader
// joins again; a carriage return in a note is lost, as brat would lose it.
func appendBratAnn(b []byte, text string, spans []model.Span, rels []Relation) []byte {
	off := model.NewOffsets(text)
	for i, s := range spans {
		b = append(b, 'T')
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, '\t')
		b = appendBratLabel(b, s.Label) // ';' and '%' escaped: see appendBratLabel
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(s.Start), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(s.End), 10)
		b = append(b, '\t')
		b = append(b, bratOneLine(off.Slice(s.Start, s.End))...)
		b = append(b, '\n')
	}
	b = appendBratEquivs(b, rels)
	r := 0
	for _, rel := range rels {
		if rel.Symmetric && rel.Note == "" {
			continue
		}
		r++
		b = append(b, 'R')
		b = strconv.AppendInt(b, int64(r), 10)
		b = append(b, '\t')
		b = appendBratLabel(b, rel.Label)
		b = append(b, " Arg1:T"...)
		b = strconv.AppendInt(b, int64(rel.From+1), 10)
		b = append(b, " Arg2:T"...)
		b = strconv.AppendInt(b, int64(rel.To+1), 10)
		b = append(b, "\t\n"...)
	}
	n := 0
	for i, s := range spans {
		b = appendBratNote(b, &n, 'T', i+1, s.Note)
	}
	r = 0
	for _, rel := range rels {
		if rel.Symmetric && rel.Note == "" {
			continue
		}
		r++
		b = appendBratNote(b, &n, 'R', r, rel.Note)
	}
	return b
}

// appendBratAttrs appends the A lines of the spans' attributes (spans
// in text order, as the T lines number them), noting each for
// annotation.conf and counting what brat cannot hold.
func (w *bratWriter) appendBratAttrs(b []byte, spans []model.Span) []byte {
	n := 0
	for i, s := range spans {
		for _, a := range s.Attributes {
			if a.Text && (a.Value == "" || strings.IndexFunc(a.Value, unicode.IsSpace) >= 0) {
				w.leftOut.add(a.Name, 1)
				continue
			}
			d := w.attrs[a.Name]
			if d == nil {
				d = &bratAttrDecl{values: map[string]bool{}}
				w.attrs[a.Name] = d
			}
			n++
			b = append(b, 'A')
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, '\t')
			b = appendBratAttr(b, a.Name)
			b = append(b, " T"...)
			b = strconv.AppendInt(b, int64(i+1), 10)
			if a.Value == "" {
				d.flag = true
			} else {
				d.values[a.Value] = true
				b = append(b, ' ')
				b = appendBratAttr(b, a.Value)
			}
			b = append(b, '\n')
		}
	}
	return b
}

// AttributesLeftOut counts the text attributes left out, by name: a
// brat value cannot hold white space.
func (w *bratWriter) AttributesLeftOut() map[string]int { return w.leftOut.counts() }

// appendBratNote appends the AnnotatorNotes lines of a note on the
// annotation kind+id, numbering them on from *n.
func appendBratNote(b []byte, n *int, kind byte, id int, note string) []byte {
	if note == "" {
		return b
	}
	note = strings.ReplaceAll(note, "\r\n", "\n")
	for line := range strings.SplitSeq(strings.ReplaceAll(note, "\r", "\n"), "\n") {
		*n++
		b = append(b, '#')
		b = strconv.AppendInt(b, int64(*n), 10)
		b = append(b, "\tAnnotatorNotes "...)
		b = append(b, kind)
		b = strconv.AppendInt(b, int64(id), 10)
		b = append(b, '\t')
		b = append(b, line...)
		b = append(b, '\n')
	}
	return b
}

// appendBratEquivs appends a "*" line for each group of spans that the
// symmetric relations without a note of one label connect, labels in the
// order met, members in text order.
func appendBratEquivs(b []byte, rels []Relation) []byte {
	var labels []string
	parent := map[string]map[int]int{} // per label, union-find over span indexes
	var find func(p map[int]int, x int) int
	find = func(p map[int]int, x int) int {
		for p[x] != x {
			p[x] = p[p[x]]
			x = p[x]
		}
		return x
	}
	for _, rel := range rels {
		if !rel.Symmetric || rel.Note != "" {
			continue
		}
		p := parent[rel.Label]
		if p == nil {
			p = map[int]int{}
			parent[rel.Label] = p
			labels = append(labels, rel.Label)
		}
		for _, x := range []int{rel.From, rel.To} {
			if _, ok := p[x]; !ok {
				p[x] = x
			}
		}
		a, c := find(p, rel.From), find(p, rel.To)
		if a != c {
			p[max(a, c)] = min(a, c)
		}
	}
	for _, label := range labels {
		p := parent[label]
		groups := map[int][]int{}
		var roots []int
		for x := range p {
			root := find(p, x)
			if groups[root] == nil {
				roots = append(roots, root)
			}
			groups[root] = append(groups[root], x)
		}
		slices.Sort(roots) // a group's root is its first member
		for _, root := range roots {
			members := groups[root]
			slices.Sort(members)
			b = append(b, "*\t"...)
			b = appendBratLabel(b, label)
			for _, m := range members {
				b = append(b, " T"...)
				b = strconv.AppendInt(b, int64(m+1), 10)
			}
			b = append(b, '\n')
		}
	}
	return b
}

// unique returns name, or name-2, name-3… if it is taken, and takes it.
func (w *bratWriter) unique(name string) string {
	cand := name
	for n := 2; w.used[strings.ToLower(cand)]; n++ {
		cand = name + "-" + strconv.Itoa(n)
	}
	w.used[strings.ToLower(cand)] = true
	return cand
}

func (w *bratWriter) rename(from, to string) error {
	for _, ext := range []string{".txt", ".ann"} {
		if err := w.dir.Rename(from+ext, to+ext); err != nil {
			return fmt.Errorf("rename %s%s to %s%s: %w", from, ext, to, ext, err)
		}
	}
	return nil
}

// Close writes annotation.conf and reports the first error of the export.
func (w *bratWriter) Close() error {
	if w.err != nil {
		return w.err
	}
	conf := appendBratConf(nil, w.labels, w.overlap, w.relLabels, w.relKnown)
	conf = appendBratAttrConf(conf, w.attrs)
	if err := w.dir.WriteFile(BratConfName, conf); err != nil {
		w.err = err
	}
	return w.err
}

func (w *bratWriter) MappedLabels() []MappedLabel { return bratMapped(w.labels) }

// bratMapped lists the labels a brat file holds otherwise than spelled.
func bratMapped(labels []string) []MappedLabel {
	var mapped []MappedLabel
	for _, l := range labels {
		if written := string(appendBratLabel(nil, l)); written != l {
			mapped = append(mapped, MappedLabel{Name: l, Written: written})
		}
	}
	return mapped
}

// appendBratConf appends an annotation.conf declaring labels as entity
// types and relLabels as relation types, with the other sections brat
// expects present and empty. When
// spans overlap, it allows that: brat marks overlapping spans as errors
// unless an <OVERLAP> rule says they may.
func appendBratConf(b []byte, labels []string, overlap bool, relLabels []string, equiv map[string]bool) []byte {
	b = append(b, "# brat configuration written by Inkspan: the project's labels as entity types.\n"...)
	if len(bratMapped(labels)) > 0 {
		b = append(b, "# Names brat cannot hold are percent-encoded (a space as %20); Inkspan's import decodes them.\n"...)
	}
	b = append(b, "\n[entities]\n"...)
	for _, l := range labels {
		b = appendBratLabel(b, l)
		b = append(b, '\n')
	}
	b = append(b, "\n[relations]\n"...)
	// The relation labels the export wrote, between any entities; an
	// equivalence is declared symmetric-transitive, as brat wants "*"
	// lines declared.
	for _, l := range relLabels {
		b = appendBratLabel(b, l)
		b = append(b, "\tArg1:<ENTITY>, Arg2:<ENTITY>"...)
		if equiv[l] {
			b = append(b, ", <REL-TYPE>:symmetric-transitive"...)
		}
		b = append(b, '\n')
	}
	if overlap {
		b = append(b, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"...)
	}
	b = append(b, "\n[events]\n\n[attributes]\n"...)
	return b
}

// appendBratAttrConf appends the [attributes] section's lines, one per
// attribute name written, names in order: "Negated\tArg:<ENTITY>" for a
// flag, "Confidence\tArg:<ENTITY>, Value:High|Low" (values in order) for
// one with values. A name written both ways is declared with its values,
// and a comment says so: brat has no way to declare both.
func appendBratAttrConf(b []byte, attrs map[string]*bratAttrDecl) []byte {
	names := slices.Sorted(maps.Keys(attrs))
	for _, name := range names {
		d := attrs[name]
		if d.flag && len(d.values) > 0 {
			b = append(b, "# "...)
			b = appendBratAttr(b, name)
			b = append(b, " is a flag on some spans and has a value on others.\n"...)
		}
		b = appendBratAttr(b, name)
		b = append(b, "\tArg:<ENTITY>"...)
		for i, v := range slices.Sorted(maps.Keys(d.values)) {
			if i == 0 {
				b = append(b, ", Value:"...)
			} else {
				b = append(b, '|')
			}
			b = appendBratAttr(b, v)
		}
		b = append(b, '\n')
	}
	return b
}

// bratPath makes a document id into a relative path, "/"-separated, that
// works everywhere: each folder and the name keep [A-Za-z0-9._-] and have
// every other character made "_", a trailing .txt goes (a document imported
// from a.txt is written a.txt, not a.txt.txt), each part is cut to 100
// bytes, and parts that would be hidden or that Windows reserves (CON,
// NUL, COM1…) get a "_" in front. Empty parts, "." and ".." are left out: an
// id never leads the export out of its folder.
func bratPath(id string) string {
	var parts []string
	for part := range strings.SplitSeq(id, "/") {
		if part == "" || part == "." || part == ".." {
			continue
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "document"
	}
	for i, part := range parts {
		part = bratSafeName(part)
		if i == len(parts)-1 && len(part) >= 4 && strings.EqualFold(part[len(part)-4:], ".txt") {
			part = part[:len(part)-4]
		}
		parts[i] = bratFixName(part, 100, "document")
	}
	return strings.Join(parts, "/")
}

// bratAnnotatorName is the annotator's part of a file name; "" is the gold
// (reviewed) set.
func bratAnnotatorName(annotator string) string {
	return bratFixName(bratSafeName(annotator), 50, "gold")
}

func bratSafeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func bratFixName(name string, max int, empty string) string {
	if len(name) > max {
		name = name[:max] // ASCII by now
	}
	if name == "" {
		return empty
	}
	if name[0] == '.' {
		name = "_" + name[1:]
	}
	// Windows drops a name's trailing dots ("a." opens "a"): keep them
	// from making two documents one file.
	if name[len(name)-1] == '.' {
		name = name[:len(name)-1] + "_"
	}
	stem, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(stem) {
	case "CON", "PRN", "AUX", "NUL",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		name = "_" + name
	}
	return name
}
