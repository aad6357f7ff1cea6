//go:build e2e

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EQuietUnderCLocale runs commands of the real binary under the C
// locales of Debian and Ubuntu containers: stderr holds nothing but what
// the command itself says (Fyne used to log "Error parsing user locale C"
// while it initialised), and a program the binary starts would still see
// the user's own locale.
func TestE2EQuietUnderCLocale(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	project := filepath.Join(t.TempDir(), "p.inkspan")
	doc := write(t, filepath.Join(t.TempDir(), "a.txt"), "Putin met Erdogan in Moscow.\n")
	if code, out, errOut := inkspan(t, "import", "--project", project, doc); code != 0 {
		t.Fatalf("import: %s%s", out, errOut)
	}
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LC_ALL=C"}, {"LANG=POSIX"}, {"LC_ALL=C.UTF-8", "LANG=en_GB.UTF-8"}} {
		for _, args := range [][]string{{"version"}, {"labels", "--project", project}, {"stats", "--project", project}} {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(cleanLocaleEnv(), env...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v %v: %v\n%s", env, args, err, stderr.String())
			}
			if stderr.Len() != 0 {
				t.Errorf("%v inkspan %s wrote to stderr:\n%s", env, strings.Join(args, " "), stderr.String())
			}
			if stdout.Len() == 0 {
				t.Errorf("%v inkspan %s printed nothing", env, strings.Join(args, " "))
			}
		}
	}
}

// cleanLocaleEnv is the test's environment without locale variables.
func cleanLocaleEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANGUAGE=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
