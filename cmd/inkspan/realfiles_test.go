package main

// The real-file suite: files written by other annotation tools and by
// published corpora (testdata/real, listed with their sources and licences in
// testdata/real/README.md) go through the real commands, import into a fresh
// project and export to the same format, and the export is compared with the
// original. The comparison decodes both files with the small parsers below,
// written apart from Inkspan's readers so that a reader's mistake cannot hide
// itself: generic JSON, split columns, brat T lines. What does not come back
// is written out in each case as the exact difference, with the reason, so a
// case fails both when something more is lost and when a missing feature
// lands (then its difference is deleted and the case becomes exact).

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/inkspan/inkspan/storage"
)

// realDir is testdata/real at the top of the repository, seen from this
// package's directory, where go test runs.
const realDir = "../../testdata/real"

// realCase is one real file (or folder) and what its round trip keeps.
type realCase struct {
	name   string
	format string // for import and export alike
	input  string // under realDir; "../../" paths point to files kept elsewhere in the repository
	flags  []string
	// tokenCol and tagCols say where a CoNLL original keeps its tokens and
	// tags (0-based columns); an export has them first and last.
	tokenCol int
	tagCols  []int
	comments bool // "#" lines are comments (GermEval), not a "#" token
	// importErr, when set, is what the failed import must say; the case
	// then has no export.
	importErr string
	// exportErr, when set, is what the failed export must say.
	exportErr string
	// summary lists what the import's output must say.
	summary []string
	// notKept lists what the file holds that Inkspan does not store, as
	// counted here from the file ("5 relations"): the import's summary
	// must name each, and say nothing is left out when it is empty.
	notKept []string
	// unreported lists what the file holds that is dropped without the
	// summary saying so today (the reason is in why): the summary must not
	// name it, so the case fails, to be moved to notKept, once it does.
	unreported []string
	// diff is the export's exact difference from the original, one line per
	// item: "- " lost, "+ " gained. Empty means an exact round trip.
	diff []string
	why  string // why diff or unreported is not empty
}

