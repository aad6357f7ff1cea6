package gui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestAnnotatorAskedOnceAndRemembered(t *testing.T) {
	p := newTestProject(t)
	app := test.NewTempApp(t)
	// First launch: opens as the suggested name and asks.
	ws, err := Start(app, p, "", "sysuser")
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, ws)
	if ws.annotator != "sysuser" || overlayTop(ws) == nil {
		t.Fatalf("first launch: annotator %q, dialog %v", ws.annotator, overlayTop(ws))
	}
	// Choosing a name remembers it and reopens the project as that name.
	var next *Workspace
	asUI(ws, func() { next = ws.SwitchAnnotator("anna") })
	app.Preferences().SetString(prefAnnotator, "anna")
	t.Cleanup(func() { closeOnce(next) })
	waitIdle(t, next)
	if next.Window().Title() != "Inkspan — demo.inkspan — anna" {
		t.Fatalf("title = %q", next.Window().Title())
	}
	// Next launch: no question, the remembered name.
	again, err := Start(app, p, "", "sysuser")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeOnce(again) })
	waitIdle(t, again)
	if again.annotator != "anna" || overlayTop(again) != nil {
		t.Fatalf("second launch: annotator %q, dialog %v", again.annotator, overlayTop(again))
	}
	// --annotator on the command line wins for the session.
	cli, _ := Start(app, p, "bob", "sysuser")
	t.Cleanup(func() { closeOnce(cli) })
	waitIdle(t, cli)
	if cli.annotator != "bob" {
		t.Fatalf("annotator = %q", cli.annotator)
	}
	if got := app.Preferences().String(prefAnnotator); got != "anna" {
		t.Fatalf("a session's --annotator replaced the remembered name: %q", got)
	}
}
