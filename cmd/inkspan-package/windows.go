package main

import (
	"archive/zip"
	"bytes"
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// icoSizes are the sizes Windows picks from for the taskbar, Explorer's
// views and the title bar.
var icoSizes = []int{16, 24, 32, 48, 64, 128, 256}

// writeWindowsResources writes, into dir, inkspan.ico, README.txt and
// inkspan.rc: the
// resource script windres compiles into the .syso that go build links into
// inkspan.exe, giving it its icon and the version Explorer's Properties
// show.
func writeWindowsResources(dir, version string, year int) error {
	icons, err := iconPNGs(icoSizes)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "inkspan.ico"), ico(icoSizes, icons), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte(windowsReadme), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "inkspan.rc"), []byte(resourceScript(version, year)), 0o644)
}

// ico packs PNG images into an .ico file. Windows Vista and later read PNG
// entries, so the images need no conversion to bitmaps: a 6-byte header,
// a 16-byte entry per image (width and height 0 mean 256), then the images.
func ico(sizes []int, pngs [][]byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write(le.AppendUint16(nil, 0))                  // reserved
	b.Write(le.AppendUint16(nil, 1))                  // type: icon
	b.Write(le.AppendUint16(nil, uint16(len(sizes)))) // count
	offset := 6 + 16*len(sizes)
	for i, size := range sizes {
		dim := byte(size)
		if size >= 256 {
			dim = 0
		}
		b.Write([]byte{dim, dim, 0, 0})                     // width, height, palette, reserved
		b.Write(le.AppendUint16(nil, 1))                    // colour planes
		b.Write(le.AppendUint16(nil, 32))                   // bits per pixel
		b.Write(le.AppendUint32(nil, uint32(len(pngs[i])))) // size of the image
		b.Write(le.AppendUint32(nil, uint32(offset)))       // where it starts
		offset += len(pngs[i])
	}
	for _, p := range pngs {
		b.Write(p)
	}
	return b.Bytes()
}

// fileVersion is version as the four numbers a Windows version resource
// holds: "0.1.0" is 0,1,0,0; a suffix ("1.2.3~rc1") is dropped.
func fileVersion(version string) [4]uint16 {
	var v [4]uint16
	for i, part := range strings.SplitN(version, ".", 4) {
		end := strings.IndexFunc(part, func(r rune) bool { return r < '0' || r > '9' })
		if end >= 0 {
			part = part[:end]
		}
		n, _ := strconv.ParseUint(part, 10, 16)
		v[i] = uint16(n)
		if end >= 0 {
			break
		}
	}
	return v
}

// resourceScript is the .rc file: the icon (the first icon resource is the
// one Explorer shows) and the version information.
func resourceScript(version string, year int) string {
	v := fileVersion(version)
	nums := fmt.Sprintf("%d,%d,%d,%d", v[0], v[1], v[2], v[3])
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `\0"` }
	return `#include <winver.h>
1 ICON "inkspan.ico"
1 VERSIONINFO
FILEVERSION ` + nums + `
PRODUCTVERSION ` + nums + `
FILEFLAGSMASK VS_FFI_FILEFLAGSMASK
FILEFLAGS 0
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
FILESUBTYPE 0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", ` + quote("Inkspan developers") + `
      VALUE "FileDescription", ` + quote("Inkspan: label spans of text") + `
      VALUE "FileVersion", ` + quote(version) + `
      VALUE "InternalName", ` + quote("inkspan") + `
      VALUE "LegalCopyright", ` + quote(fmt.Sprintf("Copyright %d Inkspan developers", year)) + `
      VALUE "OriginalFilename", ` + quote("inkspan.exe") + `
      VALUE "ProductName", ` + quote("Inkspan") + `
      VALUE "ProductVersion", ` + quote(version) + `
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`
}

// writeZip packs files (name in the zip → path on disk) into out, in the
// order given, for the Windows download.
func writeZip(out string, files [][2]string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	for _, nf := range files {
		data, err := os.ReadFile(nf[1])
		if err != nil {
			f.Close()
			return err
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: nf[0], Method: zip.Deflate, Modified: releaseDate()})
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			f.Close()
			return err
		}
	}
	if err := z.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkExe checks what a double-click and Explorer will see of inkspan.exe:
// a 64-bit Windows program of the window subsystem (no console window
// opens), with a resource section that holds the icon and names version.
func checkExe(path, version string) error {
	f, err := pe.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("%s is not a 64-bit x86 Windows program", path)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("%s is linked for the console (subsystem %d): a double-click would open a console window", path, oh.Subsystem)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return fmt.Errorf("%s has no resources: no icon, no version", path)
	}
	data, err := rsrc.Data()
	if err != nil {
		return err
	}
	utf16 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = binary.LittleEndian.AppendUint16(b, uint16(r))
		}
		return b
	}
	if !bytes.Contains(data, utf16("ProductVersion")) || !bytes.Contains(data, append(utf16(version), 0, 0)) {
		return fmt.Errorf("%s's resources do not name version %s", path, version)
	}
	if !bytes.Contains(data, []byte("\x89PNG\r\n\x1a\n")) {
		return fmt.Errorf("%s's resources hold no icon image", path)
	}
	return nil
}

// windowsReadme is the README.txt beside inkspan.exe in the zip: what a
// Windows user does with it (CRLF line ends, for Notepad of old).
const windowsReadme = "Inkspan for Windows\r\n" +
	"===================\r\n\r\n" +
	"Inkspan labels spans of text by hand: fast, exact, keyboard-first, offline.\r\n\r\n" +
	"Install: unzip this folder anywhere (for example into Documents) and double-click inkspan.exe.\r\n" +
	"It opens on a default project with sample articles; File > Open opens another project.\r\n\r\n" +
	"Command line: in a terminal (cmd or PowerShell) in this folder, run\r\n" +
	"  .\\inkspan.exe version\r\n" +
	"  .\\inkspan.exe import --project C:\\path\\to\\project.inkspan data.jsonl\r\n" +
	"  .\\inkspan.exe help\r\n" +
	"The commands print to that terminal; a double-click opens only the window.\r\n\r\n" +
	"Your default project, preferences and recent projects are kept in %AppData%\\Inkspan.\r\n" +
	"The full manual is README.md beside this file.\r\n"
