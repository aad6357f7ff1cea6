package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/gui/transfer"
	"github.com/inkspan/inkspan/model/formats"
	"github.com/inkspan/inkspan/storage/files"
)

// snapshot describes every file and folder under dir (name, mode,
// contents), so that a test can tell whether a failed export changed
// anything, temporary files included.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		info, err := e.Info()
		if err != nil {
			return err
		}
		if e.IsDir() {
			snap[rel+"/"] = info.Mode().String()
			return nil
		}
		b, err := os.ReadFile(path)
		snap[rel] = info.Mode().String() + " " + string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// snapshotDiff lists what differs between two snapshots.
func snapshotDiff(before, after map[string]string) []string {
	var diff []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			diff = append(diff, "gone: "+k)
		} else if w != v {
			diff = append(diff, "changed: "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			diff = append(diff, "new: "+k)
		}
	}
	sort.Strings(diff)
	return diff
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// noHidden fails when dir holds a name starting with a dot: an export's
// temporary file or folder left behind.
func noHidden(t *testing.T, dir string) {
	t.Helper()
	for _, n := range names(t, dir) {
		if strings.HasPrefix(n, ".") {
			t.Fatalf("%s is left in %s", n, dir)
		}
	}
}

// bulkProject makes a project of n documents of about size bytes each,
// labeled by alice.
func bulkProject(t *testing.T, n, size int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range n {
		text := fmt.Sprintf("Report %d. ", i)
		for len(text) < size {
			text += "Putin met Erdoğan in Moscow. "
		}
		start := strings.Index(text, "Putin")
		fmt.Fprintf(&b, `{"id":"d%d","text":%q,"spans":[{"start":%d,"end":%d,"label":"ACTOR"}]}`+"\n", i, text, start, start+5)
	}
	project := filepath.Join(dir, "bulk.inkspan")
	mustRun(t, "import", "--project", project, "--annotator", "alice", write(t, filepath.Join(dir, "in.jsonl"), b.String()))
	return project
}

// An export never writes over the project or the files SQLite keeps beside
// it, under any of their names, and never replaces a folder that holds it.
func TestExportRefusesTheProject(t *testing.T) {
	project := exampleProject(t)
	dir := filepath.Dir(project)
	link := filepath.Join(t.TempDir(), "link.jsonl")
	if err := os.Symlink(project, link); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Link(project, hard); err != nil {
		t.Fatal(err)
	}
	// A project whose name is that of a split part.
	partDir := t.TempDir()
	partProject := filepath.Join(partDir, "data.train.jsonl")
	mustRun(t, "import", "--project", partProject, "--annotator", "alice", write(t, filepath.Join(t.TempDir(), "in.jsonl"),
		`{"text":"`+example+`","spans":[{"start":0,"end":5,"label":"ACTOR"}]}`+"\n"))

	for _, tc := range []struct {
		name    string
		project string
		args    []string
		want    string
	}{
		{"the project", project, []string{"--format", "doccano", "--out", project}, "it is the project"},
		{"another spelling", project, []string{"--format", "doccano", "--out", filepath.Join(dir, "..", filepath.Base(dir), ".", "p.inkspan")}, "it is the project"},
		{"-wal", project, []string{"--format", "doccano", "--out", project + "-wal"}, "-wal"},
		{"-shm", project, []string{"--format", "conll", "--out", project + "-shm"}, "-shm"},
		{"-journal", project, []string{"--format", "prodigy", "--out", project + "-journal"}, "-journal"},
		{"upper case", project, []string{"--format", "doccano", "--out", filepath.Join(dir, "P.INKSPAN-WAL")}, "it is the project"},
		{"a symbolic link to it", project, []string{"--format", "labelstudio", "--out", link}, "it is the project"},
		{"a hard link to it", project, []string{"--format", "doccano", "--out", hard}, "it is the project"},
		{"a split part", partProject, []string{"--format", "doccano", "--split", "train=0.5,test=0.5", "--out", filepath.Join(partDir, "data.jsonl")}, "data.train.jsonl"},
		{"brat folder named as it", project, []string{"--format", "brat", "--out", project}, "it is the project"},
		{"hf folder holding it", project, []string{"--format", "hf", "--out", dir}, "the folder holds the project"},
		{"brat folder above it", project, []string{"--format", "brat", "--out", filepath.Dir(dir)}, "the folder holds the project"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"export", "--project", tc.project, "--annotator", "alice"}, tc.args...)
			code, _, errOut := inkspan(t, args...)
			if code != 1 || !strings.Contains(errOut, "cannot export to") || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want a refusal mentioning %q", code, errOut, tc.want)
			}
			// The project is still a project, with its documents.
			if st := stats(t, tc.project); st.Documents == 0 {
				t.Fatalf("the project lost its documents: %+v", st)
			}
			noHidden(t, filepath.Dir(tc.project))
		})
	}
	// The window's export goes the same way.
	db := openProjectT(t, project, false)
	defer db.Close()
	for _, out := range []string{project, project + "-wal", dir} {
		f := formats.FormatDoccano
		if out == dir {
			f = formats.FormatBrat
		}
		_, err := windowExport(context.Background(), db, transfer.ExportRequest{Format: f, Annotator: "alice", Out: out}, nil)
		if err == nil || !strings.Contains(err.Error(), "cannot export to "+out) {
			t.Fatalf("window export to %s: %v", out, err)
		}
	}
}

