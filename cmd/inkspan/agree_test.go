package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
)

// agreeText and the spans alice and bob make on it, whose figures
// model/agree's tests work out. Its tokens:
//
//	Putin met   Erdogan in      Moscow  on      Thursday .
//	[0,5) [6,9) [10,17) [18,20) [21,27) [28,30) [31,39)  [39,40)
const agreeText = "Putin met Erdogan in Moscow on Thursday."

var (
	agreeAlice = []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "ACTOR"}, {Start: 21, End: 27, Label: "PLACE"}}
	agreeBob   = []model.Span{{Start: 0, End: 5, Label: "ACTOR"}, {Start: 10, End: 17, Label: "PLACE"}, {Start: 18, End: 27, Label: "PLACE"}, {Start: 31, End: 39, Label: "FIGURE"}}
	// Erdogan in "Erdogan spoke." and the other texts starting with him.
	agreeErdogan = []model.Span{{Start: 0, End: 7, Label: "ACTOR"}}
)

// agreeHasAll fails unless out holds every one of want.
func agreeHasAll(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}

// agreeDoc is one document of a test project and its sets.
type agreeDoc struct {
	externalID, text string
	sets             []agreeDocSet
}

type agreeDocSet struct {
	annotator string
	status    model.Status
	spans     []model.Span
}

