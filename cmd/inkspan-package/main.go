// Command inkspan-package lays out the files an installed Inkspan needs
// around a built binary: `make package` runs it, then wraps the tree in a
// .deb (dpkg-deb) and a .tar.xz. It writes
//
//	usr/bin/inkspan
//	usr/share/applications/io.inkspan.app.desktop        the menu entry
//	usr/share/icons/hicolor/NxN/apps/io.inkspan.app.png  the icon at the usual sizes
//	usr/share/mime/packages/io.inkspan.app.xml           .inkspan files are Inkspan projects
//	usr/share/metainfo/io.inkspan.app.metainfo.xml       AppStream: software centres list it
//	usr/share/doc/inkspan/README.md
//	DEBIAN/control                                       with --deb: the package's facts
//
// and, with --home-installer, install.sh: the tarball's script that copies
// the same files into a user's home (~/.local), no root needed. With
// --windows-resources it writes instead the icon and resource script that
// windres compiles for inkspan.exe.
//
// Usage:
//
//	inkspan-package --version V --binary bin/inkspan --root DIR [--deb] [--home-installer]
//	inkspan-package --version V --windows-resources DIR
//	inkspan-package --zip OUT.zip NAME=PATH...
//	inkspan-package --version V --check-exe inkspan.exe
//	inkspan-package --version V --binary inkspan --macos-app Inkspan.app
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/image/draw"

	"github.com/inkspan/inkspan/assets"
)

// appID is the reverse-DNS name the desktop entry, icon, MIME entry and
// AppStream metadata share, as Fyne's FyneApp.toml gives it.
const appID = "io.inkspan.app"

// mimeType is the type of an .inkspan project file.
const mimeType = "application/x-inkspan"

// iconSizes are the hicolor theme's usual sizes: menus use 16–48, launchers
// and software centres 64–512.
var iconSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

// debDepends are the libraries the binary links (libGL, libX11) and those
// GLFW loads when it starts (Xcursor, Xrandr, Xinerama, Xi, Xxf86vm).
const debDepends = "libc6 (>= 2.34), libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1"

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "inkspan-package: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	flags := flag.NewFlagSet("inkspan-package", flag.ContinueOnError)
	flags.SetOutput(stderr)
	version := flags.String("version", "", "the package's `VERSION` (FyneApp.toml's)")
	binary := flags.String("binary", "", "the built inkspan `FILE`")
	root := flags.String("root", "", "the empty `DIR` to lay the files out in")
	readme := flags.String("readme", "README.md", "the README `FILE` to include")
	deb := flags.Bool("deb", false, "write DEBIAN/control too")
	home := flags.Bool("home-installer", false, "write install.sh, the installer for a user's home")
	winres := flags.String("windows-resources", "", "only write inkspan.ico and inkspan.rc, the Windows resources, into `DIR`")
	zipOut := flags.String("zip", "", "only pack the files named after the flags (NAME=PATH) into the zip `FILE`")
	exe := flags.String("check-exe", "", "only check that the Windows program `FILE` is a window program with its icon and version")
	macApp := flags.String("macos-app", "", "only lay out the macOS bundle `DIR` (Inkspan.app) around --binary")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *version != "" {
		if err := checkVersion(*version); err != nil {
			return err
		}
	}
	switch {
	case *zipOut != "":
		var files [][2]string
		for _, arg := range flags.Args() {
			name, path, ok := strings.Cut(arg, "=")
			if !ok {
				return fmt.Errorf("%q is not NAME=PATH", arg)
			}
			files = append(files, [2]string{name, path})
		}
		return writeZip(*zipOut, files)
	case *exe != "" && *version != "":
		return checkExe(*exe, *version)
	case *macApp != "" && *version != "" && *binary != "":
		return writeMacApp(*macApp, *binary, *version)
	case *winres != "" && *version != "":
		return writeWindowsResources(*winres, *version, releaseDate().Year())
	}
	if *version == "" || *binary == "" || *root == "" {
		flags.Usage()
		return errors.New("--version, --binary and --root are needed")
	}
	l := layout{root: *root, version: *version, date: releaseDate()}
	return l.write(*binary, *readme, *deb, *home)
}