// A folder export replaces the previous one as a whole: nothing of it is
// left beside the new files.
func TestExportFolderReplacedWhole(t *testing.T) {
	project := exampleProject(t)
	parent := t.TempDir()
	brat := filepath.Join(parent, "brat")
	mustRun(t, "export", "--project", project, "--format", "brat", "--annotator", "alice", "--split", "a=0.5,b=0.5", "--out", brat)
	mustRun(t, "export", "--project", project, "--format", "brat", "--annotator", "alice", "--out", brat)
	if got := strings.Join(names(t, brat), " "); got != "annotation.conf cjk.ann cjk.txt ex.ann ex.txt" {
		t.Fatalf("brat folder after two exports: %s", got)
	}
	mustRun(t, "export", "--project", project, "--format", "brat", "--annotator", "bob", "--out", brat)
	if got := strings.Join(names(t, brat), " "); got != "annotation.conf ex.ann ex.txt" {
		t.Fatalf("brat folder after bob's export: %s", got)
	}
	hf := filepath.Join(parent, "hf")
	mustRun(t, "export", "--project", project, "--format", "hf", "--annotator", "alice", "--split", "train=0.5,dev=0.5", "--out", hf)
	code, _, errOut := inkspan(t, "export", "--project", project, "--format", "hf", "--annotator", "bob", "--out", hf)
	if code != 0 || !strings.Contains(errOut, "exported 1 records") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := strings.Join(names(t, hf), " "); got != "labels.json train.jsonl" {
		t.Fatalf("hf folder after an export without split: %s", got)
	}
	noHidden(t, parent)
}

// A folder with anyone's other files is refused, not emptied.
func TestExportFolderKeepsOtherFiles(t *testing.T) {
	project := exampleProject(t)
	for _, tc := range []struct {
		format string
		files  []string
		want   string
	}{
		{"brat", []string{"ex.txt", "ex.ann", "notes.md"}, "notes.md"},
		{"brat", []string{"chapter1.txt", "chapter2.txt"}, "chapter1.txt (no .ann)"},
		{"hf", []string{"mydata.jsonl"}, "mydata.jsonl"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		for _, f := range tc.files {
			write(t, filepath.Join(out, f), "mine")
		}
		before := snapshot(t, filepath.Dir(out))
		code, _, errOut := inkspan(t, "export", "--project", project, "--format", tc.format, "--annotator", "alice", "--out", out)
		if code != 1 || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "choose a new or empty folder") {
			t.Fatalf("%s into %v: exit %d, stderr %q", tc.format, tc.files, code, errOut)
		}
		if d := snapshotDiff(before, snapshot(t, filepath.Dir(out))); len(d) > 0 {
			t.Fatalf("%s into %v changed: %v", tc.format, tc.files, d)
		}
	}
}

