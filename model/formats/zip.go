package formats

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"
)

// doccano offers its exports for download as a zip archive: one JSONL
// file per user for a project without collaborative annotation
// (alice.jsonl, bob.jsonl). An import reads such an archive as the folder
// of files it holds, each named by the archive's path and its name inside
// ("export.zip/alice.jsonl"), so that a record's file is its user's as it
// would be unpacked.

// IsZip says whether a path or name is a zip archive's, which an import
// reads as the files it holds.
func IsZip(source string) bool { return strings.EqualFold(filepath.Ext(source), ".zip") }

// openZip lists the files of the zip archive in as inputs of their own,
// in the archive's lexical order: with auto, the files whose extension
// names a format of records (JSONL, CSV, TSV, CoNLL, Label Studio JSON);
// with a format given, every file. Hidden files (__MACOSX's "._" copies)
// are left out. The archive's file stays open, for its entries to be read,
// until the reader is closed. Plain texts and brat folders are not read
// from an archive: their documents are named by paths a folder gives.
func (m *multiReader) openZip(in input) ([]input, error) {
	if in.format == FormatTxt || in.format == FormatBrat {
		return nil, fatalf(in.source, "is a zip archive; unpack it to read %s files", in.format)
	}
	f, err := in.fsys.Open(in.name)
	if err != nil {
		return nil, fatalf(in.source, "cannot read: %s", osReason(err))
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fatalf(in.source, "cannot read: %s", osReason(err))
	}
	ra, random := f.(io.ReaderAt)
	size := info.Size()
	if random {
		m.closers = append(m.closers, f)
	} else {
		// A file system whose files cannot be read at an offset (an
		// archive inside an archive): the archive is read whole.
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, fatalf(in.source, "cannot read: %s", osReason(err))
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fatalf(in.source, "is not a zip archive that can be read: %s", err)
	}
	return walkDir(input{fsys: zr, name: ".", source: in.source}, in.format, "no files of a format to import in this zip archive", func(name string) bool {
		if in.format != FormatAuto {
			return true
		}
		switch formatByExt(name) {
		case "", FormatTxt, FormatBrat:
			return false
		}
		return true
	})
}
