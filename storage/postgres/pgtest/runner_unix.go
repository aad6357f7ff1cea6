//go:build unix

package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
)

// runner runs the server's programs. initdb and postgres refuse to run as
// root (a server that can write anywhere), so under root, a container's
// usual user, they run as an unprivileged user who owns the cluster's
// folder: postgres, which Debian's package creates, or else nobody.
type runner struct {
	dir  string
	cred *syscall.Credential // nil: as ourselves
	user string              // whom cred names, for messages
}

func newRunner(dir string) (runner, error) {
	r := runner{dir: dir}
	if os.Geteuid() != 0 {
		return r, nil
	}
	var u *user.User
	var err error
	for _, name := range []string{"postgres", "nobody"} {
		if u, err = user.Lookup(name); err == nil {
			break
		}
	}
	if err != nil {
		return r, fmt.Errorf("running as root, and neither user postgres nor nobody exists to run the server as: %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return r, err
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return r, err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return r, fmt.Errorf("giving the cluster's folder to user %s: %w", u.Username, err)
	}
	r.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: false}
	r.user = u.Username
	return r, nil
}

// hint says what to check when the server's programs fail as another
// user: every folder above the cluster's must let that user through.
func (r runner) hint() string {
	if r.user == "" {
		return ""
	}
	return fmt.Sprintf(" (they ran as user %s, since root may not: every folder above %s must let %s through; set TMPDIR to one that does, such as /tmp)", r.user, r.dir, r.user)
}

// command is name with args, run in the cluster's folder (initdb fails
// when it cannot read the folder it starts in) as the runner's user.
func (r runner) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = r.dir
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
	}
	return cmd
}

// watch starts a watchdog that stops the cluster and removes its folder
// once this test binary is gone without stopping it (a panicking test, a
// go test timeout, a kill): a server left running would hold its port
// and memory until someone noticed. It polls the binary's pid each
// second from a process group of its own, so that the Ctrl-C that ends
// the tests does not end it first, and stops the server with SIGQUIT (an
// immediate shutdown), which root may send to the server's user.
func watch(dir, data string) error {
	script := `while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ -f "$2/postmaster.pid" ]; then kill -QUIT "$(head -n 1 "$2/postmaster.pid")" 2>/dev/null; sleep 1; fi
rm -rf "$3"`
	cmd := exec.Command("/bin/sh", "-c", script, "pgtest-watchdog", strconv.Itoa(os.Getpid()), data, dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the cluster's watchdog: %w", err)
	}
	return cmd.Process.Release()
}
