// Package assets bundles the files Inkspan ships inside its binary: the app
// icon and a few sample articles, so that a fresh install has something to
// label and tests have realistic, non-ASCII text without touching the disk.
package assets

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

//go:embed samples/*.txt
var samples embed.FS

// Icon is the application icon, a 512x512 PNG.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// Sample is one bundled example article.
type Sample struct {
	Name string // file name without extension, e.g. "01-harbour-strike"
	Text string
}

// Samples returns the bundled articles ordered by file name, which is the
// order they are meant to be imported in.
func Samples() []Sample {
	entries, err := fs.ReadDir(samples, "samples")
	if err != nil {
		// The directory is embedded at compile time; failing here means the
		// binary itself is broken.
		panic("assets: " + err.Error())
	}
	out := make([]Sample, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := samples.ReadFile(path.Join("samples", e.Name()))
		if err != nil {
			panic("assets: " + err.Error())
		}
		out = append(out, Sample{
			Name: strings.TrimSuffix(e.Name(), path.Ext(e.Name())),
			Text: string(b),
		})
	}
	// fs.ReadDir already sorts by name; sorting again keeps the promise
	// independent of that implementation detail.
	slices.SortFunc(out, func(a, b Sample) int { return strings.Compare(a.Name, b.Name) })
	return out
}
