package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/assets"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
)

// inkspan runs a command line in-process and returns its exit status and
// output.
func inkspan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := inkspan(t, args...)
	if code != 0 {
		t.Fatalf("inkspan %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func write(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func stats(t *testing.T, project string) model.Stats {
	t.Helper()
	var st model.Stats
	if err := json.Unmarshal([]byte(mustRun(t, "stats", "--project", project, "--json")), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

const seedPath = "../../testdata/idlib-talks.txt"

const example = "Putin met Erdoğan in Moscow; 34 soldiers died 🇹🇷."

func TestImportEachFormat(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	nonEmptyLines := 0
	for _, l := range strings.Split(string(seed), "\n") {
		if strings.TrimSpace(l) != "" {
			nonEmptyLines++
		}
	}
	for _, tc := range []struct {
		name, format string
		files        map[string]string
		docs, spans  int
	}{
		{"txt file", "auto", map[string]string{"idlib.txt": string(seed)}, 1, 0},
		{"txt folder", "auto", map[string]string{"news/a.txt": example, "news/deep/b.txt": "Zweiter Text über Łódź.", "news/skip.md": "not text"}, 2, 0},
		{"lines", "lines", map[string]string{"idlib.txt": string(seed)}, nonEmptyLines, 0},
		{"jsonl prodigy", "auto", map[string]string{"a.jsonl": `{"text":"` + example + `","spans":[{"start":10,"end":17,"label":"ACTOR"},{"start":46,"end":48,"label":"PLACE"}]}` + "\n"}, 1, 2},
		{"jsonl doccano", "jsonl", map[string]string{"a.json": `{"id":1,"text":"` + example + `","label":[[0,5,"ACTOR"],[21,27,"PLACE"],[29,31,"FIGURE"]]}` + "\n"}, 1, 3},
		{"csv", "auto", map[string]string{"a.csv": "id,text,source\n1,\"" + example + "\",wire\n2,\"Second, with a comma\",desk\n"}, 2, 0},
		{"tsv", "auto", map[string]string{"a.tsv": "text\tsource\n" + example + "\twire\n"}, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := t.TempDir()
			var first string
			for name, content := range tc.files {
				p := write(t, filepath.Join(sub, name), content)
				if first == "" || strings.HasPrefix(name, "news/") {
					first = p
				}
			}
			input := first
			if strings.HasPrefix(tc.name, "txt folder") {
				input = filepath.Join(sub, "news")
			}
			project := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".inkspan")
			out := mustRun(t, "import", "--project", project, "--format", tc.format, "--annotator", "alice", input)
			if !strings.Contains(out, "new documents") {
				t.Fatalf("output = %q", out)
			}
			st := stats(t, project)
			if st.Documents != tc.docs || st.Spans != tc.spans {
				t.Fatalf("imported %d documents and %d spans, want %d and %d", st.Documents, st.Spans, tc.docs, tc.spans)
			}
			// Again: nothing new.
			out = mustRun(t, "import", "--project", project, "--format", tc.format, "--annotator", "alice", input)
			if want := "0 new documents"; !strings.Contains(out, want) || !strings.Contains(out, "0 new spans") {
				t.Fatalf("second import said %q", out)
			}
			if st2 := stats(t, project); st2.Documents != tc.docs || st2.Spans != tc.spans {
				t.Fatalf("second import changed the project: %+v", st2)
			}
		})
	}
}

func TestImportKeepsOffsetsExact(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "a.jsonl"),
		`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":10,"end":17,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"},{"start":29,"end":31,"label":"FIGURE"}],"_annotator_id":"news-alice"}`+"\n")
	mustRun(t, "import", "--project", project, in)
	ctx := context.Background()
	db, err := storage.Open(ctx, project, storage.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	docs, _ := db.Documents(ctx, "news-alice")
	doc, _ := db.Document(ctx, docs[0].ID)
	spans, _ := db.Spans(ctx, doc.ID, "news-alice")
	offsets := model.NewOffsets(doc.Text)
	var got []string
	for _, s := range spans {
		got = append(got, offsets.Slice(s.Start, s.End)+"/"+s.Label)
	}
	if strings.Join(got, " ") != "Putin/ACTOR Erdoğan/ACTOR Moscow/PLACE 34/FIGURE" {
		t.Fatalf("spans = %v", got)
	}
}