func realCases() []realCase {
	return []realCase{
		// Prodigy.
		{name: "prodigy ner.manual news headlines", format: "prodigy", input: "prodigy/news-headlines-ner-manual.jsonl", summary: []string{"3 documents annotated with no spans"}},
		{name: "prodigy ner.teach binary answers", format: "prodigy", input: "prodigy/reddit-product-ner-teach.jsonl", summary: []string{"1 model predictions stored as suggestions"}, notKept: []string{"2 rejected spans"},
			diff: []string{
				"- span «If you'd like something more f…» 98-106 PRODUCT «Stranger»",
				"- span «Just to share my (inadequate) …» 67-81 PRODUCT «Quietpoint ATH»",
				"- span «This was taken during the East…» 66-68 PRODUCT «MX»",
			},
			why: "the spans of rejected records are counted as not kept (the record is stored as skipped with no spans, so it no longer says which span was wrong), and the span of the ignored record is stored as a suggestion, which an export does not write"},
		{name: "prodigy entity links", format: "prodigy", input: "prodigy/emerson-entity-links.jsonl"},
		{name: "prodigy tweets demo", format: "prodigy", input: "prodigy/tweets-demo.jsonl"},
		{name: "prodigy fashion brands", format: "prodigy", input: "../../model/formats/testdata/real/jsonl/prodigy-fashion-brands.jsonl"},
		{name: "prodigy fashion brands emoji", format: "prodigy", input: "../../model/formats/testdata/real/jsonl/prodigy-fashion-brands-emoji.jsonl"},
		{name: "prodigy drugs reddit emoji", format: "prodigy", input: "../../model/formats/testdata/real/jsonl/prodigy-drugs-reddit-emoji.jsonl"},
		{name: "prodigy rel.manual", format: "prodigy", input: "../../model/formats/testdata/real/jsonl/prodigy-rel-manual.jsonl", notKept: []string{"3 relations"},
			summary: []string{"1 new relations between spans, 0 already there", "new relation labels added to the project: Pos-Reg"},
			diff: []string{
				"- rel «In that respect, it is notewor…» 39-47 GGP -No-rel-> 140-143 GGP",
				"- rel «In that respect, it is notewor…» 39-47 GGP -Pos-Reg-> 100-103 GGP",
				"- rel «In that respect, it is notewor…» 39-47 GGP -Pos-Reg-> 108-111 GGP",
				"- span «In that respect, it is notewor…» 100-103 GGP «Id2»",
				"- span «In that respect, it is notewor…» 108-111 GGP «Id3»",
				"- span «In that respect, it is notewor…» 140-143 GGP «Id1»",
				"- span «In that respect, it is notewor…» 39-47 GGP «TGF-beta»",
				"- span «Moreover, BMP-6 has been sugge…» 10-15 GGP «BMP-6»",
				"- span «Moreover, BMP-6 has been sugge…» 110-113 GGP «Id1»",
				"- span «Moreover, BMP-6 has been sugge…» 118-121 GGP «Id3»",
			},
			why: "the spans of the two ignored records are stored as suggestions, which an export does not write, and their relations are counted as not kept: a suggestion has none"},
		{name: "prodigy tweets", format: "prodigy", input: "../../model/formats/testdata/real/jsonl/prodigy-tweets.jsonl",
			diff: []string{
				"- span «@user Alciato: Bee will invest…» 100-105 PERSON «Messi»",
				"- span «@user Alciato: Bee will invest…» 6-13 PERSON «Alciato»",
			},
			why: "the spans of an ignored record are stored as suggestions, which an export does not write"},
		{name: "prodigy spans without tokens", format: "prodigy", input: "prodigy/bio-events-spans.jsonl",
			diff: []string{
				"+ doc «After sequencing of the IRF-4 …» 156 chars 976be7 answer=accept _input_hash=1113650465 _task_hash=-1633310808",
				"+ doc «Although the bcr-abl transloca…» 308 chars 79767a answer=accept _input_hash=-1563294564 _task_hash=1005255822",
				"+ doc «Consistent with the restrictio…» 259 chars 0f6844 answer=accept _input_hash=-1189839926 _task_hash=-891083946",
				"+ doc «Recently, we described an impa…» 158 chars 684b1c answer=accept _input_hash=-1024521461 _task_hash=668147512",
				"- doc «After sequencing of the IRF-4 …» 156 chars 976be7",
				"- doc «Although the bcr-abl transloca…» 308 chars 79767a",
				"- doc «Consistent with the restrictio…» 259 chars 0f6844",
				"- doc «Recently, we described an impa…» 158 chars 684b1c",
			},
			why: "a record without an answer is written back with \"answer\": \"accept\", as Prodigy saves an annotated task, and with _input_hash and _task_hash computed by Inkspan"},
		// doccano.
		{name: "doccano 1.x export", format: "doccano", input: "../../model/formats/testdata/real/jsonl/doccano-export-sequence-labeling.jsonl"},
		{name: "doccano 1.x relation extraction", format: "doccano", input: "../../model/formats/testdata/real/jsonl/doccano-relation-extraction.jsonl",
			summary: []string{"3 new relations between spans, 0 already there", "new relation labels added to the project: foundedAt, foundedBy"}},
		{name: "doccano 1.x empty label", format: "doccano", input: "../../model/formats/testdata/real/jsonl/doccano-sequence-labeling.jsonl", summary: []string{"1 invalid records skipped"}, flags: []string{"--skip-invalid"},
			diff: []string{
				"- record without text",
			},
			why: "the third record has no text: --skip-invalid skips it"},
		{name: "doccano 1.x same span twice", format: "doccano", input: "../../model/formats/testdata/real/jsonl/doccano-overlapping.jsonl", summary: []string{"1 new spans, 1 already there"},
			diff: []string{
				"- span «exampleA» 0-1 LOC «e»",
			},
			why: "the same span twice is one span in Inkspan: the import counts the second as already there"},
		{name: "doccano 0.x labels with overlap", format: "doccano", input: "doccano/0x-labels-overlap.jsonl", flags: []string{"--allow-overlap"},
			importErr: "importing both would merge them into a version neither holds"},
		{name: "doccano 0.x one text, three versions", format: "doccano", input: "doccano/0x-labels-overlap.jsonl", flags: []string{"--allow-overlap", "--on-conflict", "separate"},
			summary: []string{"2 records had other spans than an earlier record of the same text and annotator",
				"this one as annotator real (0x-labels-overlap.jsonl)\n", "this one as annotator real (0x-labels-overlap.jsonl:3)\n"}},
		{name: "doccano 0.x download with label ids", format: "doccano", input: "doccano/0x-download-annotations.jsonl",
			summary: []string{"3 records read: 3 new documents, 0 already there; 3 new spans", "new labels added to the project: label 1, label 2", `named "label" and its id`},
			diff: []string{
				"+ span «EU rejects ...» 0-2 label 2 «EU»",
				"+ span «Peter Blackburn» 0-15 label 1 «Peter Blackburn»",
				"+ span «President Obama» 10-15 label 1 «Obama»",
				"- span «EU rejects ...» 0-2 2 «EU»",
				"- span «Peter Blackburn» 0-15 1 «Peter Blackburn»",
				"- span «President Obama» 10-15 1 «Obama»",
			},
			why: "doccano 0.x downloads name labels by id in \"annotations\" (\"label\": 2) and the file has no names: the spans come back under labels named \"label 2\", which a warning says how to rename"},
		// Label Studio.
		{name: "label studio nested region", format: "labelstudio", input: "labelstudio/lsf-ner-text.json"},
		{name: "label studio per-region classifications", format: "labelstudio", input: "labelstudio/lsf-per-region-classifications.json", notKept: []string{"1 choices"}},
		{name: "label studio label with a space", format: "labelstudio", input: "labelstudio/lsf-label-with-space.json"},
		{name: "label studio spacy prediction, one task object", format: "labelstudio", input: "labelstudio/ml-backend-spacy-prediction.json", summary: []string{"3 model predictions stored as suggestions"},
			diff: []string{
				"- doc «Katy Perry and Pharrell have t…» 83 chars 26ce9e prediction",
				"- span «Katy Perry and Pharrell have t…» 0-10 PERSON «Katy Perry» prediction",
				"- span «Katy Perry and Pharrell have t…» 15-23 ORG «Pharrell» prediction",
				"- span «Katy Perry and Pharrell have t…» 47-83 PRODUCT «Apple Watches http://t.co/k6k3SdwShP» prediction",
			},
			why: "predictions are imported as suggestions, and an export writes annotators' work, not suggestions"},
		{name: "label studio gliner prediction", format: "labelstudio", input: "labelstudio/ml-backend-gliner-prediction.json", summary: []string{"2 model predictions stored as suggestions"},
			diff: []string{
				"- doc «atomoxetine [ oral suspension …» 65 chars b9885a prediction",
				"- span «atomoxetine [ oral suspension …» 0-11 Medication/Vaccine «atomoxetine» prediction",
				"- span «atomoxetine [ oral suspension …» 32-65 Medication/Vaccine «norepinephrine reuptake inhibitor» prediction",
			},
			why: "predictions are imported as suggestions, and an export writes annotators' work, not suggestions"},
		{name: "label studio tasks, annotations, predictions", format: "labelstudio", input: "../../model/formats/testdata/real/labelstudio/ls-tasks-annotations-predictions.json", notKept: []string{"4 choices", "3 predicted choices"},
			diff: []string{
				"- doc «Test example phrase 1» 21 chars 39c319 prediction",
				"- doc «opop» 4 chars fc4f20 prediction",
				"- doc «x2» 2 chars 844ecc",
				"- doc «x2» 2 chars 844ecc prediction",
			},
			why: "predictions are imported as suggestions, and an export writes annotators' work, not suggestions; task x2's two annotations name no annotator, so both are the importing annotator's one annotation set"},
		{name: "label studio one task object", format: "labelstudio", input: "../../model/formats/testdata/real/labelstudio/lsf-named-entity-annotation.json"},
		{name: "label studio predictions only", format: "labelstudio", input: "../../model/formats/testdata/real/labelstudio/lsf-named-entity-tasks.json",
			diff: []string{
				"- doc «Showers continued throughout t…» 915 chars 16f4b5 prediction",
				"- span «Showers continued throughout t…» 343-354 Date «February 22» prediction",
			},
			why: "predictions are imported as suggestions, and an export writes annotators' work, not suggestions"},
		{name: "label studio region text that does not match", format: "labelstudio", input: "../../model/formats/testdata/real/labelstudio/lsf-rich-text-plain-annotation.json", flags: []string{"--skip-invalid"}, summary: []string{"1 invalid spans skipped, their documents kept"},
			diff: []string{
				"- doc «Donald Trump just couldn t wis…» 2872 chars 1fc078",
				"- span «Donald Trump just couldn t wis…» 343-354 Date « supporters»",
			},
			why: "the region's value.text is not the text at its offsets (the example copied it from another task): --skip-invalid leaves that region out, and the annotation, left with no region, is not written as one that found nothing (the document is imported to annotate again)"},
		// brat.
		{name: "brat tutorial news", format: "brat", input: "../../model/formats/testdata/real/brat/brat-tutorial-news", summary: []string{"1 documents annotated with no spans", "7 new relations between spans, 0 already there"},
			notKept: []string{"13 events", "6 attributes on events", "1 normalizations", "1 notes on events"}},
		{name: "brat tutorial event structures", format: "brat", input: "brat/news-events", notKept: []string{"6 events"}},
		{name: "brat tutorial bio events", format: "brat", input: "brat/bio", notKept: []string{"4 events"}},
		{name: "brat Turku Dependency Treebank", format: "brat", input: "../../model/formats/testdata/real/brat/tdt", summary: []string{"72 new relations between spans"}, notKept: []string{"74 notes of type Lemma"}},
		{name: "brat dkpro discontinuous", format: "brat", input: "../../model/formats/testdata/real/brat/dkpro", notKept: []string{"1 discontinuous spans", "4 events"},
			diff: []string{
				"- span «This is⏎an other test.⏎» 5-7;9-10 Token «isn»",
			},
			why: "a discontinuous span (5 7;9 10) is counted as not kept: a span has one start and one end"},
		// CoNLL and its relatives.
		{name: "conll spaCy CoNLL-2003 style", format: "conll", input: "conll/spacy-ner-token-per-line-conll2003.iob", tokenCol: 0, tagCols: []int{3}},
		{name: "conll GermEval-2014", format: "conll", input: "../../model/formats/testdata/real/conll/germeval2014-test-excerpt.tsv", tokenCol: 1, tagCols: []int{2, 3}, comments: true, notKept: []string{"5 comment lines"},
			diff: []string{
				"- span «1951bis1953wurdedernördlicheTe…» 420-429 PER «Lehmbruck»",
				"- span «1951bis1953wurdedernördlicheTe…» 430-435 PER «Beuys»",
			},
			why: "without --tag-column 3,4 only the outer tag column is read (see the nested case); the file's tokens and sentence breaks are kept and written back"},
		{name: "conll GermEval-2014 nested", format: "conll", input: "../../model/formats/testdata/real/conll/germeval2014-test-excerpt.tsv", notKept: []string{"5 comment lines"}, flags: []string{"--allow-overlap", "--tag-column", "3,4"},
			summary:   []string{"11 new spans", "overlapping spans are now allowed"},
			exportErr: "1 spans cannot be written as conll tokens; germeval2014-test-excerpt.tsv#1 [496, 526) OTH \"Lehmbruck - Beuys .Zeichnungen\" (overlaps another span)"},
		{name: "conll WNUT-17 emoji", format: "conll", input: "conll/wnut17-dev-excerpt.conll", tokenCol: 0, tagCols: []int{1}},
		{name: "conll WNUT-17 submission CRLF", format: "conll", input: "conll/wnut17-submission-crlf.conll", tokenCol: 0, tagCols: []int{1}},
		{name: "conll WNUT-17 train", format: "conll", input: "../../model/formats/testdata/real/conll/wnut17-train-excerpt.conll", tokenCol: 0, tagCols: []int{1}},
		{name: "conll WikiANN", format: "conll", input: "../../model/formats/testdata/real/conll/wikiann-en-test-excerpt.txt", tokenCol: 0, tagCols: []int{1}},
		{name: "conll doccano two columns", format: "conll", input: "conll/doccano-import-example.conll", tokenCol: 0, tagCols: []int{1}},
		// Hugging Face datasets.
		{name: "hf wnut_17 with dataset_infos.json", format: "hf", input: "../../model/formats/testdata/real/hf/wnut17/train.jsonl"},
		{name: "hf WikiANN with a model's config.json", format: "hf", input: "../../model/formats/testdata/real/hf/wikiann-config/test.jsonl"},
		{name: "hf germeval_14 nested", format: "hf", input: "hf/germeval14/test.jsonl", notKept: []string{"2 nested_ner_tags spans"},
			diff: []string{
				"- span «\"Lehmbruck-Beuys.Zeichnungen\"l…» 1-10 PER «Lehmbruck»",
				"- span «\"Lehmbruck-Beuys.Zeichnungen\"l…» 11-16 PER «Beuys»",
			},
			why: "nested_ner_tags are counted as not kept (read as spans they would overlap the outer ones, which the hf export cannot write); the file's tokens are kept and written back"},
	}
}

