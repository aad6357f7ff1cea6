//go:build unix

package storage_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// runAsNobody runs one test of this binary again as uid and gid 65534, in a
// scratch folder that user owns, and fails if it fails.
func runAsNobody(t *testing.T, test string) {
	t.Helper()
	const nobody = 65534
	// Not t.TempDir: its parent folder is root's alone.
	scratch, err := os.MkdirTemp("", "inkspan-nobody")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(scratch) })
	must(t, os.Chmod(scratch, 0o755))
	must(t, os.Chown(scratch, nobody, nobody))
	self, err := os.ReadFile(os.Args[0])
	must(t, err)
	bin := filepath.Join(scratch, "storage.test")
	must(t, os.WriteFile(bin, self, 0o755))
	cmd := exec.Command(bin, "-test.run", "^"+test+"$", "-test.count", "1", "-test.v")
	cmd.Dir = scratch
	cmd.Env = append(os.Environ(), "TMPDIR="+scratch, "HOME="+scratch)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+test) {
		t.Fatalf("%s as nobody: %v\n%s", test, err, out)
	}
}
