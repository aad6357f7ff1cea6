package files

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
)

// An earlier export of a nested collection (split part folders holding the
// collection's own folders) may be replaced by the next export; a text
// without its .ann deep inside is still someone's file.
func TestBratExportFolderNested(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"annotation.conf", "train/annotation.conf", "train/news/2024/a.txt", "train/news/2024/a.ann", "b.txt", "b.ann"} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := checkExportFolder(dir, formats.FormatBrat); err != nil {
		t.Fatalf("a nested brat export refused: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "train", "news", "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkExportFolder(dir, formats.FormatBrat); err == nil || !strings.Contains(err.Error(), "train/news/notes.txt (no .ann)") {
		t.Fatalf("checkExportFolder = %v, want train/news/notes.txt named", err)
	}
}
