//go:build unix

package files

import (
	"errors"
	"syscall"
	"time"
)

// staleTemp says whether a temporary name was left behind: its process is
// gone, or it is older than any export runs (its process id may have been
// reused, as in a container where every run is process 1). Signal 0 checks
// that a process exists without disturbing it; ESRCH is the only sure
// "gone", and EPERM means it runs as someone else.
func staleTemp(pid int, modified time.Time) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) || time.Since(modified) > staleAge
}
