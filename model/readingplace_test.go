package model_test

import (
	"fmt"
	"testing"

	"github.com/inkspan/inkspan/model"
)

func TestReadingPlaces(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := model.NewReadingPlaces(3)
		p.Put("d1", model.ReadingPlace{Top: 120, Caret: 130})
		p.Put("d2", model.ReadingPlace{Top: 5, Caret: 9})
		if got, ok := p.Get("d1"); !ok || got != (model.ReadingPlace{Top: 120, Caret: 130}) {
			t.Fatalf("d1 = %+v, %v", got, ok)
		}
		if _, ok := p.Get("d9"); ok {
			t.Fatal("a document never left has a place")
		}
		// Leaving d1 again moves its place, it is not kept twice.
		p.Put("d1", model.ReadingPlace{Top: 200, Caret: 210})
		if got, _ := p.Get("d1"); got.Top != 200 || p.Len() != 2 {
			t.Fatalf("d1 = %+v, %d kept", got, p.Len())
		}
	})
	t.Run("Bounded", func(t *testing.T) {
		// The least recently left goes first: d1 was left again after
		// d2, so d2 is dropped.
		p := model.NewReadingPlaces(3)
		for _, id := range []string{"d1", "d2", "d3", "d1", "d4"} {
			p.Put(id, model.ReadingPlace{Top: 1})
		}
		if p.Len() != 3 {
			t.Fatalf("%d kept, want 3", p.Len())
		}
		for id, want := range map[string]bool{"d1": true, "d2": false, "d3": true, "d4": true} {
			if _, ok := p.Get(id); ok != want {
				t.Errorf("%s kept %v, want %v", id, ok, want)
			}
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		p := model.NewReadingPlaces(200)
		for i := range 250 {
			p.Put(fmt.Sprintf("doc-%d", i), model.ReadingPlace{Top: i, Caret: i + 1})
		}
		text, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		q := model.NewReadingPlaces(200)
		if err := q.UnmarshalText(text); err != nil {
			t.Fatal(err)
		}
		if q.Len() != 200 {
			t.Fatalf("%d read back, want 200", q.Len())
		}
		if got, ok := q.Get("doc-249"); !ok || got != (model.ReadingPlace{Top: 249, Caret: 250}) {
			t.Fatalf("doc-249 = %+v, %v", got, ok)
		}
		if _, ok := q.Get("doc-49"); ok {
			t.Fatal("doc-49, left before the last 200, was kept")
		}
		// A smaller limit keeps the most recent.
		small := model.NewReadingPlaces(2)
		if err := small.UnmarshalText(text); err != nil || small.Len() != 2 {
			t.Fatalf("limit 2: %d read, %v", small.Len(), err)
		}
		if _, ok := small.Get("doc-248"); !ok {
			t.Fatal("limit 2 dropped the second most recent")
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		p := model.NewReadingPlaces(5)
		p.Put("d1", model.ReadingPlace{Top: 3})
		err := p.UnmarshalText([]byte("{not json"))
		if model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("err = %v", err)
		}
		if _, ok := p.Get("d1"); !ok {
			t.Fatal("a failed read lost the places")
		}
		// Entries without a document, repeats and negative offsets.
		if err := p.UnmarshalText([]byte(`[{"doc":"a","top":-4,"caret":2},{"top":1},{"doc":"a","top":9}]`)); err != nil {
			t.Fatal(err)
		}
		if got, _ := p.Get("a"); p.Len() != 1 || got != (model.ReadingPlace{Top: 0, Caret: 2}) {
			t.Fatalf("read %d, a = %+v", p.Len(), got)
		}
	})
}
