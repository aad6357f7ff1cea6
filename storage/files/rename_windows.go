package files

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

var osRename = os.Rename

// isHeldOpen reports the errors Windows gives for a rename over a file or
// folder another program has open.
func isHeldOpen(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_ACCESS_DENIED) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}
