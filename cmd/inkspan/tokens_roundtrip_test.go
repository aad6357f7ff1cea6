package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A CoNLL-2003 file (token, POS, chunk, NER) comes back byte for byte:
// the file's tokens, its sentence breaks and its POS and chunk columns are
// kept with the document and written back by the export (issue 14).
func TestCoNLL2003ComesBackAsTheFileHadIt(t *testing.T) {
	input := filepath.Join(realDir, "conll/spacy-ner-token-per-line-conll2003.iob")
	want, err := os.ReadFile(input)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	if code, out, errOut := inkspan(t, "import", "--project", project, "--format", "conll", "--annotator", "ann", input); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	exported := filepath.Join(dir, "back.conll")
	if code, out, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--all", "--out", exported); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	got, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("the export differs from the file\ngot:\n%s\nwant:\n%s", got, want)
	}
}

// Inkspan's own Hugging Face export carries the text after each token, so
// importing it into the project it came from finds every document and
// adds none; and a project made from it exports the same tokens.
func TestHFExportReimportsWithoutDuplicates(t *testing.T) {
	for _, c := range []struct{ name, format, input string }{
		{"hf wnut17", "hf", "../../model/formats/testdata/real/hf/wnut17/train.jsonl"},
		// Texts with line breaks and runs of spaces, tokenized by Inkspan.
		{"prodigy", "prodigy", filepath.Join(realDir, "prodigy")},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			project := filepath.Join(dir, "p.inkspan")
			input := c.input
			if c.format == "prodigy" {
				matches, _ := filepath.Glob(filepath.Join(input, "*.jsonl"))
				if len(matches) == 0 {
					t.Fatalf("no Prodigy files in %s", input)
				}
				input = matches[0]
			}
			code, out, errOut := inkspan(t, "import", "--project", project, "--format", c.format, "--annotator", "ann", input)
			if code != 0 {
				t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
			}
			added := regexp.MustCompile(`(\d+) new documents`).FindStringSubmatch(out)
			if added == nil || added[1] == "0" {
				t.Fatalf("import added no documents:\n%s", out)
			}
			exported := filepath.Join(dir, "hf")
			if code, out, errOut := inkspan(t, "export", "--project", project, "--format", "hf", "--all", "--out", exported, "--snap"); code != 0 {
				t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
			}
			files, _ := filepath.Glob(filepath.Join(exported, "*.jsonl"))
			if len(files) == 0 {
				t.Fatalf("no .jsonl in the hf export %s", exported)
			}
			code, out, errOut = inkspan(t, append([]string{"import", "--project", project, "--format", "hf", "--annotator", "ann"}, files...)...)
			if code != 0 {
				t.Fatalf("import of the export: exit %d\n%s%s", code, out, errOut)
			}
			if !strings.Contains(out, "0 new documents") {
				t.Fatalf("importing the hf export added documents:\n%s", out)
			}
		})
	}
}

// A document that came as plain text first takes the tokens of a CoNLL file
// with the same text, and exports them; a second token file leaves them.
func TestTokensJoinADocumentThatHadNone(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	conll := "-DOCSTART- -X- O O\n\nSelf-driving NN B-NP O\ncars NNS I-NP O\n\nErdoğan NNP B-NP B-ACTOR\n🇹🇷 NN I-NP O\n\n"
	txt := filepath.Join(dir, "a.txt")
	in := filepath.Join(dir, "a.conll")
	other := filepath.Join(dir, "b.conll")
	if err := os.WriteFile(txt, []byte("Self-driving cars Erdoğan 🇹🇷"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, []byte(conll), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("-DOCSTART- -X- O O\n\nSelf-driving O\ncars O\nErdoğan B-ACTOR\n🇹🇷 O\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, step := range [][]string{
		{"import", "--project", project, "--format", "txt", txt},
		{"import", "--project", project, "--format", "conll", "--annotator", "ann", in},
		{"import", "--project", project, "--format", "conll", "--annotator", "ann", other},
	} {
		if code, out, errOut := inkspan(t, step...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", step, code, out, errOut)
		} else if step[4] == "conll" && !strings.Contains(out, "0 new documents") {
			t.Fatalf("%v added a document:\n%s", step, out)
		}
	}
	exported := filepath.Join(dir, "back.conll")
	if code, out, errOut := inkspan(t, "export", "--project", project, "--format", "conll", "--annotator", "ann", "--out", exported); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	got, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != conll {
		t.Fatalf("export\n%s\nwant the first CoNLL file's tokens, sentences and columns\n%s", got, conll)
	}
}