func TestRealFilesRoundTrip(t *testing.T) {
	for _, c := range realCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			input := filepath.Join(realDir, c.input)
			if strings.HasPrefix(c.input, "../") { // relative to this package, like realDir
				input = c.input
			}
			dir := t.TempDir()
			project := filepath.Join(dir, "real.inkspan")
			args := append([]string{"import", "--project", project, "--format", c.format, "--annotator", "real"}, c.flags...)
			code, out, errOut := inkspan(t, append(args, input)...)
			if c.importErr != "" {
				if code == 0 || !strings.Contains(errOut, c.importErr) {
					t.Fatalf("import: exit %d, stderr %q; want a failure saying %q", code, errOut, c.importErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
			}
			for _, want := range c.summary {
				if !strings.Contains(out+errOut, want) {
					t.Errorf("import summary lacks %q:\n%s%s", want, out, errOut)
				}
			}
			// Every summary names the format it read, and what it could not keep.
			if want := "read as " + c.format; !strings.Contains(out, want) {
				t.Errorf("import summary does not say %q:\n%s", want, out)
			}
			notKept := ""
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "not kept: ") {
					notKept = line
				}
			}
			for _, want := range c.notKept {
				if !strings.Contains(notKept, want) {
					t.Errorf("import summary does not say %q was not kept:\n%s%s", want, out, errOut)
				}
			}
			for _, dropped := range c.unreported {
				if strings.Contains(notKept, dropped) {
					t.Errorf("import summary now says %q was not kept: move it from unreported to notKept", dropped)
				}
			}
			if len(c.notKept) == 0 && notKept != "" {
				t.Errorf("import summary says %q of a file that holds nothing Inkspan leaves out", notKept)
			}
			exported := filepath.Join(dir, "export")
			if c.format != "brat" && c.format != "hf" {
				exported += ".out"
			}
			code, out, errOut = inkspan(t, "export", "--project", project, "--format", c.format, "--all", "--out", exported)
			if c.exportErr != "" {
				if code == 0 || !strings.Contains(errOut, c.exportErr) {
					t.Fatalf("export: exit %d, stderr %q; want a failure saying %q", code, errOut, c.exportErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
			}

			original := decodeReal(t, c, input, false)
			back := decodeReal(t, c, exported, true)
			got := collapseSplits(diffItems(original, back))
			if strings.Join(got, "\n") != strings.Join(c.diff, "\n") {
				t.Errorf("the export differs from the original\ngot:\n\t%s\nwant (%s):\n\t%s",
					strings.Join(got, "\n\t"), c.why, strings.Join(c.diff, "\n\t"))
			}
		})
	}
}

