package files

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// Paths reach the codecs as the user gave them: a folder named with a
// trailing slash names its files joined to it, and a missing path, the
// empty one included, is reported as the system says it, at its turn.
func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "texts", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "texts", "sub", "a.txt"), []byte("Idlib talks."), 0o644)

	r, err := Open([]string{filepath.Join(dir, "texts") + "/", "", filepath.Join(dir, "nope.jsonl")}, formats.FormatAuto, formats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rec, err := r.Next()
	if err != nil || rec.ExternalID != "sub/a.txt" || rec.Source != filepath.Join(dir, "texts", "sub", "a.txt") {
		t.Fatalf("Next = %+v, %v; want sub/a.txt from its path", rec, err)
	}
	for _, want := range []string{": cannot read: no such file or directory", filepath.Join(dir, "nope.jsonl") + ": cannot read: no such file or directory"} {
		_, err := r.Next()
		var ie *model.InputError
		if !errors.As(err, &ie) || !ie.Fatal || err.Error() != want {
			t.Fatalf("Next = %v, want the fatal %q", err, want)
		}
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next = %v, want io.EOF", err)
	}
	if got := DetectFormat(filepath.Join(dir, "texts")); got != formats.FormatTxt {
		t.Fatalf("DetectFormat(texts) = %q, want txt", got)
	}
}
