package files

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// treeOf lists every file and folder under dir with its contents, so that
// a test can compare a folder before and after.
func treeOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if e.IsDir() {
			tree[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(path)
		tree[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// hidden lists the names in dir that start with a dot: temporaries.
func hidden(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeBrat writes a small brat collection into dir through an AtomicDir
// and commits it.
func writeBrat(t *testing.T, dir string, names ...string) {
	t.Helper()
	d, err := CreateAtomicDir(dir, formats.FormatBrat)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		mustWrite(t, filepath.Join(d.Dir(), n+".txt"), "text of "+n)
		mustWrite(t, filepath.Join(d.Dir(), n+".ann"), "")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestAtomicDirNewAndReplaced(t *testing.T) {
	for _, twoStep := range []bool{false, true} {
		t.Run(map[bool]string{false: "exchange", true: "two renames"}[twoStep], func(t *testing.T) {
			if twoStep {
				exchangeNames = func(string, string) error { return errNoExchange }
				t.Cleanup(func() { exchangeNames = exchange })
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "deep", "er", "brat")
			writeBrat(t, out, "a", "b")
			want := map[string]string{"./": "", "a.txt": "text of a", "a.ann": "", "b.txt": "text of b", "b.ann": ""}
			if got := treeOf(t, out); !sameTree(got, want) {
				t.Fatalf("new folder = %v", got)
			}
			// An earlier export, with a split part folder and the leftovers
			// of older versions and desktops, is replaced as a whole.
			mustWrite(t, filepath.Join(out, "dev", "c.txt"), "c")
			mustWrite(t, filepath.Join(out, "dev", "c.ann"), "")
			mustWrite(t, filepath.Join(out, ".a.txt.12345.tmp"), "half")
			mustWrite(t, filepath.Join(out, ".DS_Store"), "")
			mustWrite(t, filepath.Join(out, "annotation.conf"), "[entities]\n")
			writeBrat(t, out, "z")
			want = map[string]string{"./": "", "z.txt": "text of z", "z.ann": ""}
			if got := treeOf(t, out); !sameTree(got, want) {
				t.Fatalf("replaced folder = %v", got)
			}
			if h := hidden(t, filepath.Dir(out)); len(h) > 0 {
				t.Fatalf("left beside the folder: %v", h)
			}
		})
	}
}

func TestAtomicDirRefusesForeignFiles(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format formats.Format
		files  []string
		want   string
	}{
		{"notes", formats.FormatBrat, []string{"a.txt", "a.ann", "notes.md"}, "notes.md"},
		{"plain texts", formats.FormatBrat, []string{"story.txt"}, "story.txt (no .ann)"},
		{"deep folder", formats.FormatBrat, []string{"dev/sub/a.txt"}, "dev/sub"},
		{"hf without labels.json", formats.FormatHF, []string{"data.jsonl"}, "data.jsonl"},
		{"hf other", formats.FormatHF, []string{"train.jsonl", "labels.json", "README.md"}, "README.md"},
		{"project", formats.FormatHF, []string{"labels.json", "p.inkspan"}, "p.inkspan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			for _, f := range tc.files {
				mustWrite(t, filepath.Join(out, f), "mine")
			}
			before := treeOf(t, out)
			_, err := CreateAtomicDir(out, tc.format)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), out) {
				t.Fatalf("CreateAtomicDir = %v, want a refusal naming %s and %q", err, out, tc.want)
			}
			if !sameTree(before, treeOf(t, out)) {
				t.Fatal("the folder changed")
			}
			if h := hidden(t, filepath.Dir(out)); len(h) > 0 {
				t.Fatalf("left beside the folder: %v", h)
			}
		})
	}
	// A file where the folder should be.
	file := filepath.Join(t.TempDir(), "out")
	mustWrite(t, file, "x")
	if _, err := CreateAtomicDir(file, formats.FormatBrat); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("over a file: %v", err)
	}
}

// Files put in the folder while the export ran are not deleted by the swap.
func TestAtomicDirChecksAgainAtCommit(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hf")
	mustWrite(t, filepath.Join(out, "labels.json"), "[]")
	d, err := CreateAtomicDir(out, formats.FormatHF)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(d.Dir(), "train.jsonl"), "{}\n")
	mustWrite(t, filepath.Join(out, "my-notes.txt"), "mine")
	if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "my-notes.txt") {
		t.Fatalf("Commit = %v", err)
	}
	if got := treeOf(t, out); !sameTree(got, map[string]string{"./": "", "labels.json": "[]", "my-notes.txt": "mine"}) {
		t.Fatalf("folder = %v", got)
	}
	if h := hidden(t, filepath.Dir(out)); len(h) > 0 {
		t.Fatalf("left beside the folder: %v", h)
	}
}