// decodeReal describes a file of the case's format as a list of items (see
// diffItems). export says the file is Inkspan's export, whose CoNLL columns
// are fixed and whose hf and brat output is a folder.
func decodeReal(t *testing.T, c realCase, path string, export bool) []string {
	t.Helper()
	switch c.format {
	case "prodigy", "doccano":
		return jsonlItems(t, path)
	case "labelstudio":
		return labelStudioItems(t, path)
	case "brat":
		return bratItems(t, path)
	case "conll":
		if export {
			return conllItems(t, path, 0, []int{-1}, false)
		}
		return conllItems(t, path, c.tokenCol, c.tagCols, c.comments)
	case "hf":
		if export {
			return hfItems(t, path)
		}
		return hfItems(t, filepath.Dir(path))
	}
	t.Fatalf("no checker for format %q", c.format)
	return nil
}

// diffItems returns the multiset difference of two item lists: "- item" for
// each one only the original has, "+ item" for each one only the export
// has, sorted.
func diffItems(original, back []string) []string {
	count := map[string]int{}
	for _, it := range original {
		count[it]++
	}
	for _, it := range back {
		count[it]--
	}
	var out []string
	for it, n := range count {
		for ; n > 0; n-- {
			out = append(out, "- "+it)
		}
		for ; n < 0; n++ {
			out = append(out, "+ "+it)
		}
	}
	sort.Strings(out)
	return out
}

// collapseSplits writes a token that came back cut into several as one
// line, "token «doc» 288 «FIFA-Schiedsrichter» → «FIFA» «-» «Schiedsrichter»",
// instead of a line lost and one gained per piece.
func collapseSplits(diff []string) []string {
	type piece struct {
		line string
		pos  int
		text string
	}
	parse := func(line, sign string) (head string, p piece, ok bool) {
		rest, found := strings.CutPrefix(line, sign+" token ")
		if !found {
			return "", p, false
		}
		end := strings.Index(rest, "» ")
		if end < 0 {
			return "", p, false
		}
		head, rest = rest[:end+len("»")], rest[end+len("» "):]
		num, text, _ := strings.Cut(rest, " ")
		pos, err := strconv.Atoi(num)
		if err != nil {
			return "", p, false
		}
		return head, piece{line, pos, strings.TrimSuffix(strings.TrimPrefix(text, "«"), "»")}, true
	}
	gained := map[string][]piece{}
	for _, line := range diff {
		if head, p, ok := parse(line, "+"); ok {
			gained[head] = append(gained[head], p)
		}
	}
	used := map[string]bool{}
	var out []string
	for _, line := range diff {
		head, lost, ok := parse(line, "-")
		if !ok {
			continue
		}
		var parts []piece
		for _, g := range gained[head] {
			if g.pos >= lost.pos && g.pos < lost.pos+len([]rune(lost.text)) {
				parts = append(parts, g)
			}
		}
		if len(parts) < 2 {
			continue
		}
		sort.Slice(parts, func(i, j int) bool { return parts[i].pos < parts[j].pos })
		joined := ""
		for _, g := range parts {
			joined += g.text
		}
		if joined != lost.text {
			continue
		}
		moved := fmt.Sprintf("token %s %d «%s» →", head, lost.pos, lost.text)
		for _, g := range parts {
			moved += " «" + g.text + "»"
			used[g.line] = true
		}
		used[line] = true
		out = append(out, moved)
	}
	for _, line := range diff {
		if !used[line] {
			out = append(out, line)
		}
	}
	sort.Strings(out)
	return out
}

// abbrev names a document by its first words, readable in a diff line.
func abbrev(text string) string {
	r := []rune(strings.ReplaceAll(text, "\n", "⏎"))
	if len(r) > 30 {
		return "«" + string(r[:30]) + "…»"
	}
	return "«" + string(r) + "»"
}