func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	good := `{"text":"A good first record."}`
	for _, tc := range []struct {
		name, file, content string
		want                []string // in the error line
	}{
		{"malformed JSON", "a.jsonl", good + "\n{\"text\": \"x\",,}\n", []string{"a.jsonl:2"}},
		{"missing text", "a.jsonl", good + "\n{\"id\": 3}\n", []string{"a.jsonl:2", "text"}},
		{"invalid UTF-8", "a.jsonl", good + "\n{\"text\": \"bad \xff byte\"}\n", []string{"a.jsonl:2", "UTF-8"}},
		{"span out of range", "a.jsonl", good + "\n" + `{"text":"short","spans":[{"start":0,"end":60,"label":"ACTOR"}]}` + "\n", []string{"a.jsonl:2", "past the text"}},
		{"span inverted", "a.jsonl", good + "\n" + `{"text":"short","label":[[4,1,"ACTOR"]]}` + "\n", []string{"a.jsonl:2", "before end"}},
		{"overlapping spans", "a.jsonl", good + "\n" + `{"text":"Putin met Erdoğan","spans":[{"start":0,"end":9,"label":"ACTOR"},{"start":6,"end":17,"label":"ACTOR"}]}` + "\n", []string{"a.jsonl:2", "overlap"}},
		{"csv without text column", "a.csv", "id,body\n1,hello\n", []string{"a.csv:1", "text"}},
		{"csv short row", "a.csv", "id,text,source\n1,hello,x\n2\n", []string{"a.csv:3"}},
		{"txt invalid UTF-8", "a.txt", "caf\xe9 au lait", []string{"a.txt", "UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := write(t, filepath.Join(t.TempDir(), tc.file), tc.content)
			project := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".inkspan")
			// A project with work in it: a failed import must not touch it.
			mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(t.TempDir(), "before.jsonl"),
				`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`+"\n"))
			code, out, errOut := inkspan(t, "import", "--project", project, "--annotator", "alice", in)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if len(lines) != 1 {
				t.Fatalf("want one error line, got:\n%s", errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(lines[0], w) {
					t.Fatalf("error %q does not mention %q", lines[0], w)
				}
			}
			if st := stats(t, project); st.Documents != 1 || st.Spans != 1 {
				t.Fatalf("after a failed import the project holds %d documents, %d spans; want the 1 and 1 from before", st.Documents, st.Spans)
			}
		})
	}
	// A text file of white space is no document, but no reason to refuse
	// the import: a warning names it and the project is as it was.
	t.Run("txt empty", func(t *testing.T) {
		project := filepath.Join(t.TempDir(), "p.inkspan")
		mustRun(t, "import", "--project", project, write(t, filepath.Join(t.TempDir(), "b.txt"), example))
		in := write(t, filepath.Join(t.TempDir(), "a.txt"), "  \n")
		code, out, errOut := inkspan(t, "import", "--project", project, in)
		if code != 0 || !strings.Contains(errOut, "a.txt") || !strings.Contains(errOut, "empty") || !strings.Contains(out, "1 warnings") {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		if st := stats(t, project); st.Documents != 1 {
			t.Fatalf("the project holds %d documents, want the 1 from before", st.Documents)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		project := filepath.Join(t.TempDir(), "p.inkspan")
		code, _, errOut := inkspan(t, "import", "--project", project, filepath.Join(dir, "nope.jsonl"))
		if code != 1 || !strings.Contains(errOut, "nope.jsonl") {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if _, err := os.Stat(project); !os.IsNotExist(err) {
			t.Fatal("a failed import into a new project left the project file behind")
		}
	})
	t.Run("skip invalid", func(t *testing.T) {
		in := write(t, filepath.Join(t.TempDir(), "mixed.jsonl"), good+"\nnot json\n"+`{"text":"Third record."}`+"\n"+`{"text":"x","spans":[{"start":0,"end":9,"label":"ACTOR"}]}`+"\n")
		project := filepath.Join(t.TempDir(), "p.inkspan")
		code, out, errOut := inkspan(t, "import", "--project", project, "--annotator", "alice", "--skip-invalid", in)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		// The malformed line is a record skipped; the span past the end
		// of line 4's text is skipped alone, its document kept.
		if !strings.Contains(errOut, "mixed.jsonl:2") || !strings.Contains(errOut, "mixed.jsonl:4") || !strings.Contains(out, "1 invalid records skipped") ||
			!strings.Contains(out, "1 invalid spans skipped, their documents kept") {
			t.Fatalf("stdout %q stderr %q", out, errOut)
		}
		st := stats(t, project)
		if st.Documents != 3 {
			t.Fatalf("documents = %d, want 3", st.Documents)
		}
		// Line 4 lost its only span: it is a document to annotate, not a
		// negative example (an annotation that found nothing).
		if got := st.Annotators["alice"][model.StatusDone] + st.Annotators["alice"][model.StatusInProgress]; got != 0 {
			t.Fatalf("alice's sets: %v, want none (no line has a span left)", st.Annotators["alice"])
		}
	})
}

func TestImportReportsNewLabels(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	in := write(t, filepath.Join(dir, "a.jsonl"), `{"text":"`+example+`","label":[[0,5,"PERSON"],[21,27,"GPE"]]}`+"\n")
	out := mustRun(t, "import", "--project", project, "--annotator", "bob", in)
	if !strings.Contains(out, "new labels added to the project: GPE, PERSON") {
		t.Fatalf("output = %q", out)
	}
	if list := mustRun(t, "labels", "--project", project); !strings.Contains(list, "GPE") || !strings.Contains(list, "PERSON") {
		t.Fatalf("labels = %s", list)
	}
}

func TestStats(t *testing.T) {
	dir := t.TempDir()
	project := filepath.Join(dir, "p.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "a.jsonl"),
		`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"},{"start":21,"end":27,"label":"PLACE"}]}`+"\n"+`{"text":"Another text."}`+"\n"))
	st := stats(t, project)
	if st.Documents != 2 || st.Spans != 2 || st.Labels["ACTOR"] != 1 || st.Labels["FIGURE"] != 0 {
		t.Fatalf("stats = %+v", st)
	}
	// A JSONL record with spans says its annotator annotated it: done.
	if a := st.Annotators["alice"]; a[model.StatusDone] != 1 || a[model.StatusTodo] != 1 {
		t.Fatalf("alice = %v", a)
	}
	text := mustRun(t, "stats", "--project", project)
	for _, want := range []string{"Documents", "ACTOR", "alice", "in_progress"} {
		if !strings.Contains(text, want) {
			t.Fatalf("stats text lacks %q:\n%s", want, text)
		}
	}
	// The JSON keys scripts rely on.
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(mustRun(t, "stats", "--project", project, "--json")), &raw)
	for _, key := range []string{"documents", "spans", "labels", "annotators"} {
		if _, ok := raw[key]; !ok {
			t.Fatalf("stats --json lacks %q", key)
		}
	}
}

