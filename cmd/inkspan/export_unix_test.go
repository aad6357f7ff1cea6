//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/storage/files"
)

// exportHelperEnv, set to a JSON list of arguments, makes the test binary
// run TestExportInterrupted as `inkspan ARGS` itself (through main, with
// its signal handling), each write slowed by exportDelayEnv milliseconds
// so that the test can interrupt it half way.
const (
	exportHelperEnv = "INKSPAN_TEST_EXPORT_ARGS"
	exportDelayEnv  = "INKSPAN_TEST_EXPORT_DELAY_MS"
)

func runExportHelper(argsJSON string) {
	var args []string
	if err := json.Unmarshal([]byte(argsJSON), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	delay, _ := strconv.Atoi(os.Getenv(exportDelayEnv))
	files.SetWriteFault(func(string, []byte) error {
		time.Sleep(time.Duration(delay) * time.Millisecond)
		return nil
	})
	os.Args = append([]string{"inkspan"}, args...)
	main()
	os.Exit(4) // main exits itself
}

// slowExport starts `inkspan export ARGS` in a process of its own.
func slowExport(t *testing.T, delayMS int, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	argsJSON, _ := json.Marshal(append([]string{"export"}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportInterrupted$", "-test.count=1")
	cmd.Env = append(os.Environ(), exportHelperEnv+"="+string(argsJSON), exportDelayEnv+"="+strconv.Itoa(delayMS))
	cmd.Env = append(cmd.Env, env...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, &errOut
}

// waitUntil polls until ready says yes, failing after 30 s.
func waitUntil(t *testing.T, what string, ready func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ready(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// tempOf returns the temporary file or folder that process pid writes in
// dir, or "".
func tempOf(dir string, pid int) string {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".inkspan-tmp-"+strconv.Itoa(pid)+"-") {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

// An export stopped by SIGTERM cleans up like one stopped by Ctrl-C; one
// killed with SIGKILL cannot, and the next export into the same place
// removes what it left. Either way the target is as it was.
func TestExportInterrupted(t *testing.T) {
	if args := os.Getenv(exportHelperEnv); args != "" {
		runExportHelper(args)
	}
	project := bulkProject(t, 100, 2000)
	previous := exampleProject(t)
	for _, tc := range []struct {
		format, out string
		delay       int // ms per write: brat writes two files a record, the others through a buffer
	}{
		{"brat", "brat", 5},
		{"hf", "hf", 300},
		{"doccano", "out.jsonl", 300},
	} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
			t.Run(tc.format+" "+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				out := filepath.Join(dir, tc.out)
				mustRun(t, "export", "--project", previous, "--format", tc.format, "--annotator", "alice", "--out", out)
				before := snapshot(t, dir)

				cmd, errOut := slowExport(t, tc.delay, nil, "--project", project, "--format", tc.format, "--out", out)
				var temp string
				waitUntil(t, "the export's temporary file", func() bool {
					temp = tempOf(dir, cmd.Process.Pid)
					return temp != ""
				})
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				err := cmd.Wait()
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Fatalf("the export was not stopped: %v\n%s", err, errOut)
				}
				if sig == syscall.SIGTERM {
					if exit.ExitCode() != 1 || !strings.Contains(errOut.String(), "interrupted (nothing was written)") {
						t.Fatalf("after SIGTERM: %v, stderr %q", err, errOut)
					}
					if d := snapshotDiff(before, snapshot(t, dir)); len(d) > 0 {
						t.Fatalf("after SIGTERM: %v", d)
					}
					return
				}
				// SIGKILL: the temporary file is left, the target untouched.
				after := snapshot(t, dir)
				for k := range after {
					if strings.HasPrefix(k, filepath.Base(temp)) {
						delete(after, k)
					}
				}
				if d := snapshotDiff(before, after); len(d) > 0 {
					t.Fatalf("after SIGKILL, apart from %s: %v", temp, d)
				}
				if _, err := os.Stat(temp); err != nil {
					t.Fatalf("SIGKILL left no temporary file to clean up: %v", err)
				}
				// The next export removes it, and succeeds.
				mustRun(t, "export", "--project", project, "--format", tc.format, "--out", out)
				noHidden(t, dir)
				if _, err := os.Stat(temp); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("the next export left %s: %v", temp, err)
				}
			})
		}
	}
	// Standard output is spooled to a file unnamed as soon as it is open:
	// killed from then on, an export leaves nothing in the temporary folder.
	if runtime.GOOS == "linux" {
		t.Run("stdout SIGKILL", func(t *testing.T) {
			tmp := t.TempDir()
			cmd, errOut := slowExport(t, 300, []string{"TMPDIR=" + tmp}, "--project", project, "--format", "doccano")
			fds := fmt.Sprintf("/proc/%d/fd", cmd.Process.Pid)
			waitUntil(t, "the unnamed spool file", func() bool {
				entries, _ := os.ReadDir(fds)
				for _, e := range entries {
					if target, _ := os.Readlink(filepath.Join(fds, e.Name())); strings.HasPrefix(target, tmp) && strings.HasSuffix(target, " (deleted)") {
						return true
					}
				}
				return false
			})
			cmd.Process.Kill()
			cmd.Wait()
			if left := names(t, tmp); len(left) > 0 {
				t.Fatalf("a killed export to standard output left %v in the temporary folder (stderr %q)", left, errOut)
			}
		})
	}
}

// New files and folders get 0666 and 0777 less the umask; a replaced file
// or folder keeps its mode. Not parallel: the umask is the process's.
func TestExportUmask(t *testing.T) {
	project := exampleProject(t)
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	file := filepath.Join(dir, "out.jsonl")
	mustRun(t, "export", "--project", project, "--format", "doccano", "--annotator", "alice", "--out", file)
	parts := filepath.Join(dir, "data.jsonl")
	mustRun(t, "export", "--project", project, "--format", "doccano", "--annotator", "alice", "--split", "a=0.5,b=0.5", "--out", parts)
	brat := filepath.Join(dir, "new", "brat")
	mustRun(t, "export", "--project", project, "--format", "brat", "--annotator", "alice", "--out", brat)
	hf := filepath.Join(dir, "hf")
	mustRun(t, "export", "--project", project, "--format", "hf", "--annotator", "alice", "--out", hf)
	for path, want := range map[string]os.FileMode{
		file: 0o640, filepath.Join(dir, "new"): 0o750, brat: 0o750, filepath.Join(brat, "ex.ann"): 0o640,
		hf: 0o750, filepath.Join(hf, "train.jsonl"): 0o640, filepath.Join(hf, "labels.json"): 0o640,
	} {
		exportCheckMode(t, path, want)
	}
	for _, p := range []string{"a", "b"} {
		if _, err := os.Stat(app.PartPath(parts, p)); err == nil {
			exportCheckMode(t, app.PartPath(parts, p), 0o640)
		}
	}
	// Made private or shared by hand: the next export keeps it so.
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(brat, 0o755); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "export", "--project", project, "--format", "doccano", "--annotator", "bob", "--out", file)
	mustRun(t, "export", "--project", project, "--format", "brat", "--annotator", "bob", "--out", brat)
	exportCheckMode(t, file, 0o600)
	exportCheckMode(t, brat, 0o755)
	if b, _ := os.ReadFile(file); strings.Count(string(b), "\n") != 1 {
		t.Fatalf("bob's export has %q", b)
	}
}

func exportCheckMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Fatalf("%s: mode %#o, want %#o", path, got, want)
	}
}
