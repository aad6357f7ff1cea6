package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The tree holds every file an installed Inkspan needs, with the modes a
// package wants, the icon at each size, and metadata that agree on the
// application's id and the project file's type.
func TestLayout(t *testing.T) {
	dir := t.TempDir()
	binary := filepath.Join(dir, "inkspan")
	if err := os.WriteFile(binary, []byte("#!/bin/sh\necho inkspan\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join(dir, "README.md")
	if err := os.WriteFile(readme, []byte("# Inkspan\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "root")
	t.Setenv("SOURCE_DATE_EPOCH", "1796313600") // 2026-12-03
	if err := run([]string{"--version", "1.2.3", "--binary", binary, "--readme", readme, "--root", root, "--deb", "--home-installer"}, os.Stderr); err != nil {
		t.Fatal(err)
	}
	mode := func(name string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if m := mode("usr/bin/inkspan"); m != 0o755 {
		t.Errorf("binary mode %v", m)
	}
	if m := mode("install.sh"); m != 0o755 {
		t.Errorf("install.sh mode %v", m)
	}
	for _, d := range []string{"usr", "usr/share/icons/hicolor/16x16/apps", "DEBIAN"} {
		if m := mode(d); m != 0o755 {
			t.Errorf("folder %s mode %v", d, m)
		}
	}
	for _, size := range iconSizes {
		name := filepath.Join(root, "usr/share/icons/hicolor", itoa(size)+"x"+itoa(size), "apps", appID+".png")
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %v", name, r)
		}
		if m := mode(strings.TrimPrefix(name, root+"/")); m != 0o644 {
			t.Errorf("%s mode %v", name, m)
		}
	}

	desktop := read("usr/share/applications/" + appID + ".desktop")
	for _, want := range []string{"\nExec=inkspan gui %f\n", "\nIcon=" + appID + "\n", "\nMimeType=application/x-inkspan;\n", "\nTerminal=false\n"} {
		if !strings.Contains(desktop, want) {
			t.Errorf("desktop entry lacks %q:\n%s", want, desktop)
		}
	}

	var mime struct {
		Types []struct {
			Type  string `xml:"type,attr"`
			Globs []struct {
				Pattern string `xml:"pattern,attr"`
			} `xml:"glob"`
		} `xml:"mime-type"`
	}
	if err := xml.Unmarshal([]byte(read("usr/share/mime/packages/"+appID+".xml")), &mime); err != nil {
		t.Fatal(err)
	}
	if len(mime.Types) != 1 || mime.Types[0].Type != mimeType || len(mime.Types[0].Globs) != 1 || mime.Types[0].Globs[0].Pattern != "*.inkspan" {
		t.Errorf("MIME entry %+v", mime)
	}

	var meta struct {
		ID         string `xml:"id"`
		Launchable string `xml:"launchable"`
		Releases   []struct {
			Version string `xml:"version,attr"`
			Date    string `xml:"date,attr"`
		} `xml:"releases>release"`
		Media []string `xml:"provides>mediatype"`
	}
	if err := xml.Unmarshal([]byte(read("usr/share/metainfo/"+appID+".metainfo.xml")), &meta); err != nil {
		t.Fatal(err)
	}
	if meta.ID != appID || meta.Launchable != appID+".desktop" || len(meta.Releases) != 1 ||
		meta.Releases[0].Version != "1.2.3" || meta.Releases[0].Date != "2026-12-03" ||
		len(meta.Media) != 1 || meta.Media[0] != mimeType {
		t.Errorf("AppStream data %+v", meta)
	}

	control := read("DEBIAN/control")
	for _, want := range []string{"Package: inkspan\n", "Version: 1.2.3\n", "Architecture: amd64\n", "Depends: " + debDepends + "\n"} {
		if !strings.Contains(control, want) {
			t.Errorf("control lacks %q:\n%s", want, control)
		}
	}
	if read("usr/share/doc/inkspan/README.md") != "# Inkspan\n" {
		t.Error("README not copied")
	}
}

func TestVersionsDebianTakes(t *testing.T) {
	for _, v := range []string{"0.1.0", "1.2.3~rc1", "2.0+git20261203"} {
		if err := checkVersion(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"v1.0", "1.0 beta", "1_0"} {
		if err := checkVersion(v); err == nil {
			t.Errorf("%s was taken", v)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
