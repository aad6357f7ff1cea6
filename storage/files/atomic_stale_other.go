//go:build !unix

package files

import "time"

// staleTemp says whether a temporary name was left behind. Where a process
// cannot be asked cheaply whether it is alive, and its id is soon reused
// (Windows), only the age tells.
func staleTemp(_ int, modified time.Time) bool {
	return time.Since(modified) > staleAge
}
