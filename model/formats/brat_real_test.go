package formats_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// bratT is a T line as the round-trip check reads it, on its own.
type bratT struct {
	start, end int // code points, as brat counts
	label      string
	text       string
}

// parseTLines reads the T lines of a .ann with nothing of the reader's: the
// continuous ones, and how many lines of each other kind there were
// (discontinuous spans counted under ";").
func parseTLines(tb testing.TB, ann string) ([]bratT, map[string]int) {
	tb.Helper()
	var ts []bratT
	others := map[string]int{}
	for _, line := range strings.Split(ann, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		if line[0] != 'T' {
			others[line[:1]]++
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			tb.Fatalf("T line %q has %d columns", line, len(cols))
		}
		if strings.Contains(cols[1], ";") {
			others[";"]++
			continue
		}
		f := strings.Fields(cols[1]) // these files' types hold no spaces
		if len(f) != 3 {
			tb.Fatalf("T line %q: want TYPE START END in its second column", line)
		}
		start, err1 := strconv.Atoi(f[1])
		end, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			tb.Fatalf("T line %q: offsets are not numbers", line)
		}
		ts = append(ts, bratT{start: start, end: end, label: f[0], text: cols[2]})
	}
	slices.SortFunc(ts, func(a, b bratT) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return a.end - b.end
		}
		return strings.Compare(a.label, b.label)
	})
	return ts, others
}

