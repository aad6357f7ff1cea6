package gui

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/agree"
	"github.com/inkspan/inkspan/model/tokenize"
)

// BenchmarkReviewRedraw is what a reviewer's key press costs on a long
// document: the proposals drawn (viewSpans) and the review panel's rows,
// with two annotators' 5,000 spans each on 250,000 characters of news
// text, 70% of them shared.
func BenchmarkReviewRedraw(b *testing.B) {
	seed, err := os.ReadFile("../testdata/idlib-talks.txt")
	if err != nil {
		b.Fatalf("the seed article must be in testdata/ at the top of the repository: %v", err)
	}
	var text strings.Builder
	for text.Len() < 250_000 {
		text.Write(seed)
	}
	tokens := tokenize.Tokenize(text.String())
	labels := []string{"ACTOR", "PLACE", "FIGURE"}
	people := map[string][]model.Span{}
	step := len(tokens) / 5000
	for i := range 5000 {
		t := tokens[i*step]
		s := model.Span{Start: t.Start, End: t.End, Label: labels[i%3]}
		people["anna"] = append(people["anna"], s)
		if i%10 >= 7 {
			s.Label = labels[(i+1)%3] // bob disagrees on three in ten
		}
		people["bob"] = append(people["bob"], s)
	}
	p := newProject(b, model.Document{ID: "long", Text: text.String()})
	ws := openWorkspace(b, p)
	asUI(ws, func() {
		ws.reviewing = true
		ws.people = people
		ws.peopleMarks = agree.Compare(people)
	})
	b.ResetTimer()
	for b.Loop() {
		asUI(ws, func() {
			if n := len(ws.viewSpans()); n == 0 {
				panic(fmt.Sprint("no proposals"))
			}
			ws.reviewPanel.refresh()
		})
	}
}
