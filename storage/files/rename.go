package files

import (
	"fmt"
	"time"
)

// replaceWait is how long a rename over a file another program holds open
// is tried again: Windows refuses it while the file is open (an export
// open in an editor, a virus scanner or the search indexer reading a file
// just written), and such readers mostly let go within a second.
const replaceWait = 3 * time.Second

// rename gives from the name to, replacing to. Where the system refuses
// because another program has to open (Windows: sharing violation, access
// denied, lock violation), it tries again for replaceWait, then says which
// file is held and what to do. Elsewhere it is os.Rename.
func rename(from, to string) error {
	return retryRename(from, to, osRename, isHeldOpen, time.Sleep, replaceWait)
}

// retryRename is rename's policy with the system taken out, so the
// Windows rules are tested on every system.
func retryRename(from, to string, do func(from, to string) error, heldOpen func(error) bool, sleep func(time.Duration), budget time.Duration) error {
	pause := 20 * time.Millisecond
	var waited time.Duration
	for {
		err := do(from, to)
		if err == nil || !heldOpen(err) {
			return err
		}
		if waited >= budget {
			return fmt.Errorf("%s is open in another program, and Windows does not let a file that is open be replaced: close it there and try again (%w)", to, err)
		}
		sleep(pause)
		waited += pause
		pause = min(2*pause, 500*time.Millisecond)
	}
}
