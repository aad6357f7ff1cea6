package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The annotator's View choices, remembered across sessions.
const (
	prefTheme     = "theme"      // "light", "dark" or "" to follow the system
	prefTextScale = "text_scale" // 1 is Fyne's size
)

// textScales are the steps of View ▸ Larger / Smaller text.
var textScales = []float64{0.8, 0.9, 1, 1.15, 1.3, 1.5, 1.75, 2}

// appTheme is Fyne's theme with the annotator's choices: a light or dark
// variant forced over the system's, and text scaled for long reading.
type appTheme struct {
	variant *fyne.ThemeVariant // nil follows the system
	scale   float32
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if n == theme.ColorNamePlaceHolder && v == theme.VariantLight {
		// Fyne's #888 is 3.2:1 on the light input background; a
		// placeholder says what a field is for, so it gets 4.5:1 or more.
		return placeholderLight
	}
	return theme.DefaultTheme().Color(n, v)
}

// placeholderLight is 5.2:1 on Fyne's light input background (#f3f3f3).
var placeholderLight = color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText:
		return s * t.scale
	}
	return s
}

// ApplyTheme sets the app's theme from the remembered View choices.
func ApplyTheme(a fyne.App) {
	t := appTheme{scale: float32(a.Preferences().FloatWithFallback(prefTextScale, 1))}
	switch a.Preferences().String(prefTheme) {
	case "light":
		v := theme.VariantLight
		t.variant = &v
	case "dark":
		v := theme.VariantDark
		t.variant = &v
	}
	// Setting a theme redraws every window and re-measures all its text:
	// a choice that changes nothing (Ctrl+= at the largest size) skips it.
	if cur, ok := a.Settings().Theme().(appTheme); ok && cur.same(t) {
		return
	}
	a.Settings().SetTheme(t)
}

// same reports whether t and u draw alike: the same scale and the same
// forced variant, or both following the system.
func (t appTheme) same(u appTheme) bool {
	if t.scale != u.scale || (t.variant == nil) != (u.variant == nil) {
		return false
	}
	return t.variant == nil || *t.variant == *u.variant
}

// setThemeVariant remembers "light", "dark" or "" (the system's) and applies it.
func setThemeVariant(name string) {
	a := fyne.CurrentApp()
	a.Preferences().SetString(prefTheme, name)
	ApplyTheme(a)
}

// stepTextSize makes text one step larger (+1) or smaller (-1); 0 resets.
func stepTextSize(step int) {
	a := fyne.CurrentApp()
	current := a.Preferences().FloatWithFallback(prefTextScale, 1)
	i := 2 // the index of 1 in textScales
	for j, s := range textScales {
		if s <= current+1e-9 {
			i = j
		}
	}
	switch {
	case step == 0:
		i = 2
	default:
		i = min(max(i+step, 0), len(textScales)-1)
	}
	a.Preferences().SetFloat(prefTextScale, textScales[i])
	ApplyTheme(a)
}