// docItem stands for a document's whole text: its start, its length and a
// digest, so any change of text shows.
func docItem(text, extra string) string {
	sum := sha256.Sum256([]byte(text))
	it := fmt.Sprintf("doc %s %d chars %x", abbrev(text), len([]rune(text)), sum[:3])
	if extra != "" {
		it += " " + extra
	}
	return it
}

// spanItem stands for one span, in code points unless units says otherwise.
func spanItem(doc string, units []rune, start, end int, label string) string {
	covered := "?"
	if start >= 0 && start <= end && end <= len(units) {
		covered = string(units[start:end])
	}
	return fmt.Sprintf("span %s %d-%d %s «%s»", abbrev(doc), start, end, label, covered)
}

// jsonlItems reads Prodigy and doccano JSONL as plain JSON: the text under
// "text" (or "data" when it is a string), and spans under "spans" (Prodigy),
// "label"/"labels" as [start, end, label] lists (doccano), "entities"
// (doccano relation mode) or "annotations" (doccano 0.x, label ids). A
// Prodigy answer and hashes are part of the document's item: Prodigy means a
// rejected record differently from an accepted one, and dedupes by hash.
func jsonlItems(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		text, ok := rec["text"].(string)
		if !ok {
			text, ok = rec["data"].(string)
		}
		if !ok {
			items = append(items, "record without text")
			continue
		}
		// Prodigy finds its records again by their hashes, so they are
		// part of the record too.
		var extra []string
		if a, ok := rec["answer"].(string); ok {
			extra = append(extra, "answer="+a)
		}
		for _, key := range []string{"_input_hash", "_task_hash"} {
			if h, ok := rec[key].(float64); ok {
				extra = append(extra, fmt.Sprintf("%s=%d", key, int64(h)))
			}
		}
		items = append(items, docItem(text, strings.Join(extra, " ")))
		units := []rune(text)
		add := func(s, e any, label any) {
			items = append(items, spanItem(text, units, num(s), num(e), fmt.Sprint(label)))
		}
		if spans, ok := rec["spans"].([]any); ok {
			// A span's knowledge-base id: its own kb_id, or, in an
			// accepted entity-linking task (nel.manual) of one span, the
			// one option accepted.
			linked := false
			for _, s := range spans {
				m := s.(map[string]any)
				add(m["start"], m["end"], m["label"])
				if kb, ok := m["kb_id"].(string); ok {
					items = append(items, attrItem(text, fmt.Sprintf("%d-%d %v", num(m["start"]), num(m["end"]), m["label"]), "kb_id", kb))
					linked = true
				}
			}
			accepted, _ := rec["accept"].([]any)
			if !linked && len(spans) == 1 && len(accepted) == 1 && rec["answer"] == "accept" {
				m := spans[0].(map[string]any)
				items = append(items, attrItem(text, fmt.Sprintf("%d-%d %v", num(m["start"]), num(m["end"]), m["label"]), "kb_id", fmt.Sprint(accepted[0])))
			}
		}
		entities := map[string]string{} // doccano entity id → "start-end LABEL"
		for _, key := range []string{"label", "labels", "entities", "annotations"} {
			list, _ := rec[key].([]any)
			for _, s := range list {
				switch v := s.(type) {
				case []any:
					add(v[0], v[1], v[2])
				case map[string]any:
					add(v["start_offset"], v["end_offset"], v["label"])
					if key == "entities" && v["id"] != nil {
						entities[fmt.Sprint(v["id"])] = fmt.Sprintf("%d-%d %v", num(v["start_offset"]), num(v["end_offset"]), v["label"])
					}
				}
			}
		}
		// Relations by their spans: doccano's from_id/to_id through the
		// entities' ids (an id that resolves to none shows as "?"),
		// Prodigy's head_span/child_span.
		rels, _ := rec["relations"].([]any)
		for _, r := range rels {
			m := r.(map[string]any)
			var from, to string
			var label any
			if m["from_id"] != nil {
				from, to, label = entities[fmt.Sprint(m["from_id"])], entities[fmt.Sprint(m["to_id"])], m["type"]
			} else {
				h, _ := m["head_span"].(map[string]any)
				c, _ := m["child_span"].(map[string]any)
				from = fmt.Sprintf("%d-%d %v", num(h["start"]), num(h["end"]), h["label"])
				to = fmt.Sprintf("%d-%d %v", num(c["start"]), num(c["end"]), c["label"])
				label = m["label"]
			}
			items = append(items, relItem(text, from, label, to))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

// relItem stands for one relation: its label between its spans, each as
// "start-end LABEL" ("?" for one that could not be found).
func relItem(doc, from string, label any, to string) string {
	if from == "" {
		from = "?"
	}
	if to == "" {
		to = "?"
	}
	return fmt.Sprintf("rel %s %s -%v-> %s", abbrev(doc), from, label, to)
}

// attrItem stands for one attribute of a span ("start-end LABEL"): a
// flag by its name, else name = value.
func attrItem(doc, span, name, value string) string {
	if value == "" {
		return fmt.Sprintf("attr %s %s %s", abbrev(doc), span, name)
	}
	return fmt.Sprintf("attr %s %s %s = %s", abbrev(doc), span, name, value)
}

// num reads a JSON number as an int; anything else is -1.
func num(v any) int {
	if f, ok := v.(float64); ok {
		return int(f)
	}
	return -1
}

// labelStudioItems reads a Label Studio export (an array of tasks, or one
// task) as plain JSON. Offsets stay in UTF-16 units, as Label Studio counts
// them. Each annotation is a document item; each prediction too, marked as
// one. A region's choices and text areas (results sharing its id) are its
// attributes.
func labelStudioItems(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tasks []map[string]any
	if err := json.Unmarshal(data, &tasks); err != nil {
		var one map[string]any
		if err2 := json.Unmarshal(data, &one); err2 != nil {
			t.Fatalf("%s: %v", path, err)
		}
		tasks = []map[string]any{one}
	}
	var items []string
	for _, task := range tasks {
		fields, _ := task["data"].(map[string]any)
		text, ok := fields["text"].(string)
		if !ok { // the only string field, as in {"reviewText": …}
			for _, v := range fields {
				if s, isStr := v.(string); isStr {
					text = s
				}
			}
		}
		units := utf16.Encode([]rune(text))
		for _, kind := range []string{"annotations", "predictions"} {
			list, _ := task[kind].([]any)
			for _, a := range list {
				extra := ""
				if kind == "predictions" {
					extra = "prediction"
				}
				items = append(items, docItem(text, extra))
				results, _ := a.(map[string]any)["result"].([]any)
				regions := map[string]string{}
				for _, r := range results {
					res := r.(map[string]any)
					if res["type"] == "labels" {
						v := res["value"].(map[string]any)
						regions[fmt.Sprint(res["id"])] = fmt.Sprintf("%d-%d %v", num(v["start"]), num(v["end"]), v["labels"].([]any)[0])
					}
				}
				for _, r := range results {
					res := r.(map[string]any)
					if kind := res["type"]; (kind == "choices" || kind == "textarea") && regions[fmt.Sprint(res["id"])] != "" {
						// A control of a region: its choices or typed texts.
						v, _ := res["value"].(map[string]any)
						key := "choices"
						if kind == "textarea" {
							key = "text"
						}
						values, _ := v[key].([]any)
						for _, val := range values {
							items = append(items, strings.TrimSpace(attrItem(text, regions[fmt.Sprint(res["id"])], fmt.Sprint(res["from_name"]), fmt.Sprint(val))+" "+extra))
						}
					}
					if res["type"] == "relation" {
						from, to := regions[fmt.Sprint(res["from_id"])], regions[fmt.Sprint(res["to_id"])]
						if res["direction"] == "left" {
							from, to = to, from
						}
						labels, _ := res["labels"].([]any)
						for _, l := range labels {
							items = append(items, strings.TrimSpace(relItem(text, from, l, to)+" "+extra))
						}
					}
					if res["type"] != "labels" {
						continue
					}
					v := res["value"].(map[string]any)
					s, e := num(v["start"]), num(v["end"])
					covered := "?"
					if s >= 0 && s <= e && e <= len(units) {
						covered = string(utf16.Decode(units[s:e]))
					}
					for _, l := range v["labels"].([]any) {
						items = append(items, strings.TrimSpace(fmt.Sprintf("span %s %d-%d %s «%s» %s", abbrev(text), s, e, l, covered, extra)))
					}
				}
			}
		}
	}
	return items
}

// bratItems reads every NAME.ann under dir with its NAME.txt: the text,
// each T line's type and offsets (fragments joined by ";"), the R and *
// lines between them, the A and M attributes of T annotations, and the
// AnnotatorNotes hung on a T annotation.
func bratItems(t *testing.T, dir string) []string {
	t.Helper()
	var items []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".ann") {
			return err
		}
		txt, err := os.ReadFile(strings.TrimSuffix(path, ".ann") + ".txt")
		if err != nil {
			return err
		}
		ann, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(txt)
		units := []rune(text)
		items = append(items, docItem(text, ""))
		where := map[string]string{} // T id → "start-end TYPE", for notes
		for _, line := range strings.Split(strings.ReplaceAll(string(ann), "\r\n", "\n"), "\n") {
			cols := strings.Split(line, "\t")
			if len(cols) < 2 {
				continue
			}
			switch {
			case strings.HasPrefix(cols[0], "T"):
				typ, offsets, _ := strings.Cut(cols[1], " ")
				var frags []string
				covered := ""
				for _, fr := range strings.Split(offsets, ";") {
					a, b, _ := strings.Cut(fr, " ")
					s, _ := strconv.Atoi(a)
					e, _ := strconv.Atoi(b)
					frags = append(frags, fmt.Sprintf("%d-%d", s, e))
					if s >= 0 && s <= e && e <= len(units) {
						covered += string(units[s:e])
					}
				}
				where[cols[0]] = strings.Join(frags, ";") + " " + typ
				items = append(items, fmt.Sprintf("span %s %s %s «%s»", abbrev(text), strings.Join(frags, ";"), typ, covered))
			}
		}
		// Relations and notes once every T line is known: R lines by
		// their arguments' spans, each * line as its members' spans in
		// sorted order.
		for _, line := range strings.Split(strings.ReplaceAll(string(ann), "\r\n", "\n"), "\n") {
			cols := strings.Split(line, "\t")
			if len(cols) < 2 {
				continue
			}
			switch {
			case strings.HasPrefix(cols[0], "R"):
				f := strings.Fields(cols[1])
				_, a1, _ := strings.Cut(f[1], ":")
				_, a2, _ := strings.Cut(f[2], ":")
				if where[a1] != "" && where[a2] != "" {
					where[cols[0]] = relItem(text, where[a1], f[0], where[a2])
					items = append(items, where[cols[0]])
				}
			case strings.HasPrefix(cols[0], "A") || strings.HasPrefix(cols[0], "M"):
				// An attribute of a T annotation: NAME TARGET [VALUE];
				// those of events and relations are not spans'.
				f := strings.Fields(cols[1])
				if len(f) >= 2 && strings.HasPrefix(f[1], "T") && where[f[1]] != "" {
					value := ""
					if len(f) > 2 {
						value = f[2]
					}
					items = append(items, attrItem(text, where[f[1]], f[0], value))
				}
			case cols[0] == "*":
				f := strings.Fields(cols[1])
				var members []string
				for _, id := range f[1:] {
					members = append(members, where[id])
				}
				sort.Strings(members)
				items = append(items, fmt.Sprintf("equiv %s %s {%s}", abbrev(text), f[0], strings.Join(members, ", ")))
			}
		}
		for _, line := range strings.Split(strings.ReplaceAll(string(ann), "\r\n", "\n"), "\n") {
			cols := strings.Split(line, "\t")
			if strings.HasPrefix(cols[0], "#") && len(cols) >= 3 {
				kind, target, _ := strings.Cut(cols[1], " ")
				if kind == "AnnotatorNotes" && where[target] != "" {
					items = append(items, fmt.Sprintf("note %s %s: %s", abbrev(text), where[target], cols[2]))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// tokenDoc is a document of a token format: its tokens, the indexes of the
// tokens that start a sentence, and its spans as token ranges.
type tokenDoc struct {
	tokens    []string
	sentences []int
	spans     []tokenSpan
}

type tokenSpan struct {
	start, end int // tokens, end exclusive
	label      string
}

// tokenItems describes token documents. Positions are counted in the
// document's characters without the spaces between tokens, so that a token
// split in two on the way back shows as that and nothing else.
func tokenItems(docs []tokenDoc) []string {
	var items []string
	for _, d := range docs {
		if len(d.tokens) == 0 {
			continue
		}
		// The document is named by its first characters without the
		// spaces between tokens, which a token split does not change.
		head := abbrev(strings.Join(d.tokens, ""))
		items = append(items, "document "+head)
		pos := make([]int, len(d.tokens)+1)
		for i, tok := range d.tokens {
			pos[i+1] = pos[i] + len([]rune(tok))
			items = append(items, fmt.Sprintf("token %s %d «%s»", head, pos[i], tok))
		}
		for _, s := range d.sentences {
			if s > 0 {
				items = append(items, fmt.Sprintf("sentence %s %d «%s»", head, pos[s], d.tokens[s]))
			}
		}
		for _, s := range d.spans {
			items = append(items, fmt.Sprintf("span %s %d-%d %s «%s»", head, pos[s.start], pos[s.end], s.label,
				strings.Join(d.tokens[s.start:s.end], "")))
		}
	}
	return items
}

// decodeTags turns one tag column of a document into spans: B- starts a
// span, I- continues one of the same label (or starts one, as IOB1 does),
// E- and S- close one (BIOES), O and anything else ends it.
func decodeTags(tags []string) []tokenSpan {
	var spans []tokenSpan
	open := -1
	label := ""
	closeAt := func(i int) {
		if open >= 0 {
			spans = append(spans, tokenSpan{open, i, label})
		}
		open = -1
	}
	for i, tag := range tags {
		prefix, l, ok := strings.Cut(tag, "-")
		if !ok || len(prefix) != 1 {
			closeAt(i)
			continue
		}
		switch prefix {
		case "B", "S":
			closeAt(i)
			open, label = i, l
		case "I", "E":
			if open < 0 || label != l {
				closeAt(i)
				open, label = i, l
			}
		default:
			closeAt(i)
			continue
		}
		if prefix == "S" || prefix == "E" {
			closeAt(i + 1)
		}
	}
	closeAt(len(tags))
	return spans
}

// conllItems reads a CoNLL-style file: columns split on tabs (or on spaces
// when a line has no tab), -DOCSTART- lines start documents, "#" lines are
// comments when the file has them, blank lines end sentences. tagCol -1 means the last column.
func conllItems(t *testing.T, path string, tokenCol int, tagCols []int, comments bool) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []tokenDoc
	var cur tokenDoc
	columns := make([][]string, len(tagCols))
	flush := func() {
		for _, col := range columns {
			cur.spans = append(cur.spans, decodeTags(col)...)
		}
		if len(cur.tokens) > 0 {
			docs = append(docs, cur)
		}
		cur = tokenDoc{}
		columns = make([][]string, len(tagCols))
	}
	sentenceStart := true
	for _, line := range strings.Split(strings.TrimPrefix(string(data), "\ufeff"), "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "-DOCSTART-"):
			flush()
			sentenceStart = true
			continue
		case comments && strings.HasPrefix(line, "#"):
			continue
		case strings.TrimSpace(line) == "":
			sentenceStart = true
			// A tag column ends its spans at a sentence's end.
			for i := range columns {
				columns[i] = append(columns[i], "O")
			}
			cur.tokens = append(cur.tokens, "")
			continue
		}
		var cols []string
		if strings.Contains(line, "\t") {
			cols = strings.Split(line, "\t")
		} else {
			cols = strings.Fields(line)
		}
		if sentenceStart {
			cur.sentences = append(cur.sentences, len(cur.tokens))
			sentenceStart = false
		}
		cur.tokens = append(cur.tokens, cols[tokenCol])
		for i, c := range tagCols {
			if c < 0 {
				c = len(cols) + c
			}
			columns[i] = append(columns[i], cols[c])
		}
	}
	flush()
	// The empty tokens standing for sentence ends are taken out again.
	for i := range docs {
		docs[i] = dropEmpty(docs[i])
	}
	return tokenItems(docs)
}

// dropEmpty removes the empty tokens conllItems puts at sentence ends,
// moving sentence starts and spans with the tokens.
func dropEmpty(d tokenDoc) tokenDoc {
	index := make([]int, len(d.tokens)+1)
	var out tokenDoc
	for i, tok := range d.tokens {
		index[i] = len(out.tokens)
		if tok != "" {
			out.tokens = append(out.tokens, tok)
		}
	}
	index[len(d.tokens)] = len(out.tokens)
	for _, s := range d.sentences {
		out.sentences = append(out.sentences, index[s])
	}
	for _, s := range d.spans {
		out.spans = append(out.spans, tokenSpan{index[s.start], index[s.end], s.label})
	}
	return out
}

// hfItems reads a Hugging Face token classification folder: the rows of its
// .jsonl files (each a document) with ner_tags, and nested_ner_tags when
// present, as ids into the tag list of labels.json (a list), of a model's
// config.json (id2label) or of dataset_infos.json (the ClassLabel names of
// features.ner_tags).
func hfItems(t *testing.T, dir string) []string {
	t.Helper()
	names := hfTagNames(t, dir)
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .jsonl in %s (%v)", dir, err)
	}
	sort.Strings(files)
	var docs []tokenDoc
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var row struct {
				Tokens []string `json:"tokens"`
				Tags   []int    `json:"ner_tags"`
				Nested []int    `json:"nested_ner_tags"`
			}
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatalf("%s:%d: %v", file, n+1, err)
			}
			d := tokenDoc{tokens: row.Tokens, sentences: []int{0}}
			for _, ids := range [][]int{row.Tags, row.Nested} {
				tags := make([]string, len(ids))
				for i, id := range ids {
					if id < 0 || id >= len(names) {
						t.Fatalf("%s:%d: tag id %d is not in the tag list", file, n+1, id)
					}
					tags[i] = names[id]
				}
				d.spans = append(d.spans, decodeTags(tags)...)
			}
			docs = append(docs, d)
		}
	}
	return tokenItems(docs)
}

