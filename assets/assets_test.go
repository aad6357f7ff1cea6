package assets_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/assets"
)

func TestSamples(t *testing.T) {
	samples := assets.Samples()
	if got, want := len(samples), 5; got < want {
		t.Fatalf("len(Samples()) = %d, want at least %d", got, want)
	}
	for i, s := range samples {
		if s.Name == "" || strings.Contains(s.Name, ".") {
			t.Errorf("sample %d: name %q should be a file name without extension", i, s.Name)
		}
		if strings.TrimSpace(s.Text) == "" {
			t.Errorf("sample %s is empty", s.Name)
		}
		if !utf8.ValidString(s.Text) {
			t.Errorf("sample %s is not valid UTF-8", s.Name)
		}
		if strings.Contains(s.Text, "\r") {
			t.Errorf("sample %s has CR line endings; offsets assume LF", s.Name)
		}
		if i > 0 && samples[i-1].Name >= s.Name {
			t.Errorf("samples not sorted: %q before %q", samples[i-1].Name, s.Name)
		}
	}
}

// The samples exist partly to exercise offsets beyond ASCII, so at least one
// must contain a non-ASCII character
// and one outside the BMP (where UTF-16 and code points disagree).
func TestSamplesNonASCII(t *testing.T) {
	var nonASCII, astral bool
	for _, s := range assets.Samples() {
		for _, r := range s.Text {
			nonASCII = nonASCII || r > 0x7f
			astral = astral || r > 0xffff
		}
	}
	if !nonASCII {
		t.Error("no sample contains a non-ASCII character")
	}
	if !astral {
		t.Error("no sample contains a character outside the BMP")
	}
}

func TestIcon(t *testing.T) {
	if got, want := assets.Icon.Name(), "icon.png"; got != want {
		t.Errorf("Icon.Name() = %q, want %q", got, want)
	}
	img, err := png.Decode(bytes.NewReader(assets.Icon.Content()))
	if err != nil {
		t.Fatalf("decode icon: %v", err)
	}
	if got, want := img.Bounds().Dx(), 512; got != want {
		t.Errorf("icon width = %d, want %d", got, want)
	}
	if got, want := img.Bounds().Dy(), 512; got != want {
		t.Errorf("icon height = %d, want %d", got, want)
	}
}
