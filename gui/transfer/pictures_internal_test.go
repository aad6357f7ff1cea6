package transfer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestPictures renders each dialog in its states (form, running, error,
// summary) in the light and dark themes, as PNGs to look at. Set
// TRANSFER_PICTURES to a directory to keep them.
func TestPictures(t *testing.T) {
	dir := picturesDir(t)
	for name, th := range map[string]fyne.Theme{"light": theme.LightTheme(), "dark": theme.DarkTheme()} {
		t.Run(name, func(t *testing.T) {
			shot := func(w fyne.Window, what string) { capture(t, w, dir, "transfer-"+what+"-"+name) }

			w := newWindow(t)
			fyne.CurrentApp().Settings().SetTheme(th)
			d := showImport(w, "ana", (&fakeImport{block: true}).run, nil)
			d.setPaths("/home/ana/corpus/reviews-2024.csv", "/home/ana/corpus/reviews-2025.csv")
			shot(w, "import-form")
			tapButton(t, w, "Import")
			waitFor(t, "progress", func() bool { return d.progressShown.Load() == 3 })
			shot(w, "import-running")
			tapButton(t, w, "Cancel")
			waitIdle(t, d.shell)
			shot(w, "import-cancelled")
			tapButton(t, w, "Cancel")

			res := sixRecords
			for i := 0; i < 9; i++ {
				res.Skipped = append(res.Skipped, fmt.Sprintf("reviews-2025.csv:%d: the text column is empty", 10+i))
			}
			d = showImport(w, "ana", (&fakeImport{result: res}).run, nil)
			d.setPaths("/home/ana/corpus/reviews-2025.csv")
			test.Tap(d.skip)
			tapButton(t, w, "Import")
			waitIdle(t, d.shell)
			shot(w, "import-summary")
			tapButton(t, w, "Close")

			e := showExport(w, []string{"ana", "bob"}, "ana", (&fakeExport{block: true, total: 10}).run)
			e.format.SetSelected("conll")
			e.statuses.SetSelected([]string{"done"})
			test.Type(e.split, "train=0.8,dev=0.1")
			shot(w, "export-bad-split")
			test.Type(e.split, ",test=0.1")
			// The save chooser, in a folder with an earlier export, asking
			// whether to replace it.
			folder := t.TempDir()
			for _, name := range []string{"reviews.conll", "reviews.train.conll", "notes.txt"} {
				if err := os.WriteFile(filepath.Join(folder, name), []byte("-DOCSTART- O\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Mkdir(filepath.Join(folder, "older"), 0o755); err != nil {
				t.Fatal(err)
			}
			e.lastDir = folder
			test.Tap(e.chooseOut)
			shot(w, "export-chooser")
			test.Type(w.Canvas().Focused().(*entry), "reviews.conll")
			tapOverlayButton(w, "Save")
			shot(w, "export-chooser-replace")
			tapOverlayButton(w, "Cancel")
			e.setOut("/home/ana/exports/reviews.conll")
			shot(w, "export-form")
			tapButton(t, w, "Export")
			waitFor(t, "progress", func() bool { return e.progressShown.Load() == 5 })
			shot(w, "export-running")
			tapButton(t, w, "Cancel")
			waitIdle(t, e.shell)
			tapButton(t, w, "Cancel")

			e = showExport(w, []string{"ana", "bob"}, "ana", (&fakeExport{total: 3, result: ExportResult{Records: 12, Documents: 6, Snapped: 2,
				Written: []string{"/home/ana/exports/reviews.train.conll", "/home/ana/exports/reviews.dev.conll", "/home/ana/exports/reviews.test.conll"}}}).run)
			e.format.SetSelected("conll")
			test.Type(e.split, "train=0.8,dev=0.1,test=0.1")
			e.setOut("/home/ana/exports/reviews.conll")
			tapButton(t, w, "Export")
			waitIdle(t, e.shell)
			shot(w, "export-summary")
		})
	}
}
