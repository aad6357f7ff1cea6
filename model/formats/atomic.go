package formats

import (
	"os"
	"path/filepath"
)

// AtomicFile is an output file that appears under its real name only when
// complete: it is written to a temporary file in the same folder and renamed
// by Commit, so an interrupted export never leaves a half-written file where
// a training script would read it.
type AtomicFile struct {
	*os.File
	path string
	done bool
}

// CreateAtomic starts writing path.
func CreateAtomic(path string) (*AtomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{File: f, path: path}, nil
}

// Path is the real name the file gets on Commit.
func (f *AtomicFile) Path() string { return f.path }

// Commit syncs the data to disk and gives the file its real name.
func (f *AtomicFile) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	err := f.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.File.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.File.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.File.Name())
	}
	return err
}

// Abort removes the temporary file; the real name is left as it was. It is
// safe to call after Commit (it then does nothing).
func (f *AtomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.File.Name())
}