// checkVersion refuses what Debian and AppStream would not take as a
// version: it must start with a digit and hold no spaces or underscores.
func checkVersion(v string) error {
	if v[0] < '0' || v[0] > '9' {
		return fmt.Errorf("version %q does not start with a digit", v)
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune(".+~-", r)) {
			return fmt.Errorf("version %q holds %q, which a Debian version cannot", v, r)
		}
	}
	return nil
}

// releaseDate is the day the package is made, or SOURCE_DATE_EPOCH's, so
// a reproducible build gives the same metadata.
func releaseDate() time.Time {
	var secs int64
	if _, err := fmt.Sscan(os.Getenv("SOURCE_DATE_EPOCH"), &secs); err == nil && secs > 0 {
		return time.Unix(secs, 0).UTC()
	}
	return time.Now().UTC()
}

// layout is one package tree being written.
type layout struct {
	root    string
	version string
	date    time.Time
}

func (l layout) write(binary, readme string, deb, home bool) error {
	bin, err := os.ReadFile(binary)
	if err != nil {
		return err
	}
	doc, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{"usr/bin/inkspan", bin, 0o755},
		{"usr/share/applications/" + appID + ".desktop", []byte(desktopEntry()), 0o644},
		{"usr/share/mime/packages/" + appID + ".xml", []byte(mimeInfo()), 0o644},
		{"usr/share/metainfo/" + appID + ".metainfo.xml", []byte(l.metainfo()), 0o644},
		{"usr/share/doc/inkspan/README.md", doc, 0o644},
	}
	for _, f := range files {
		if err := l.put(f.path, f.data, f.mode); err != nil {
			return err
		}
	}
	icons, err := iconPNGs(iconSizes)
	if err != nil {
		return err
	}
	for i, size := range iconSizes {
		name := fmt.Sprintf("usr/share/icons/hicolor/%dx%d/apps/%s.png", size, size, appID)
		if err := l.put(name, icons[i], 0o644); err != nil {
			return err
		}
	}
	if deb {
		if err := l.put("DEBIAN/control", []byte(l.control(len(bin)+len(doc))), 0o644); err != nil {
			return err
		}
	}
	if home {
		if err := l.put("install.sh", []byte(homeInstaller), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// put writes one file of the tree, its folders 0755 as packages want them
// whatever the umask.
func (l layout) put(name string, data []byte, mode os.FileMode) error {
	path := filepath.Join(l.root, filepath.FromSlash(name))
	for dir := filepath.Dir(path); dir != l.root && dir != "."; dir = filepath.Dir(dir) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(path, data, mode); err != nil {
		return err
	}
	return os.Chmod(path, mode)
}

// desktopEntry is the application menu's entry. %f is the file a user
// opened (a double-clicked .inkspan); without one, `inkspan gui` opens the
// default project.
func desktopEntry() string {
	return `[Desktop Entry]
Type=Application
Name=Inkspan
GenericName=Text annotation
Comment=Label spans of text by hand: fast, exact, keyboard-first, offline
Exec=inkspan gui %f
Icon=` + appID + `
Terminal=false
Categories=Office;
Keywords=annotation;labeling;NER;corpus;spans;
MimeType=` + mimeType + `;
StartupNotify=true
`
}

// mimeInfo tells shared-mime-info that *.inkspan is an Inkspan project. A
// project is an SQLite file, so the type is a kind of SQLite database and
// the name decides between them.
func mimeInfo() string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="` + mimeType + `">
    <comment>Inkspan project</comment>
    <sub-class-of type="application/vnd.sqlite3"/>
    <glob pattern="*.inkspan" weight="60"/>
    <icon name="` + appID + `"/>
  </mime-type>
</mime-info>
`
}

// metainfo is the AppStream description software centres show.
func (l layout) metainfo() string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<component type="desktop-application">
  <id>` + appID + `</id>
  <metadata_license>CC0-1.0</metadata_license>
  <name>Inkspan</name>
  <summary>Label spans of text by hand, fast and offline</summary>
  <description>
    <p>Inkspan is a desktop tool for labeling spans of text: annotators select spans in articles and tag
    them, reviewers compare annotators, adjudicate a gold version and measure agreement, and ML engineers
    export training data for spaCy, Prodigy, doccano, Hugging Face, CoNLL, brat and Label Studio.</p>
    <p>Every change is saved the moment it is made, offsets are exact for every script, and every action
    has a key.</p>
  </description>
  <launchable type="desktop-id">` + appID + `.desktop</launchable>
  <provides>
    <binary>inkspan</binary>
    <mediatype>` + mimeType + `</mediatype>
  </provides>
  <categories>
    <category>Office</category>
  </categories>
  <releases>
    <release version="` + l.version + `" date="` + l.date.Format("2006-01-02") + `"/>
  </releases>
  <content_rating type="oars-1.1"/>
</component>
`
}

// control is the .deb's control file; size is the installed bytes.
func (l layout) control(size int) string {
	return `Package: inkspan
Version: ` + l.version + `
Architecture: amd64
Maintainer: Inkspan developers <inkspan@users.noreply.github.com>
Installed-Size: ` + fmt.Sprint((size+1023)/1024+64) + `
Depends: ` + debDepends + `
Section: text
Priority: optional
Homepage: https://github.com/inkspan/inkspan
Description: label spans of text by hand, fast and offline
 Inkspan is a desktop tool for labeling spans of text: annotators tag spans
 in articles, reviewers adjudicate a gold version and measure agreement, and
 ML engineers export training data (spaCy, Prodigy, doccano, Hugging Face,
 CoNLL, brat, Label Studio). Every change is saved at once.
`
}

// iconPNGs scales the bundled 512-pixel icon to each size.
func iconPNGs(sizes []int) ([][]byte, error) {
	src, err := png.Decode(bytes.NewReader(assets.Icon.Content()))
	if err != nil {
		return nil, fmt.Errorf("the bundled icon: %w", err)
	}
	out := make([][]byte, len(sizes))
	for i, size := range sizes {
		dst := image.NewNRGBA(image.Rect(0, 0, size, size))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := png.Encode(&b, dst); err != nil {
			return nil, err
		}
		out[i] = b.Bytes()
	}
	return out, nil
}

// homeInstaller copies the tree into the user's home, the way the .deb
// installs it system-wide, and tells the desktop about the new entry and
// type when the tools for it are there.
const homeInstaller = `#!/bin/sh
# Installs Inkspan for you alone, no root needed: the program in
# ~/.local/bin, its menu entry, icons, file type and metadata in
# ~/.local/share (or $XDG_DATA_HOME). Run it from the unpacked folder:
#   ./install.sh            install
#   ./install.sh --remove   remove what it installed
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
files="applications/io.inkspan.app.desktop mime/packages/io.inkspan.app.xml metainfo/io.inkspan.app.metainfo.xml doc/inkspan/README.md"
for size in 16 22 24 32 48 64 128 256 512; do
  files="$files icons/hicolor/${size}x${size}/apps/io.inkspan.app.png"
done
if [ "${1:-}" = --remove ]; then
  rm -f "$bin/inkspan"
  for f in $files; do rm -f "$data/$f"; done
  echo "Inkspan removed from $bin and $data."
else
  mkdir -p "$bin"
  install -m 0755 "$here/usr/bin/inkspan" "$bin/inkspan"
  for f in $files; do
    mkdir -p "$(dirname "$data/$f")"
    install -m 0644 "$here/usr/share/$f" "$data/$f"
  done
  echo "Inkspan installed: $bin/inkspan, with its menu entry in $data/applications."
  case ":$PATH:" in *":$bin:"*) ;; *) echo "Add $bin to your PATH to run inkspan from a terminal.";; esac
fi
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$data/mime" >/dev/null 2>&1 || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$data/applications" >/dev/null 2>&1 || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true; fi
`
