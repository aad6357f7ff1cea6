package gui

import (
	"testing"

	"fyne.io/fyne/v2"
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