func TestAtomicDirAbort(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "new", "hf")
	d, err := CreateAtomicDir(out, formats.FormatHF)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(d.Dir(), "train.jsonl"), "{}\n")
	d.Abort()
	d.Abort() // twice is harmless
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Fatalf("an aborted export left %v (the folders it made included)", entries)
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	dead, alive := deadPID(t), os.Getppid()
	name := func(base, kind string, pid int) string {
		return filepath.Join(dir, "."+base+tempMarker+kind+"-"+strconv.Itoa(pid)+"-0123abcd")
	}
	old := time.Now().Add(-2 * staleAge)
	mk := func(path string, folder, aged bool) {
		if folder {
			mustWrite(t, filepath.Join(path, "a.txt"), "x")
		} else {
			mustWrite(t, path, "x")
		}
		if aged {
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Left by a process that is gone (and old, which is what tells where
	// process ids cannot be checked): removed.
	mk(name("out.jsonl", kindTemp, dead), false, true)
	mk(name("brat", kindTemp, dead), true, true)
	// A previous folder kept aside by a swap killed half way, whose real
	// name is missing: put back.
	mk(name("hf", kindOld, dead), true, true)
	// Kept aside, but the new folder got its name: removed.
	mk(filepath.Join(dir, "brat2", "x.txt"), false, false)
	mk(name("brat2", kindOld, dead), true, true)
	// Of running processes, this one included: kept.
	mk(name("run.jsonl", kindTemp, alive), false, false)
	mk(name("mine.jsonl", kindTemp, os.Getpid()), false, true)
	// Not ours at all.
	mk(filepath.Join(dir, ".hidden.inkspan-tmp-12-zz"), false, true)
	mk(filepath.Join(dir, ".x.inkspan-tmp-"+strconv.Itoa(dead)+"-0123abcd-more"), false, true)

	removeStaleTemps(dir)
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	sort.Strings(left)
	want := []string{
		".hidden.inkspan-tmp-12-zz",
		".mine.jsonl.inkspan-tmp-" + strconv.Itoa(os.Getpid()) + "-0123abcd",
		".run.jsonl.inkspan-tmp-" + strconv.Itoa(alive) + "-0123abcd",
		".x.inkspan-tmp-" + strconv.Itoa(dead) + "-0123abcd-more",
		"brat2", "hf",
	}
	sort.Strings(want)
	if strings.Join(left, " ") != strings.Join(want, " ") {
		t.Fatalf("left %v\nwant %v", left, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "hf", "a.txt")); err != nil || string(b) != "x" {
		t.Fatalf("the folder put back: %q, %v", b, err)
	}
}

func TestParseTempName(t *testing.T) {
	name := tempName("data.train.jsonl", kindTemp)
	got, ok := parseTempName(name)
	if !ok || got.base != "data.train.jsonl" || got.kind != kindTemp || got.pid != os.Getpid() {
		t.Fatalf("parseTempName(%q) = %+v, %v", name, got, ok)
	}
	long := strings.Repeat("é", 200) // 400 bytes
	name = tempName(long, kindOld)
	if len(name) > 255 {
		t.Fatalf("a temporary name of %d bytes", len(name))
	}
	if got, ok := parseTempName(name); !ok || !strings.HasPrefix(long, got.base) || len(got.base) > maxTempBase {
		t.Fatalf("long name: %+v, %v", got, ok)
	}
	for _, bad := range []string{"x.inkspan-tmp-1-0123abcd", ".x.inkspan-new-1-0123abcd", ".x.inkspan-tmp-0-0123abcd", ".x.inkspan-tmp-1-0123", ".inkspan-tmp-1-0123abcd"} {
		if _, ok := parseTempName(bad); ok {
			t.Errorf("parseTempName(%q) took it", bad)
		}
	}
}

func TestWriteFault(t *testing.T) {
	full := &fs.PathError{Op: "write", Err: syscall.ENOSPC}
	restore := SetWriteFault(func(path string, p []byte) error {
		if strings.Contains(path, "b.") {
			return full
		}
		return nil
	})
	defer restore()
	dir := t.TempDir()
	f, err := CreateAtomic(filepath.Join(dir, "a.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("fine"); err != nil {
		t.Fatal(err)
	}
	f.Abort()
	f, err = CreateAtomic(filepath.Join(dir, "b.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Write = %v", err)
	}
	f.Abort()
	w, err := formats.NewBratWriter(Folder(dir), formats.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := &formats.Annotation{Document: model.Document{ExternalID: "b", Text: "text"}}
	if err := w.Write(a); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("brat Write = %v", err)
	}
	restore()
	if err := w.Close(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("brat Close = %v, want the write's error", err)
	}
}

// A replaced file keeps its mode; a symbolic link is replaced, not followed.
func TestAtomicFileKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	mustWrite(t, path, "old")
	if err := os.Chmod(path, 0o604); err != nil {
		t.Fatal(err)
	}
	f, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o604 {
		t.Fatalf("mode %v, want the replaced file's 0604", info.Mode())
	}
	target := filepath.Join(dir, "target")
	mustWrite(t, target, "keep")
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, _ = CreateAtomic(link)
	f.WriteString("new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatalf("the link's target was written: %q", b)
	}
	if _, err := CreateAtomic(dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Fatalf("CreateAtomic of a folder = %v", err)
	}
}
