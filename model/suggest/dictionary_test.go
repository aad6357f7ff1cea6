package suggest_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/inkspan/inkspan/model/suggest"
	"github.com/inkspan/inkspan/model/tokenize"
)

func TestDictionary(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		d := suggest.NewDictionary([]suggest.Entry{
			{Text: "Idlib", Label: "PLACE"},
			{Text: "Maaret Misrin", Label: "PLACE"},
			{Text: "Erdoğan", Label: "ACTOR"},
		})
		text := "🇹🇷 Erdoğan flew over Idlib, Idlibi and Maaret Misrin; idlib is lower case."
		want := []string{"ACTOR Erdoğan@3", at("PLACE Idlib", cp(t, text, "Idlib", 0)), at("PLACE Maaret Misrin", cp(t, text, "Maaret", 0))}
		if got := show(text, d.Match(tokenize.Tokenize(text), nil)); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %q, want %q", got, want)
		}
	})

	t.Run("MostFrequentLabel", func(t *testing.T) {
		d := suggest.NewDictionary([]suggest.Entry{
			{Text: "Turkey", Label: "PLACE"},
			{Text: "Turkey", Label: "ACTOR"},
			{Text: "Turkey", Label: "ACTOR"},
		})
		if got, ok := d.Label("Turkey"); !ok || got != "ACTOR" {
			t.Fatalf("Label = %q, %v; want ACTOR", got, ok)
		}
		d.Add("Turkey", "PLACE") // a tie: alphabetical order decides
		if got, _ := d.Label("Turkey"); got != "ACTOR" {
			t.Fatalf("Label after a tie = %q, want ACTOR", got)
		}
		d.Add("Turkey", "PLACE")
		if got, _ := d.Label("Turkey"); got != "PLACE" {
			t.Fatalf("Label = %q, want PLACE", got)
		}
		for range 3 {
			d.Remove("Turkey", "PLACE")
		}
		if got, _ := d.Label("Turkey"); got != "ACTOR" {
			t.Fatalf("Label after removals = %q, want ACTOR", got)
		}
		d.Remove("Turkey", "ACTOR")
		d.Remove("Turkey", "ACTOR")
		if got, ok := d.Label("Turkey"); ok {
			t.Fatalf("Label after removing every span = %q, want none", got)
		}
		if got := d.Match(tokenize.Tokenize("Turkey"), nil); len(got) != 0 {
			t.Fatalf("Match after removing every span = %+v, want none", got)
		}
	})

	t.Run("PrefixIsNotAnEntry", func(t *testing.T) {
		d := suggest.NewDictionary([]suggest.Entry{{Text: "Maaret Misrin", Label: "PLACE"}})
		if got, ok := d.Label("Maaret"); ok {
			t.Fatalf("Label(Maaret) = %q, want none", got)
		}
		d.Remove("Maaret", "PLACE") // nothing to remove: no panic, no change
		if got, ok := d.Label("Maaret Misrin"); !ok || got != "PLACE" {
			t.Fatalf("Label = %q, %v; want PLACE", got, ok)
		}
	})

	t.Run("IgnoresEmpty", func(t *testing.T) {
		d := suggest.NewDictionary([]suggest.Entry{{Text: "  ", Label: "PLACE"}, {Text: "Idlib", Label: ""}})
		if got := d.Match(tokenize.Tokenize("Idlib  "), nil); len(got) != 0 {
			t.Fatalf("got %+v, want no matches", got)
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		d := suggest.NewDictionary(nil)
		tokens := tokenize.Tokenize("Idlib and Sochi")
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				for range 100 {
					d.Add("Idlib", "PLACE")
					d.Match(tokens, nil)
					d.Label("Sochi")
					if i == 0 {
						d.Remove("Idlib", "PLACE")
					}
				}
			})
		}
		wg.Wait()
		if got, ok := d.Label("Idlib"); !ok || got != "PLACE" {
			t.Fatalf("Label = %q, %v; want PLACE", got, ok)
		}
	})
}
