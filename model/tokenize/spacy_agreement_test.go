package tokenize_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/tokenize"
)

// spacyDir holds Prodigy records with the tokens spaCy's English tokenizer
// gave them (see its README for where each file comes from).
const spacyDir = "testdata/spacy"

// spacyFloor is the number of records, per file and over all of them, whose
// tokens Tokenize reproduces exactly, as measured once the hyphen, %,
// exception and abbreviation rules followed spaCy's (before: 1,607 of 1,734,
// 92.7%; biomedical abstracts 73 of 149): a change that makes the tokenizer
// agree with spaCy less often fails here. What still differs is listed in
// the README.
var spacyFloor = map[string]int{
	"prodigy-news-headlines.jsonl":     373,  // of 373
	"prodigy-tweets.jsonl":             508,  // of 512
	"prodigy-rel-biomedical.jsonl":     149,  // of 149
	"prodigy-restaurant-queries.jsonl": 400,  // of 400
	"prodigy-drugs-reddit.jsonl":       100,  // of 100
	"prodigy-fashion-reddit.jsonl":     98,   // of 100
	"prodigy-food-reddit.jsonl":        100,  // of 100
	"all":                              1728, // of 1734
}

type spacyRecord struct {
	Text   string `json:"text"`
	Tokens []struct {
		Text  string `json:"text"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	} `json:"tokens"`
}

// TestSpacyAgreement tokenizes every record of testdata/spacy and compares
// the tokens with the ones spaCy wrote: a record agrees when both give the
// same tokens with the same code point offsets. spaCy's white space tokens
// ("\n", the second of two spaces) are left out of the comparison, since
// Inkspan never makes a token of white space (see Tokenize).
//
// go test -run SpacyAgreement -v ./model/tokenize/ prints the shares and,
// for each file, the first records that differ.
func TestSpacyAgreement(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(spacyDir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in %s: %v", spacyDir, err)
	}
	allN, allSame := 0, 0
	for _, path := range files {
		name := filepath.Base(path)
		floor, ok := spacyFloor[name]
		if !ok {
			t.Errorf("%s: no floor in spacyFloor", name)
			continue
		}
		n, same, shown := 0, 0, 0
		for rec := range readSpacyRecords(t, path) {
			n++
			want, err := spacyOffsets(rec)
			if err != nil {
				t.Fatalf("%s record %d: %v", name, n, err)
			}
			got := tokenize.Tokenize(rec.Text)
			if sameOffsets(got, want) {
				same++
				continue
			}
			if testing.Verbose() && shown < 10 {
				shown++
				t.Logf("%s record %d differs: %s", name, n, describeDiff(rec.Text, got, want))
			}
		}
		if n == 0 {
			t.Fatalf("%s: no records", name)
		}
		share := 100 * float64(same) / float64(n)
		t.Logf("%s: %d of %d records (%.1f%%) have spaCy's tokens", name, same, n, share)
		if same < floor {
			t.Errorf("%s: %d records have spaCy's tokens, fewer than the floor of %d", name, same, floor)
		}
		allN += n
		allSame += same
	}
	share := 100 * float64(allSame) / float64(allN)
	t.Logf("all: %d of %d records (%.1f%%) have spaCy's tokens", allSame, allN, share)
	if allSame < spacyFloor["all"] {
		t.Errorf("all: %d records have spaCy's tokens, fewer than the floor of %d", allSame, spacyFloor["all"])
	}
}

func readSpacyRecords(t *testing.T, path string) func(func(spacyRecord) bool) {
	return func(yield func(spacyRecord) bool) {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<22)
		line := 0
		for sc.Scan() {
			line++
			var rec spacyRecord
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			if !yield(rec) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}

// spacyOffsets returns the record's tokens other than white space as
// [start, end) pairs, after checking that each token's text is the text at
// its offsets (code points).
func spacyOffsets(rec spacyRecord) ([][2]int, error) {
	off := model.NewOffsets(rec.Text)
	var out [][2]int
	for _, tk := range rec.Tokens {
		if tk.Start < 0 || tk.End > off.Len() || tk.Start >= tk.End || off.Slice(tk.Start, tk.End) != tk.Text {
			return nil, fmt.Errorf("token %q at %d-%d does not match the text", tk.Text, tk.Start, tk.End)
		}
		if strings.TrimFunc(tk.Text, unicode.IsSpace) == "" {
			continue
		}
		out = append(out, [2]int{tk.Start, tk.End})
	}
	return out, nil
}

func sameOffsets(got []tokenize.Token, want [][2]int) bool {
	if len(got) != len(want) {
		return false
	}
	for i, tk := range got {
		if tk.Start != want[i][0] || tk.End != want[i][1] {
			return false
		}
	}
	return true
}

// describeDiff lists the tokens found on one side only: spaCy's, then ours.
func describeDiff(text string, got []tokenize.Token, want [][2]int) string {
	off := model.NewOffsets(text)
	ours := map[[2]int]bool{}
	for _, tk := range got {
		ours[[2]int{tk.Start, tk.End}] = true
	}
	theirs := map[[2]int]bool{}
	var onlySpacy, onlyOurs []string
	for _, w := range want {
		theirs[w] = true
		if !ours[w] {
			onlySpacy = append(onlySpacy, off.Slice(w[0], w[1]))
		}
	}
	for _, tk := range got {
		if !theirs[[2]int{tk.Start, tk.End}] {
			onlyOurs = append(onlyOurs, tk.Text)
		}
	}
	return fmt.Sprintf("spaCy %q, Inkspan %q", onlySpacy, onlyOurs)
}
