package formats_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
)

func TestSplit(t *testing.T) {
	s, err := formats.ParseSplit("train=0.8,dev=0.1,test=0.1", 42)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	const n = 20000
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("doc-%d", i)
		part := s.Part(id)
		if again := s.Part(id); again != part {
			t.Fatalf("%s went to %s, then to %s", id, part, again)
		}
		counts[part]++
	}
	for name, want := range map[string]float64{"train": 0.8, "dev": 0.1, "test": 0.1} {
		if got := float64(counts[name]) / n; math.Abs(got-want) > 0.015 {
			t.Fatalf("%s got %.3f of the documents, want about %.1f", name, got, want)
		}
	}
	other, _ := formats.ParseSplit("train=0.8,dev=0.1,test=0.1", 43)
	moved := 0
	for i := 0; i < 1000; i++ {
		if id := fmt.Sprintf("doc-%d", i); other.Part(id) != s.Part(id) {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("a different seed gave the same split")
	}
	for _, bad := range []string{"train=0.8,dev=0.1", "train=0.8,dev=0.3", "train", "train=x", "train=0.5,train=0.5", "a/b=1", "train=-1,dev=2"} {
		if _, err := formats.ParseSplit(bad, 1); err == nil {
			t.Fatalf("ParseSplit(%q) accepted it", bad)
		}
	}
}
