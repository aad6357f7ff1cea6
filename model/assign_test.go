package model

import (
	"fmt"
	"reflect"
	"testing"
)

func TestPlanAssignmentsBalancedAndDeterministic(t *testing.T) {
	var docs []string
	for i := range 30 {
		docs = append(docs, fmt.Sprintf("d%02d", i))
	}
	people := []string{"ann", "bo", "cy", "di"}
	plan := PlanAssignments(docs, people, nil, 2, 7)
	load := map[string]int{}
	for _, d := range docs {
		names := plan[d]
		if len(names) != 2 || names[0] == names[1] {
			t.Fatalf("document %s got %v, want 2 different annotators", d, names)
		}
		for _, n := range names {
			load[n]++
		}
	}
	for _, p := range people {
		if load[p] != 15 { // 30 documents x 2 / 4 people
			t.Errorf("%s has %d documents, want 15 (loads %v)", p, load[p], load)
		}
	}
	if again := PlanAssignments(docs, people, nil, 2, 7); !reflect.DeepEqual(plan, again) {
		t.Error("the same seed gave another plan")
	}
	if other := PlanAssignments(docs, people, nil, 2, 8); reflect.DeepEqual(plan, other) {
		t.Error("another seed gave the same plan")
	}
}

func TestPlanAssignmentsKeepsExisting(t *testing.T) {
	existing := map[string][]string{"a": {"ann", "bo"}, "b": {"ann"}}
	plan := PlanAssignments([]string{"a", "b", "c"}, []string{"ann", "bo", "cy"}, existing, 2, 1)
	if _, ok := plan["a"]; ok {
		t.Errorf("document a has 2 annotators already, yet got %v", plan["a"])
	}
	if got := plan["b"]; len(got) != 1 || got[0] == "ann" {
		t.Errorf("document b got %v, want one annotator other than ann", got)
	}
	// Loads before c: ann 2, bo 1 (+1 if b went to bo), cy 0 (+1 if b went to cy).
	if got := plan["c"]; len(got) != 2 || got[0] == "ann" {
		t.Errorf("document c got %v, want the two least loaded, not ann", got)
	}
	if got := PlanAssignments([]string{"x"}, []string{"ann"}, nil, 3, 1)["x"]; !reflect.DeepEqual(got, []string{"ann"}) {
		t.Errorf("with one annotator and 3 wanted, got %v", got)
	}
}

func TestSampleDocuments(t *testing.T) {
	var docs []string
	for i := range 50 {
		docs = append(docs, fmt.Sprintf("d%02d", i))
	}
	s := SampleDocuments(docs, 20, 4)
	if len(s) != 10 {
		t.Fatalf("20%% of 50: %d documents", len(s))
	}
	for i := 1; i < len(s); i++ {
		if s[i-1] >= s[i] {
			t.Fatalf("not in the given order: %v", s)
		}
	}
	if !reflect.DeepEqual(s, SampleDocuments(docs, 20, 4)) || reflect.DeepEqual(s, SampleDocuments(docs, 20, 5)) {
		t.Error("a seed does not decide the sample")
	}
	if got := SampleDocuments(docs[:3], 1, 1); len(got) != 1 {
		t.Errorf("1%% of 3: %v, want one document", got)
	}
	if got := SampleDocuments(docs, 0, 1); len(got) != 0 {
		t.Errorf("0%%: %v", got)
	}
}
