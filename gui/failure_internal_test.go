package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/inkspan/inkspan/model"
)

func TestShowOpenFailure(t *testing.T) {
	app := test.NewTempApp(t)
	err := model.Errorf(model.EINVALID, "the project was written by a newer Inkspan (schema version 9; this Inkspan knows up to 3): update Inkspan to open it")
	w := ShowOpenFailure(app, "/data/news.inkspan", err)
	closed := false
	w.SetOnClosed(func() { closed = true })
	w.Show()
	texts := strings.Join(labelTexts(w.Content()), " | ")
	if !strings.Contains(texts, "could not open /data/news.inkspan") || !strings.Contains(texts, "newer Inkspan") {
		t.Fatalf("the window says %q", texts)
	}
	var quit *widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Quit" {
			quit = b
		}
	}
	if quit == nil {
		t.Fatal("no Quit button")
	}
	test.Tap(quit)
	if !closed {
		t.Fatal("Quit left the window open")
	}
}