// agreeProjectOf makes a project of docs through storage: the command line
// cannot make gold or set statuses.
func agreeProjectOf(t *testing.T, docs ...agreeDoc) string {
	t.Helper()
	ctx := context.Background()
	project := filepath.Join(t.TempDir(), "p.inkspan")
	db := openProjectT(t, project, true)
	defer db.Close()
	for _, d := range docs {
		id, _, err := db.AddDocument(ctx, model.Document{ExternalID: d.externalID, Text: d.text})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d.sets {
			for _, sp := range s.spans {
				if _, err := db.AddSpan(ctx, id, s.annotator, sp); err != nil {
					t.Fatal(err)
				}
			}
			if s.status == model.StatusTodo {
				err = db.SetNote(ctx, id, s.annotator, "later") // a todo set: a note and nothing else
			} else {
				err = db.SetStatus(ctx, id, s.annotator, s.status)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return project
}

// agreeTestProject is the project of storage's agreement test, whose figures
// model/agree's tests work out:
//
//	d1 agreeText          alice, bob in progress; gold reviewed (alice's spans)
//	d2 "Erdogan spoke."   alice done, bob in progress, both Erdogan; gold in review, the same
//	d3 another text       alice in progress; bob skipped; carol todo
//
// Counted: d1 and d2 for the pair, both for gold; d3 has one counted set.
func agreeTestProject(t *testing.T) string {
	alice, bob, erdogan := agreeAlice, agreeBob, agreeErdogan
	return agreeProjectOf(t,
		agreeDoc{"d1", agreeText, []agreeDocSet{
			{"alice", model.StatusInProgress, alice}, {"bob", model.StatusInProgress, bob},
			{model.GoldAnnotator, model.ReviewReviewed.Status(), alice},
		}},
		agreeDoc{"d2", "Erdogan spoke.", []agreeDocSet{
			{"alice", model.StatusDone, erdogan}, {"bob", model.StatusInProgress, erdogan},
			{model.GoldAnnotator, model.ReviewInReview.Status(), erdogan},
		}},
		agreeDoc{"d3", "Erdogan spoke in Ankara.", []agreeDocSet{
			{"alice", model.StatusInProgress, erdogan}, {"bob", model.StatusSkipped, []model.Span{{Start: 0, End: 7, Label: "PLACE"}}},
			{"carol", model.StatusTodo, nil},
		}},
	)
}

func agreeNear(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Fatalf("%s = %.6f, want %.6f", what, got, want)
	}
}

// agreeJSON is the part of `agree --json` the spec fixes.
type agreeJSON struct {
	Pairs []struct {
		A             string  `json:"a"`
		B             string  `json:"b"`
		SpanF1        float64 `json:"span_f1"`
		SpanF1Overlap float64 `json:"span_f1_overlap"`
		TokenKappa    float64 `json:"token_kappa"`
		Documents     int     `json:"documents"`
		PerLabel      map[string]struct {
			F1 float64 `json:"f1"`
		} `json:"per_label"`
	} `json:"pairs"`
	Gold []struct {
		Annotator string  `json:"annotator"`
		F1        float64 `json:"f1"`
	} `json:"gold"`
}

func agreeRunJSON(t *testing.T, args ...string) agreeJSON {
	t.Helper()
	out := mustRun(t, append([]string{"agree", "--json"}, args...)...)
	var r agreeJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

func TestAgreeTable(t *testing.T) {
	project := agreeTestProject(t)
	out := mustRun(t, "agree", "--project", project)
	agreeHasAll(t, out,
		"Agreement on all documents",
		// d1 + d2: exact F1 2·2 / 9 = 0.444, overlap 2·3 / 9 = 0.667,
		// token κ 4/7 = 0.571 (model/agree's TestMicroAverage).
		"alice  bob  (all)   2          0.444    0.667       0.571",
		// ACTOR: alice 2 + 1, bob 1 + 1, 2 matches: 2·2 / 5 = 0.800.
		"ACTOR              0.800",
		"Against gold",
		// bob: TP 2 of his 5 and gold's 4: P 0.4, R 0.5, F1 4/9.
		"bob        2          0.400      0.500   0.444",
		"Lowest agreement",
	)
	// d1 (2/7) before d2 (1), with external ids and titles.
	d1 := strings.Index(out, "0.286      d1  Putin met Erdogan in Moscow on Thursday.")
	d2 := strings.Index(out, "1.000      d2  Erdogan spoke.")
	if d1 < 0 || d2 < d1 {
		t.Fatalf("lowest agreement should list d1 at 0.286 then d2 at 1.000:\n%s", out)
	}
	if strings.Contains(out, "carol") || strings.Contains(out, "Fleiss") {
		t.Fatalf("carol's todo set counted:\n%s", out)
	}
}

func TestAgreeJSON(t *testing.T) {
	project := agreeTestProject(t)
	r := agreeRunJSON(t, "--project", project)
	if len(r.Pairs) != 1 {
		t.Fatalf("pairs = %+v, want alice-bob", r.Pairs)
	}
	p := r.Pairs[0]
	if p.A != "alice" || p.B != "bob" || p.Documents != 2 {
		t.Fatalf("pair = %+v, want alice, bob on 2 documents", p)
	}
	agreeNear(t, "span_f1", p.SpanF1, 4.0/9)
	agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 6.0/9)
	agreeNear(t, "token_kappa", p.TokenKappa, 4.0/7)
	agreeNear(t, "per_label ACTOR f1", p.PerLabel["ACTOR"].F1, 4.0/5)
	// PLACE: alice's Moscow against bob's Erdogan and "in Moscow": 0 / 3.
	agreeNear(t, "per_label PLACE f1", p.PerLabel["PLACE"].F1, 0)
	if len(r.Gold) != 2 || r.Gold[1].Annotator != "bob" {
		t.Fatalf("gold = %+v, want alice and bob", r.Gold)
	}
	agreeNear(t, "bob against gold f1", r.Gold[1].F1, 4.0/9)

	// The spec's key names, checked on the raw JSON.
	var raw struct {
		Pairs []map[string]json.RawMessage `json:"pairs"`
	}
	json.Unmarshal([]byte(mustRun(t, "agree", "--project", project, "--json")), &raw)
	for _, key := range []string{"a", "b", "span_f1", "span_f1_overlap", "token_kappa", "documents", "per_label"} {
		if _, ok := raw.Pairs[0][key]; !ok {
			t.Fatalf("pair lacks %q: %v", key, raw.Pairs[0])
		}
	}
}

func TestAgreeCSV(t *testing.T) {
	project := agreeTestProject(t)
	rows, err := csv.NewReader(strings.NewReader(mustRun(t, "agree", "--project", project, "--csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Join(rows[0], ",")
	if want := "a,b,label,documents,span_f1,span_f1_overlap,token_kappa,precision,recall,spans_a,spans_b,matched,matched_overlap"; header != want {
		t.Fatalf("header = %s, want %s", header, want)
	}
	byKey := map[string][]string{}
	for _, row := range rows[1:] {
		byKey[row[0]+","+row[1]+","+row[2]] = row
	}
	num := func(row []string, col int) float64 {
		t.Helper()
		v, err := strconv.ParseFloat(row[col], 64)
		if err != nil {
			t.Fatalf("row %v column %s: %v", row, rows[0][col], err)
		}
		return v
	}
	all, ok := byKey["alice,bob,*"]
	if !ok {
		t.Fatalf("no alice,bob,* row in %v", rows)
	}
	// Spans on d1 + d2: alice 3 + 1, bob 4 + 1; exact matches Putin and
	// Erdogan on d2, and by overlap Moscow too.
	if got, want := strings.Join(append(all[3:4:4], all[9:]...), " "), "2 4 5 2 3"; got != want {
		t.Fatalf("alice,bob,* documents and counts = %s, want %s (row %v)", got, want, all)
	}
	agreeNear(t, "span_f1", num(all, 4), 4.0/9)
	agreeNear(t, "token_kappa", num(all, 6), 4.0/7)
	place := byKey["alice,bob,PLACE"]
	agreeNear(t, "PLACE span_f1", num(place, 4), 0)
	agreeNear(t, "PLACE span_f1_overlap", num(place, 5), 2.0/3)
	gold, ok := byKey["bob,gold,*"]
	if !ok {
		t.Fatalf("no bob,gold,* row in %v", rows)
	}
	agreeNear(t, "bob precision", num(gold, 7), 2.0/5)
	agreeNear(t, "bob recall", num(gold, 8), 2.0/4)
	agreeNear(t, "bob f1", num(gold, 4), 4.0/9)
	if gold[5] != "" || gold[6] != "" {
		t.Fatalf("gold row %v fills the overlap and kappa columns", gold)
	}
	// Rows: alice-bob * + ACTOR, PLACE, FIGURE; alice-gold * + ACTOR,
	// PLACE; bob-gold * + ACTOR, PLACE, FIGURE; and the header.
	if got, want := len(rows), 1+4+3+4; got != want {
		t.Fatalf("%d rows, want %d: %v", got, want, rows)
	}
}

func TestAgreeLabel(t *testing.T) {
	project := agreeTestProject(t)
	r := agreeRunJSON(t, "--project", project, "--label", "PLACE")
	p := r.Pairs[0]
	agreeNear(t, "span_f1", p.SpanF1, 0)
	agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 2.0/3)
	// PLACE or not over d1's 8 tokens and d2's 3: both 1 (Moscow), only
	// bob 2 (Erdogan, in), neither 8. p_o = 9/11; alice 1, bob 3:
	// p_e = (1·3 + 10·8) / 121 = 83/121; κ = (99 − 83) / (121 − 83) = 16/38.
	agreeNear(t, "token_kappa", p.TokenKappa, 16.0/38)
	if _, ok := p.PerLabel["ACTOR"]; ok || len(p.PerLabel) != 1 {
		t.Fatalf("per_label = %v, want PLACE only", p.PerLabel)
	}
	if out := mustRun(t, "agree", "--project", project, "--label", "PLACE"); !strings.Contains(out, "label PLACE only") {
		t.Fatalf("table does not say it is about PLACE:\n%s", out)
	}
}

func TestAgreeReviewed(t *testing.T) {
	project := agreeTestProject(t)
	// d1 only: its gold is reviewed, d2's in review.
	r := agreeRunJSON(t, "--project", project, "--documents", "reviewed")
	p := r.Pairs[0]
	if p.Documents != 1 {
		t.Fatalf("documents = %d, want 1", p.Documents)
	}
	// model/agree's TestTwoAnnotators: 2·1 / (3 + 4), overlap 2·2 / 7,
	// κ 5/11.
	agreeNear(t, "span_f1", p.SpanF1, 2.0/7)
	agreeNear(t, "span_f1_overlap", p.SpanF1Overlap, 4.0/7)
	agreeNear(t, "token_kappa", p.TokenKappa, 5.0/11)
	// bob against d1's gold: 2·1 / (4 + 3).
	agreeNear(t, "bob against gold f1", r.Gold[1].F1, 2.0/7)
	out := mustRun(t, "agree", "--project", project, "--documents", "reviewed")
	if !strings.Contains(out, "Agreement on reviewed documents") || strings.Contains(out, "Erdogan spoke.") {
		t.Fatalf("reviewed table:\n%s", out)
	}
	// Nothing reviewed yet: an empty report and a note.
	project = agreeProjectOf(t, agreeDoc{"d1", agreeText, []agreeDocSet{
		{"alice", model.StatusDone, nil}, {"bob", model.StatusDone, nil},
	}})
	code, out, errOut := inkspan(t, "agree", "--project", project, "--documents", "reviewed", "--json")
	if code != 0 || !strings.Contains(out, `"pairs": []`) || !strings.Contains(errOut, "no reviewed document has two annotators") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

// TestAgreeNoPairs: one annotator is an answer, not a failure.
func TestAgreeNoPairs(t *testing.T) {
	project := agreeProjectOf(t, agreeDoc{"d1", agreeText, []agreeDocSet{
		{"alice", model.StatusDone, agreeAlice[:1]},
		{model.GoldAnnotator, model.ReviewReviewed.Status(), agreeAlice[:2]},
	}})
	// alice found Putin, 1 of gold's 2: P 1, R 0.5, F1 2·1 / 3.
	agreeHasAll(t, mustRun(t, "agree", "--project", project),
		"No document has two annotators yet (annotators: alice)", "alice      1          1.000      0.500   0.667")
	code, out, errOut := inkspan(t, "agree", "--project", project, "--csv")
	if code != 0 || !strings.Contains(errOut, "no document has two annotators") || !strings.Contains(out, "alice,gold,*,1,0.6666666666666666,") {
		t.Fatalf("--csv: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

func TestAgreeErrors(t *testing.T) {
	project := agreeTestProject(t)
	code, _, errOut := inkspan(t, "agree", "--help")
	if code != 0 || !strings.Contains(errOut, "Usage: inkspan agree") || !strings.Contains(errOut, "b = gold") {
		t.Fatalf("--help: exit %d, %q", code, errOut)
	}
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"agree", "--project", project, "--json", "--csv"}, 2, []string{"not both"}},
		{[]string{"agree"}, 2, []string{"--project FILE is required"}},
		{[]string{"agree", "--project", project, "extra"}, 2, []string{"unexpected argument"}},
		{[]string{"agree", "--project", project, "--label", "PERSON"}, 1, []string{"no label named PERSON", "ACTOR, PLACE, FIGURE"}},
		{[]string{"agree", "--project", project, "--documents", "some"}, 1, []string{"reviewed or all", "some"}},
		{[]string{"agree", "--project", filepath.Join(t.TempDir(), "missing.inkspan")}, 1, []string{"does not exist"}},
	} {
		code, _, errOut := inkspan(t, tc.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != tc.code || code == 1 && len(lines) != 1 {
			t.Fatalf("inkspan %v: exit %d, stderr %q; want exit %d on one line", tc.args, code, errOut, tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Fatalf("inkspan %v: stderr %q does not mention %q", tc.args, errOut, w)
			}
		}
	}
}
