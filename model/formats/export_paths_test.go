package formats

import (
	"os"
	"path/filepath"
)

// OpenPaths is Open over paths on disk, as storage/files.Open makes it,
// for the tests of this package that read what they wrote into a temporary
// folder, or testdata. (Tests that need no disk give Open a folder in
// memory.)
func OpenPaths(paths []string, format Format, opts Options) (Reader, error) {
	var inputs []Input
	for _, p := range paths {
		inputs = append(inputs, PathInput(p, os.DirFS))
	}
	if opts.HFLabels != "" {
		opts.HFLabelsFile = PathInput(opts.HFLabels, os.DirFS)
	}
	return Open(inputs, format, opts)
}

// DetectPath is DetectFormat of a path on disk.
func DetectPath(path string) Format { return DetectFormat(PathInput(path, os.DirFS)) }

// DiskFolder is a folder on disk as a brat writer's Folder, for the tests
// of this package that read an export back with the tools they read the
// disk with (storage/files.Folder is the one exports use).
type DiskFolder string

func (d DiskFolder) path(name string) string {
	return filepath.Join(string(d), filepath.FromSlash(name))
}

func (d DiskFolder) MkdirAll(name string) error { return os.MkdirAll(d.path(name), 0o777) }

func (d DiskFolder) WriteFile(name string, data []byte) error {
	return os.WriteFile(d.path(name), data, 0o666)
}

func (d DiskFolder) Rename(from, to string) error { return os.Rename(d.path(from), d.path(to)) }
