package files

import (
	"io/fs"
	"os"

	"github.com/inkspan/inkspan/model/formats"
)

// Open returns a reader of the files and folders at paths, read in the
// order given, in format (see formats.Open, which decodes them, and
// formats.Options; opts.HFLabels is a path too). It is the import's way
// from what a user names to what the codecs read: each path becomes the
// folder it is in, as the disk's fs.FS, and its name there, so that a
// brat .ann finds its .txt and hf data its labels.json beside it. Open
// fails only for what is wrong before reading anything (EINVALID: no
// paths, an unknown format, bad CoNLL options); a path that is missing or
// unreadable is reported by Next, at its turn, as a Fatal
// *model.InputError naming it.
func Open(paths []string, format formats.Format, opts formats.Options) (formats.Reader, error) {
	inputs := make([]formats.Input, len(paths))
	for i, p := range paths {
		inputs[i] = Input(p)
	}
	if opts.HFLabels != "" {
		opts.HFLabelsFile = Input(opts.HFLabels)
	}
	return formats.Open(inputs, format, opts)
}

// DetectFormat is what formats.FormatAuto reads path as: a folder as brat
// when it holds .ann files beside its .txt files, else as txt, a file by
// its extension, "" when the name does not tell. Dialogs show it before
// the import runs.
func DetectFormat(path string) formats.Format { return formats.DetectFormat(Input(path)) }

// Input is the path p on disk as the codecs read it (formats.PathInput
// with os.DirFS).
func Input(p string) formats.Input {
	if p == "" {
		return formats.Input{FS: noFile{}, Name: ".", Path: p}
	}
	return formats.PathInput(p, os.DirFS)
}

// noFile is the file system of the empty path, which names no file: an
// import says so as the system does (os.Stat("") fails with ENOENT), not
// that it read the current folder.
type noFile struct{}

func (noFile) Open(string) (fs.File, error) {
	_, err := os.Stat("")
	return nil, err
}
