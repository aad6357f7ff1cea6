package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportOnFullDiskSaysSo: the disk fills while the import's changes are
// copied from the WAL into the project file, as the command closes. The
// import used to report success then, with the project file alone corrupt;
// now it fails, says the work is safe in the -wal file, and with room again
// the project opens whole.
func TestImportOnFullDiskSaysSo(t *testing.T) {
	if os.Geteuid() != 0 {
		// Mounting needs root: an ordinary user runs the test again in a
		// user and mount namespace of their own, where they are root.
		out, err := exec.Command("unshare", "--user", "--map-root-user", "--mount",
			os.Args[0], "-test.run", "^TestImportOnFullDiskSaysSo$", "-test.count", "1", "-test.v").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestImportOnFullDiskSaysSo") {
			t.Fatalf("this test mounts a small tmpfs: it needs root, or unshare for an ordinary user: %v\n%s", err, out)
		}
		return
	}
	// 3,000 articles: about 2.3 MB in the WAL and as much again in the
	// project file, more than the 4 MB disk holds.
	var input strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&input, `{"text":"Report %d: %s"}`+"\n", i,
			strings.Repeat(fmt.Sprintf("Putin and Erdogan met in Sochi; 34 soldiers died near Idlib on day %d. ", i), 3))
	}
	in := write(t, filepath.Join(t.TempDir(), "wire.jsonl"), input.String())
	disk, err := mountTmpfs(t, "4m")
	if err != nil {
		t.Fatalf("mount a 4 MB tmpfs: %v", err)
	}
	project := filepath.Join(disk, "p.inkspan")
	code, out, errOut := inkspan(t, "import", "--project", project, in)
	if code != 1 || strings.Contains(out, "records read") || !strings.Contains(errOut, "the disk is full") ||
		!strings.Contains(errOut, "p.inkspan-wal") {
		t.Fatalf("import on a full disk: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	// Room again: move the project to a bigger disk, WAL and all.
	roomy := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(project + suffix)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(roomy, "p.inkspan"+suffix), string(b))
	}
	if st := stats(t, filepath.Join(roomy, "p.inkspan")); st.Documents != 3000 {
		t.Fatalf("%d of 3,000 documents after the disk filled", st.Documents)
	}
}
