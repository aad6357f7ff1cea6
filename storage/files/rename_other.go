//go:build !windows

package files

import "os"

var osRename = os.Rename

// isHeldOpen is false: POSIX systems replace a name whoever has the file
// open (readers keep the old file).
func isHeldOpen(error) bool { return false }