// When one file of a split cannot be renamed into place after another was,
// the error and the result say exactly which were written.
func TestExportSplitSaysWhatWasWritten(t *testing.T) {
	project := exampleProject(t)
	db := openProjectT(t, project, false)
	defer db.Close()
	ctx := context.Background()
	docs, err := db.Documents(ctx, "alice")
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents: %v, %v", docs, err)
	}
	// A seed that puts the two documents in different parts.
	seed := int64(1)
	for ; ; seed++ {
		s, _ := formats.ParseSplit("a=0.5,b=0.5", seed)
		if s.Part(docs[0].ID) != s.Part(docs[1].ID) {
			break
		}
	}
	partial := 0
	for _, blocked := range []string{"a", "b"} {
		dir := t.TempDir()
		out := filepath.Join(dir, "data.jsonl")
		// When the last record is written, a folder takes the blocked
		// part's name, so that its rename fails.
		progress := func(done, total int) {
			if done == total {
				os.Mkdir(app.PartPath(out, blocked), 0o755)
			}
		}
		res, err := windowExport(ctx, db, transfer.ExportRequest{Format: formats.FormatDoccano, Annotator: "alice", Split: "a=0.5,b=0.5", Seed: seed, Out: out}, progress)
		if err == nil {
			t.Fatal("the export succeeded over a folder")
		}
		var written, notWritten []string
		for _, part := range []string{"a", "b"} {
			if info, serr := os.Stat(app.PartPath(out, part)); serr == nil && info.Mode().IsRegular() {
				written = append(written, app.PartPath(out, part))
			} else {
				notWritten = append(notWritten, app.PartPath(out, part))
			}
		}
		if fmt.Sprint(res.Written) != fmt.Sprint(written) {
			t.Fatalf("blocked %s: result says written %v, the disk has %v", blocked, res.Written, written)
		}
		want := "(nothing was written)"
		if len(written) > 0 {
			partial++
			want = fmt.Sprintf("(written: %s; not written: %s)", strings.Join(written, ", "), strings.Join(notWritten, ", "))
		}
		if !strings.HasSuffix(err.Error(), want) {
			t.Fatalf("blocked %s: error %q, want it to end %q", blocked, err, want)
		}
		noHidden(t, dir)
	}
	// Whichever part is renamed first, blocking the other writes one.
	if partial != 1 {
		t.Fatalf("%d of 2 exports wrote a part before failing, want 1", partial)
	}
}

// failingWriter takes limit bytes, then fails as a full disk does.
type failingWriter struct {
	buf   bytes.Buffer
	limit int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	room := w.limit - w.buf.Len()
	if len(p) <= room {
		return w.buf.Write(p)
	}
	w.buf.Write(p[:room])
	return room, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

// When standard output fails part way, the error says how much went out
// there instead of claiming that nothing was written.
func TestExportStdoutFailureSaysWhatWentOut(t *testing.T) {
	project := exampleProject(t)
	full := mustRun(t, "export", "--project", project, "--format", "doccano", "--annotator", "alice")
	first := strings.Index(full, "\n") + 1
	for _, tc := range []struct {
		format string
		limit  int
		want   string
	}{
		{"doccano", 0, "(nothing was written)"},
		{"doccano", first + 10, fmt.Sprintf("(standard output got 1 of the 2 records, %d of %d bytes, before it failed: what it holds is incomplete)", first+10, len(full))},
		{"conll", 100, "(standard output got 100 of "},
	} {
		out := &failingWriter{limit: tc.limit}
		var errOut bytes.Buffer
		code := run(context.Background(), []string{"export", "--project", project, "--format", tc.format, "--annotator", "alice"},
			env{stdin: strings.NewReader(""), stdout: out, stderr: &errOut})
		if code != 1 || !strings.Contains(errOut.String(), "no space left on device") || !strings.Contains(errOut.String(), tc.want) {
			t.Fatalf("%s, %d bytes: exit %d, stderr %q; want %q", tc.format, tc.limit, code, errOut.String(), tc.want)
		}
		if out.buf.Len() != tc.limit {
			t.Fatalf("standard output took %d bytes, want %d", out.buf.Len(), tc.limit)
		}
	}
}

// On a full disk an export fails, says that nothing was written, and
// leaves the target (file or folder) exactly as it was, with no temporary
// files. As root on Linux the disk is a real 1 MB tmpfs; otherwise, and
// everywhere as well, a write fault that fails writes past 1 MB stands in.
func TestExportDiskFull(t *testing.T) {
	project := bulkProject(t, 400, 5000) // 2 MB of text
	previous := exampleProject(t)
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		t.Run("tmpfs", func(t *testing.T) {
			dir, err := mountTmpfs(t, "1m")
			if err != nil {
				t.Fatalf("running as root, this test mounts a 1 MB tmpfs to fill, and could not: %v", err)
			}
			checkDiskFull(t, project, previous, dir, func() {})
		})
	} else {
		t.Log("not root on Linux: no tmpfs to fill; the write fault stands in for it")
	}
	t.Run("write fault", func(t *testing.T) {
		var used atomic.Int64
		defer files.SetWriteFault(func(path string, p []byte) error {
			if used.Add(int64(len(p))) > 1<<20 {
				return &fs.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
			}
			return nil
		})()
		checkDiskFull(t, project, previous, t.TempDir(), func() { used.Store(0) })
	})
}