// Real files from brat and the tools around it (testdata/real/brat, see its
// README) import and export as brat with every continuous T line's offsets,
// type and text as they were, the text of each document byte for byte,
// and everything else counted, by kind, as not kept.
func TestBratReal_RoundTrip(t *testing.T) {
	root := filepath.Join("testdata", "real", "brat")
	if got := formats.DetectPath(root); got != formats.FormatBrat {
		t.Fatalf("DetectFormat(%s) = %q, want brat", root, got)
	}
	recs := readRecords(t, []string{root}, formats.FormatAuto, formats.Options{})
	if len(recs) != 7 {
		t.Fatalf("read %d documents, want the 7 kept in %s", len(recs), root)
	}
	out := t.TempDir()
	w, err := formats.NewBratWriter(formats.DiskFolder(out), formats.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if r.Format != formats.FormatBrat || !r.Annotated {
			t.Errorf("%s: format %q, annotated %v", r.Source, r.Format, r.Annotated)
		}
		a := &formats.Annotation{Document: model.Document{ID: strconv.Itoa(i), ExternalID: r.ExternalID, Text: r.Text}, Spans: r.Spans, Relations: r.Relations}
		if err := w.Write(a); err != nil {
			t.Fatalf("%s: %v", r.Source, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	for _, r := range recs {
		t.Run(r.ExternalID, func(t *testing.T) {
			name := filepath.FromSlash(r.ExternalID)
			origText := mustReadFile(t, filepath.Join(root, name+".txt"))
			if got := mustReadFile(t, filepath.Join(out, name+".txt")); got != origText {
				t.Errorf("exported .txt differs from the original")
			}
			orig, others := parseTLines(t, mustReadFile(t, filepath.Join(root, name+".ann")))
			got, gotOthers := parseTLines(t, mustReadFile(t, filepath.Join(out, name+".ann")))
			if !slices.Equal(got, orig) {
				t.Errorf("T lines differ:\n got %v\nwant %v", got, orig)
			}
			// The offsets are code points: each T line's text is that slice of
			// the original text (brat writes line breaks in it as spaces).
			runes := []rune(origText)
			for _, s := range got {
				if cut := strings.NewReplacer("\n", " ", "\t", " ").Replace(string(runes[s.start:s.end])); cut != s.text {
					t.Errorf("[%d, %d) %s: the text there is %q, the line says %q", s.start, s.end, s.label, cut, s.text)
				}
			}
			// Relations and equivalences between continuous spans come back,
			// as the same spans, label and note; the others are counted.
			origRels := parseRelLines(t, mustReadFile(t, filepath.Join(root, name+".ann")))
			gotRels := parseRelLines(t, mustReadFile(t, filepath.Join(out, name+".ann")))
			if !slices.Equal(gotRels.kept, origRels.kept) {
				t.Errorf("relations differ:\n got %q\nwant %q", gotRels.kept, origRels.kept)
			}
			if !slices.Equal(gotRels.equivs, origRels.equivs) {
				t.Errorf("equivalences differ:\n got %q\nwant %q", gotRels.equivs, origRels.equivs)
			}
			if len(origRels.kept) > 0 && len(r.Relations) == 0 {
				t.Errorf("no relations read")
			}
			// Notes on spans and kept relations come back; the rest is what
			// the import counted.
			want := map[string]int{}
			for kind, n := range others {
				switch kind {
				case "R":
					want["relations"] += n - origRels.keptR
				case "E":
					want["events"] += n
				case "A", "M":
					// Counted below: those on continuous spans are kept.
				case "N":
					want["normalizations"] += n
				case "*":
					want["equivalences"] += n - len(origRels.equivs)
				case ";":
					want["discontinuous spans"] += n
				}
			}
			// Attributes on continuous spans come back, name and value,
			// on the same span; those on anything else are counted.
			origAttrs := parseAttrLines(t, mustReadFile(t, filepath.Join(root, name+".ann")))
			gotAttrs := parseAttrLines(t, mustReadFile(t, filepath.Join(out, name+".ann")))
			if !slices.Equal(gotAttrs.kept, origAttrs.kept) {
				t.Errorf("attributes differ:\n got %q\nwant %q", gotAttrs.kept, origAttrs.kept)
			}
			if len(gotAttrs.lost) > 0 {
				t.Errorf("the export wrote attributes on no span: %v", gotAttrs.lost)
			}
			kept := 0
			for _, s := range r.Spans {
				kept += len(s.Attributes)
			}
			if kept != len(origAttrs.kept) {
				t.Errorf("%d attributes on the spans read, want %d", kept, len(origAttrs.kept))
			}
			for kind, n := range origAttrs.lost {
				want["attributes on "+kind] += n
			}
			notes := 0
			for kind, n := range r.NotKept {
				if strings.HasPrefix(kind, "notes ") {
					notes += n
					continue
				}
				if want[kind] != n {
					t.Errorf("NotKept[%q] = %d, want %d", kind, n, want[kind])
				}
				delete(want, kind)
			}
			for kind, n := range want {
				if n != 0 {
					t.Errorf("%d %s not counted (NotKept %v)", n, kind, r.NotKept)
				}
			}
			if kept := others["#"] - notes; kept != gotOthers["#"] {
				t.Errorf("%d notes written back, want the %d of the original's %d that are on spans and relations", gotOthers["#"], kept, others["#"])
			}
		})
	}
}

func mustReadFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// bratRels is what parseRelLines reads of a .ann's relations.
type bratRels struct {
	kept   []string // "LABEL [s,e) T-LABEL -> [s,e) T-LABEL # note", sorted: R lines between continuous T lines
	keptR  int      // how many R lines those are
	equivs []string // "LABEL {[s,e) T-LABEL, ...}", sorted: * lines whose members are all continuous T lines
}

// parseRelLines reads R, * and note lines with nothing of the reader's,
// naming each argument by its T line's offsets and type, so that files
// that number their lines differently compare equal.
func parseRelLines(tb testing.TB, ann string) bratRels {
	tb.Helper()
	spans := map[string]string{} // continuous T id -> "[s,e) TYPE"
	notes := map[string][]string{}
	var lines []string
	for _, line := range strings.Split(ann, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		lines = append(lines, line)
		cols := strings.Split(line, "\t")
		switch line[0] {
		case 'T':
			if !strings.Contains(cols[1], ";") {
				f := strings.Fields(cols[1])
				spans[cols[0]] = "[" + f[1] + "," + f[2] + ") " + f[0]
			}
		case '#':
			kind, target, _ := strings.Cut(cols[1], " ")
			if kind == "AnnotatorNotes" && len(cols) > 2 {
				notes[target] = append(notes[target], cols[2])
			}
		}
	}
	var out bratRels
	for _, line := range lines {
		cols := strings.Split(line, "\t")
		switch line[0] {
		case 'R':
			f := strings.Fields(cols[1])
			_, a1, _ := strings.Cut(f[1], ":")
			_, a2, _ := strings.Cut(f[2], ":")
			if spans[a1] == "" || spans[a2] == "" {
				continue
			}
			out.keptR++
			out.kept = append(out.kept, f[0]+" "+spans[a1]+" -> "+spans[a2]+" # "+strings.Join(notes[cols[0]], "|"))
		case '*':
			f := strings.Fields(cols[1])
			var members []string
			for _, id := range f[1:] {
				if spans[id] == "" {
					members = nil
					break
				}
				members = append(members, spans[id])
			}
			if members != nil {
				slices.Sort(members)
				out.equivs = append(out.equivs, f[0]+" {"+strings.Join(members, ", ")+"}")
			}
		}
	}
	slices.Sort(out.kept)
	slices.Sort(out.equivs)
	return out
}

// bratAttrs is what parseAttrLines reads of a .ann's attributes.
type bratAttrs struct {
	kept []string       // "[s,e) T-LABEL NAME VALUE", sorted: A and M lines on continuous T lines, value "" for a flag
	lost map[string]int // the others, by what they are on ("events", "relations", "discontinuous spans")
}

// parseAttrLines reads A and M lines with nothing of the reader's, naming
// each target by its T line's offsets and type. These files' names and
// values hold no escapes.
func parseAttrLines(tb testing.TB, ann string) bratAttrs {
	tb.Helper()
	spans := map[string]string{}
	disc := map[string]bool{}
	var lines []string
	for _, line := range strings.Split(ann, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		switch line[0] {
		case 'T':
			if strings.Contains(cols[1], ";") {
				disc[cols[0]] = true
				continue
			}
			f := strings.Fields(cols[1])
			spans[cols[0]] = "[" + f[1] + "," + f[2] + ") " + f[0]
		case 'A', 'M':
			lines = append(lines, cols[1])
		}
	}
	out := bratAttrs{lost: map[string]int{}}
	for _, field := range lines {
		f := strings.Fields(field)
		if len(f) < 2 || len(f) > 3 {
			tb.Fatalf("attribute %q: want NAME TARGET [VALUE]", field)
		}
		value := ""
		if len(f) == 3 {
			value = f[2]
		}
		switch target := f[1]; {
		case spans[target] != "":
			out.kept = append(out.kept, spans[target]+" "+f[0]+" "+value)
		case disc[target]:
			out.lost["discontinuous spans"]++
		case target[0] == 'E':
			out.lost["events"]++
		case target[0] == 'R':
			out.lost["relations"]++
		default:
			tb.Fatalf("attribute %q on %s, which the test does not know", field, target)
		}
	}
	slices.Sort(out.kept)
	if len(out.lost) == 0 {
		out.lost = nil
	}
	return out
}
