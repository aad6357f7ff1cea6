//go:build !unix

package pgtest

import "os/exec"

// runner runs the server's programs as the user running the tests: only
// Unix has root to step away from.
type runner struct{ dir string }

func newRunner(dir string) (runner, error) { return runner{dir: dir}, nil }

func (r runner) hint() string { return "" }

func (r runner) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = r.dir
	return cmd
}

// watch does nothing here: Main stops the cluster.
func watch(dir, data string) error { return nil }