// checkDiskFull exports project into dir, whose disk holds less than the
// export, over an earlier small export of previous (or into nothing);
// empty resets the disk before each export.
func checkDiskFull(t *testing.T, project, previous, dir string, empty func()) {
	for _, tc := range []struct {
		format, out string
		over        bool // over an earlier export
	}{
		{"doccano", "out.jsonl", true},
		{"conll", "new.conll", false},
		{"brat", "brat", true},
		{"brat", "new-brat", false},
		{"hf", "hf", true},
		{"doccano", "-", false},
	} {
		out := filepath.Join(dir, tc.out)
		if tc.out == "-" {
			// Standard output is written to a temporary file first.
			out = "-"
			t.Setenv("TMPDIR", dir)
		}
		if tc.over {
			empty()
			mustRun(t, "export", "--project", previous, "--format", tc.format, "--annotator", "alice", "--out", out)
		}
		before := snapshot(t, dir)
		empty()
		code, stdout, errOut := inkspan(t, "export", "--project", project, "--format", tc.format, "--out", out)
		if code != 1 || !strings.Contains(errOut, "no space left on device") || !strings.HasSuffix(strings.TrimSpace(errOut), "(nothing was written)") {
			t.Fatalf("%s to %s: exit %d, stderr %q", tc.format, tc.out, code, errOut)
		}
		if stdout != "" {
			t.Fatalf("%s to %s: %d bytes went to standard output", tc.format, tc.out, len(stdout))
		}
		if d := snapshotDiff(before, snapshot(t, dir)); len(d) > 0 {
			t.Fatalf("%s to %s: a failed export changed the disk: %v", tc.format, tc.out, d)
		}
	}
}

// The window's Cancel stops an export with nothing written, and says so.
func TestWindowExportCancelled(t *testing.T) {
	project := bulkProject(t, 600, 100)
	db := openProjectT(t, project, false)
	defer db.Close()
	// Cancelled half way (progress comes every 500 records), and after the
	// last record, before anything has its name.
	for _, at := range []int{500, 600} {
		out := filepath.Join(t.TempDir(), "brat")
		ctx, cancel := context.WithCancel(context.Background())
		res, err := windowExport(ctx, db, transfer.ExportRequest{Format: formats.FormatBrat, Annotator: "alice", Out: out},
			func(done, total int) {
				if done == at {
					cancel()
				}
			})
		cancel()
		if !errors.Is(err, context.Canceled) || !strings.HasSuffix(err.Error(), "interrupted (nothing was written)") || len(res.Written) != 0 {
			t.Fatalf("cancelled at %d: %v, written %v", at, err, res.Written)
		}
		if entries := names(t, filepath.Dir(out)); len(entries) != 0 {
			t.Fatalf("cancelled at %d, left behind: %v", at, entries)
		}
	}
}