func hfTagNames(t *testing.T, dir string) []string {
	t.Helper()
	if data, err := os.ReadFile(filepath.Join(dir, "labels.json")); err == nil {
		var names []string
		if err := json.Unmarshal(data, &names); err != nil {
			t.Fatalf("labels.json: %v", err)
		}
		return names
	}
	if data, err := os.ReadFile(filepath.Join(dir, "config.json")); err == nil {
		var config struct {
			ID2Label map[string]string `json:"id2label"`
		}
		if err := json.Unmarshal(data, &config); err != nil {
			t.Fatalf("config.json: %v", err)
		}
		names := make([]string, len(config.ID2Label))
		for id, name := range config.ID2Label {
			i, err := strconv.Atoi(id)
			if err != nil || i < 0 || i >= len(names) {
				t.Fatalf("config.json: id2label key %q", id)
			}
			names[i] = name
		}
		return names
	}
	data, err := os.ReadFile(filepath.Join(dir, "dataset_infos.json"))
	if err != nil {
		t.Fatalf("%s has none of labels.json, config.json and dataset_infos.json", dir)
	}
	var infos map[string]struct {
		Features struct {
			NerTags struct {
				Feature struct {
					Names []string `json:"names"`
				} `json:"feature"`
			} `json:"ner_tags"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &infos); err != nil {
		t.Fatalf("dataset_infos.json: %v", err)
	}
	for _, info := range infos {
		return info.Features.NerTags.Feature.Names
	}
	t.Fatalf("dataset_infos.json holds no configuration")
	return nil
}

// The public part of re3d (real press releases about Syria and Iraq, public
// domain) imports with every span exact: each span in the project covers,
// in the project's copy of the text, exactly what it covers in the file.
func TestRealFilesRe3dSpansExact(t *testing.T) {
	input := filepath.Join(realDir, "re3d", "re3d-public.jsonl")
	data, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // text → its spans with what they cover
	records, total := 0, 0
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var rec struct {
			Text  string `json:"text"`
			Spans []struct {
				Start, End int
				Label      string
			} `json:"spans"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s:%d: %v", input, n+1, err)
		}
		runes := []rune(rec.Text)
		for _, s := range rec.Spans {
			want[rec.Text] = append(want[rec.Text], fmt.Sprintf("%d-%d %s «%s»", s.Start, s.End, s.Label, string(runes[s.Start:s.End])))
		}
		records++
		total += len(rec.Spans)
	}
	if records != 45 || total != 1359 {
		t.Fatalf("the file holds %d records and %d spans; re3d's README says 45 and 1,359", records, total)
	}

	project := filepath.Join(t.TempDir(), "re3d.inkspan")
	out := mustRun(t, "import", "--project", project, "--annotator", "re3d", input)
	if w := fmt.Sprintf("%d records read: %d new documents, 0 already there; %d new spans", records, records, total); !strings.Contains(out, w) {
		t.Fatalf("import said %q, want %q", out, w)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, err := db.Documents(ctx, "re3d")
	if err != nil || len(docs) != records {
		t.Fatalf("%d documents in the project (%v), want %d", len(docs), err, records)
	}
	for _, summary := range docs {
		doc, err := db.Document(ctx, summary.ID)
		if err != nil {
			t.Fatal(err)
		}
		spans, err := db.Spans(ctx, doc.ID, "re3d")
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune(doc.Text)
		var got []string
		for _, s := range spans {
			got = append(got, fmt.Sprintf("%d-%d %s «%s»", s.Start, s.End, s.Label, string(runes[s.Start:s.End])))
		}
		exp := want[doc.Text]
		sort.Strings(got)
		sort.Strings(exp)
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Errorf("document %s: spans in the project differ from the file\ngot:\n\t%s\nwant:\n\t%s",
				doc.ExternalID, strings.Join(got, "\n\t"), strings.Join(exp, "\n\t"))
		}
		delete(want, doc.Text)
	}
	if len(want) != 0 {
		t.Errorf("%d texts of the file are not in the project", len(want))
	}
}

