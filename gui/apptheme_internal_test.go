package gui

import (
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestViewThemeAndTextSize(t *testing.T) {
	p := newTestProject(t)
	ws := openWorkspace(t, p)
	a := fyne.CurrentApp()
	base := theme.DefaultTheme().Size(theme.SizeNameText)

	shortcut(ws, fyne.KeyEqual, fyne.KeyModifierShortcutDefault)
	if got := a.Settings().Theme().Size(theme.SizeNameText); got != base*1.15 {
		t.Fatalf("text size after Ctrl+= is %v, want %v", got, base*1.15)
	}
	if got := a.Preferences().Float(prefTextScale); got != 1.15 {
		t.Fatalf("remembered scale = %v", got)
	}
	for i := 0; i < 20; i++ { // larger steps stop at the largest
		stepTextSize(+1)
	}
	if got := a.Settings().Theme().Size(theme.SizeNameText); got != base*2 {
		t.Fatalf("largest text = %v", got)
	}
	shortcut(ws, fyne.Key0, fyne.KeyModifierShortcutDefault)
	if got := a.Settings().Theme().Size(theme.SizeNameText); got != base {
		t.Fatalf("after Ctrl+0 the text is %v, want %v", got, base)
	}

	setThemeVariant("dark")
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	if got := a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); got != dark {
		t.Fatalf("forced dark gives background %v, want %v", got, dark)
	}
	setThemeVariant("")
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	if got := a.Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight); got != light {
		t.Fatalf("following the system gives %v, want %v", got, light)
	}
	// A new session applies what was chosen.
	a.Preferences().SetFloat(prefTextScale, 1.3)
	ApplyTheme(a)
	if got := a.Settings().Theme().Size(theme.SizeNameText); got != base*1.3 {
		t.Fatalf("remembered size not applied: %v", got)
	}
}

// A View choice that changes nothing sets no theme: setting one redraws
// every window.
func TestApplyThemeSkipsAnUnchangedTheme(t *testing.T) {
	a := test.NewTempApp(t)
	var applied atomic.Int32
	a.Settings().AddListener(func(fyne.Settings) { applied.Add(1) })
	ApplyTheme(a) // Fyne's theme becomes the app's
	a.Preferences().SetFloat(prefTextScale, textScales[len(textScales)-1])
	ApplyTheme(a)
	if got := applied.Load(); got != 2 {
		t.Fatalf("two changes set the theme %d times, want 2", got)
	}
	stepTextSize(+1) // already the largest
	setThemeVariant("")
	ApplyTheme(a)
	if got := applied.Load(); got != 2 {
		t.Fatalf("choices that change nothing set the theme: %d times in all, want 2", got)
	}
	setThemeVariant("dark")
	setThemeVariant("light")
	if got := applied.Load(); got != 4 {
		t.Fatalf("forcing dark, then light set the theme %d times in all, want 4", got)
	}
}
