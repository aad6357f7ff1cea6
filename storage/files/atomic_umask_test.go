//go:build unix

package files

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// New files and folders get what the umask leaves of 0666 and 0777; a
// replaced folder keeps its mode. Not parallel: the umask is the process's.
func TestExportModesFollowUmask(t *testing.T) {
	for _, umask := range []int{0o022, 0o077, 0o002} {
		old := syscall.Umask(umask)
		func() {
			defer syscall.Umask(old)
			dir := t.TempDir()
			f, err := CreateAtomic(filepath.Join(dir, "new.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			checkMode(t, filepath.Join(dir, "new.jsonl"), 0o666&^os.FileMode(umask))

			out := filepath.Join(dir, "made", "brat")
			d, err := CreateAtomicDir(out, formats.FormatBrat)
			if err != nil {
				t.Fatal(err)
			}
			w, err := formats.NewBratWriter(Folder(filepath.Join(d.Dir(), "train")), formats.WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(&formats.Annotation{Document: model.Document{ExternalID: "a", Text: "text"}}); err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			checkMode(t, filepath.Join(dir, "made"), 0o777&^os.FileMode(umask))
			checkMode(t, out, 0o777&^os.FileMode(umask))
			checkMode(t, filepath.Join(out, "train"), 0o777&^os.FileMode(umask))
			checkMode(t, filepath.Join(out, "train", "a.ann"), 0o666&^os.FileMode(umask))

			if err := os.Chmod(out, 0o700); err != nil {
				t.Fatal(err)
			}
			d, err = CreateAtomicDir(out, formats.FormatBrat)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.Commit(); err != nil {
				t.Fatal(err)
			}
			checkMode(t, out, 0o700)
		}()
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Fatalf("%s: mode %#o, want %#o", path, got, want)
	}
}
