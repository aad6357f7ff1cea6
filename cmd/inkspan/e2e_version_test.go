//go:build e2e

package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The binary names the commit it was built from, as the Go toolchain
// recorded it: the checkout's HEAD (a clean clone in CI, or this tree).
func TestE2EVersionNamesCommit(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD: %v (the tests run in a git checkout)", err)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("inkspan version: %v", err)
	}
	var commit string
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "commit:"); ok {
			commit = strings.TrimSpace(rest)
		}
	}
	if len(commit) < 12 || !strings.HasPrefix(strings.TrimSpace(string(head)), commit[:12]) {
		t.Fatalf("inkspan version says commit %q; HEAD is %s", commit, head)
	}
}