func TestLabelsCommands(t *testing.T) {
	project := filepath.Join(t.TempDir(), "p.inkspan")
	mustRun(t, "import", "--project", project, write(t, filepath.Join(t.TempDir(), "a.txt"), example))
	out := mustRun(t, "labels", "--project", project)
	for _, want := range []string{"ACTOR", "PLACE", "FIGURE", "#e4572e", "A named or described location."} {
		if !strings.Contains(out, want) {
			t.Fatalf("labels lacks %q:\n%s", want, out)
		}
	}
	mustRun(t, "labels", "add", "--project", project, "--name", "EVENT", "--key", "4", "--color", "#336699", "--description", "Something that happens.")
	mustRun(t, "labels", "set", "--project", project, "ACTOR", "--name", "AGENT", "--color", "#000000")
	out = mustRun(t, "labels", "--project", project)
	if !strings.Contains(out, "AGENT") || strings.Contains(out, "ACTOR") || !strings.Contains(out, "Something that happens.") {
		t.Fatalf("labels after edits:\n%s", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"labels", "add", "--project", project, "--name", "PLACE"}, 1, "already exists"},
		{[]string{"labels", "add", "--project", project, "--name", "X", "--key", "2"}, 1, "key 2"},
		{[]string{"labels", "add", "--project", project, "--name", "X", "--color", "blue"}, 1, "colour"},
		{[]string{"labels", "set", "--project", project, "NOPE", "--color", "#000000"}, 1, "no label named NOPE"},
		{[]string{"labels", "add", "--project", project}, 2, "--name"},
		{[]string{"labels", "frob", "--project", project}, 2, "unknown subcommand"},
	} {
		code, _, errOut := inkspan(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Fatalf("inkspan %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	for _, cmd := range [][]string{{"import"}, {"stats"}, {"labels"}, {"labels", "add"}, {"labels", "set"}, {"gui"}} {
		code, _, errOut := inkspan(t, append(cmd, "--help")...)
		if code != 0 || !strings.Contains(errOut, "Usage: inkspan "+cmd[0]) {
			t.Fatalf("%v --help: exit %d, %q", cmd, code, errOut)
		}
	}
	if code, out, _ := inkspan(t, "--help"); code != 0 || !strings.Contains(out, "inkspan import") {
		t.Fatalf("--help: %d %q", code, out)
	}
	if code, out, _ := inkspan(t, "version"); code != 0 || !strings.HasPrefix(out, "inkspan ") {
		t.Fatalf("version: %d %q", code, out)
	}
	missing := filepath.Join(t.TempDir(), "missing.inkspan")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"stats"}, 2, "--project FILE is required"},
		{[]string{"stats", "--project", missing}, 1, "missing.inkspan does not exist"},
		{[]string{"stats", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"import", "--project", missing}, 2, "at least one file"},
		{[]string{"import", "--project", missing, "--format", "xml", "a.xml"}, 1, "xml"},
	} {
		code, _, errOut := inkspan(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Fatalf("inkspan %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestDefaultProjectHasSamples(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	ctx := context.Background()
	for round := 0; round < 2; round++ { // the second open adds nothing
		db, err := openDefaultProject(ctx)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := db.Documents(ctx, "alice")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != len(assets.Samples()) || len(docs) < 5 {
			t.Fatalf("round %d: default project has %d documents, want the %d samples", round, len(docs), len(assets.Samples()))
		}
	}
	if _, err := os.Stat(filepath.Join(os.Getenv("XDG_DATA_HOME"), "inkspan", "default.inkspan")); err != nil {
		t.Fatal(err)
	}
}
