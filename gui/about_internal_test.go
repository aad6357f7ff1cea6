package gui

import (
	"strconv"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/storage"
)

// Help ▸ About names the build the command gave the window and the open
// project with the schema version the file is at.
func TestAboutNamesBuildAndSchema(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	ws.SetAbout(About{Version: "9.8.7", Commit: "0123456789ab, 2026-12-03 17:05 UTC", Built: "2026-12-03 18:00 UTC with go1.26.8"})
	var text string
	asUI(ws, func() { text = ws.aboutText() })
	for _, want := range []string{
		"Version: 9.8.7",
		"Commit: 0123456789ab, 2026-12-03 17:05 UTC",
		"Built: 2026-12-03 18:00 UTC with go1.26.8",
		"Project: " + p.Path(),
		"Schema version: " + strconv.Itoa(storage.SchemaVersion()),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("About lacks %q:\n%s", want, text)
		}
	}
	waitIdle(t, ws)
}
