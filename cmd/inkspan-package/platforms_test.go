package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The .ico holds every size as a PNG entry Windows reads: the header counts
// them, each entry points at its image, and 256 is written as 0.
func TestIcoEntries(t *testing.T) {
	dir := t.TempDir()
	if err := run([]string{"--version", "0.1.0", "--windows-resources", dir}, os.Stderr); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "inkspan.ico"))
	if err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	if le.Uint16(data[0:]) != 0 || le.Uint16(data[2:]) != 1 || int(le.Uint16(data[4:])) != len(icoSizes) {
		t.Fatalf("header % x", data[:6])
	}
	for i, size := range icoSizes {
		e := data[6+16*i:]
		w := int(e[0])
		if w == 0 {
			w = 256
		}
		n, off := le.Uint32(e[8:]), le.Uint32(e[12:])
		img, err := png.Decode(bytes.NewReader(data[off : off+n]))
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if w != size || img.Bounds().Dx() != size {
			t.Errorf("entry %d says %d, image %v, want %d", i, w, img.Bounds(), size)
		}
	}
	rc, err := os.ReadFile(filepath.Join(dir, "inkspan.rc"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`1 ICON "inkspan.ico"`, "FILEVERSION 0,1,0,0", `VALUE "ProductVersion", "0.1.0\0"`, `VALUE "OriginalFilename", "inkspan.exe\0"`} {
		if !strings.Contains(string(rc), want) {
			t.Errorf("inkspan.rc lacks %q", want)
		}
	}
	if readme, err := os.ReadFile(filepath.Join(dir, "README.txt")); err != nil || !strings.Contains(string(readme), "inkspan.exe version\r\n") {
		t.Errorf("README.txt: %v", err)
	}
}

func TestFileVersion(t *testing.T) {
	for v, want := range map[string][4]uint16{
		"0.1.0": {0, 1, 0, 0}, "1.2.3.4": {1, 2, 3, 4}, "1.2.3~rc1": {1, 2, 3, 0}, "2.0+git5": {2, 0, 0, 0}, "3": {3, 0, 0, 0},
	} {
		if got := fileVersion(v); got != want {
			t.Errorf("%s: %v, want %v", v, got, want)
		}
	}
}

// A console program and one without resources are refused: the check is
// what keeps the Windows download from opening a console on double-click.
func TestCheckExeRefuses(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := checkExe(self, "0.1.0"); err == nil {
		t.Error("a Linux binary passed as a Windows program")
	}
}

func TestZip(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(a, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.zip")
	if err := run([]string{"--zip", out, "inkspan/a.txt=" + a}, os.Stderr); err != nil {
		t.Fatal(err)
	}
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	if len(z.File) != 1 || z.File[0].Name != "inkspan/a.txt" {
		t.Fatalf("zip holds %v", z.File)
	}
}

// The macOS bundle: the program where CFBundleExecutable says, a plist
// that parses and declares .inkspan as Inkspan's document type, and the
// iconset iconutil wants (each size at 1x and 2x).
func TestMacApp(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "inkspan")
	if err := os.WriteFile(bin, []byte("binary"), 0o700); err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(dir, "Inkspan.app")
	if err := run([]string{"--version", "1.2.3", "--binary", bin, "--macos-app", app}, os.Stderr); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(app, "Contents/MacOS/inkspan")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("program: %v %v", fi, err)
	}
	plist, err := os.ReadFile(filepath.Join(app, "Contents/Info.plist"))
	if err != nil {
		t.Fatal(err)
	}
	// A plist is XML: keys and values alternate inside <dict>.
	dec := xml.NewDecoder(bytes.NewReader(plist))
	var texts []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if c, ok := tok.(xml.CharData); ok && strings.TrimSpace(string(c)) != "" {
			texts = append(texts, strings.TrimSpace(string(c)))
		}
	}
	joined := strings.Join(texts, "|")
	for _, want := range []string{"CFBundleExecutable|inkspan", "CFBundleIdentifier|" + appID, "CFBundleShortVersionString|1.2.3", "public.filename-extension|inkspan", "LSItemContentTypes|" + appID + ".project"} {
		if !strings.Contains(joined, want) {
			t.Errorf("Info.plist lacks %q", want)
		}
	}
	for _, s := range iconsetSizes {
		for _, name := range []string{"icon_" + itoa(s) + "x" + itoa(s) + ".png", "icon_" + itoa(s) + "x" + itoa(s) + "@2x.png"} {
			if _, err := os.Stat(filepath.Join(app, "Contents/Resources/Inkspan.iconset", name)); err != nil {
				t.Error(err)
			}
		}
	}
}