// Every file under testdata/real is used by a case and listed, with its
// source and licence, in testdata/real/README.md; every case's file is there
// (files kept elsewhere in the repository are listed by their path).
func TestRealFilesListed(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(realDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{"re3d/re3d-public.jsonl": true}
	for _, c := range realCases() {
		path := c.input
		if strings.HasPrefix(path, "../../") {
			path = path[len("../../"):]
		}
		if !strings.Contains(string(readme), "`"+path+"`") && !strings.Contains(string(readme), "`"+path+"/`") {
			t.Errorf("testdata/real/README.md does not list `%s` (case %q)", path, c.name)
		}
		used[c.input] = true
		if c.format == "hf" { // the data and its tag list
			used[filepath.ToSlash(filepath.Dir(c.input))] = true
		}
	}
	err = filepath.WalkDir(realDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(realDir, path)
		rel = filepath.ToSlash(rel)
		if rel == "README.md" {
			return nil
		}
		if !used[rel] && !used[filepath.ToSlash(filepath.Dir(rel))] {
			t.Errorf("testdata/real/%s is used by no case", rel)
		}
		if !strings.Contains(string(readme), "`"+rel+"`") && !strings.Contains(string(readme), "`"+filepath.ToSlash(filepath.Dir(rel))+"/`") {
			t.Errorf("testdata/real/README.md does not list `%s`", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
