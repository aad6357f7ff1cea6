package files

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Windows' rule, tested on any system: a rename over a file another program
// holds open fails until it lets go. The export tries again, and after its
// budget says which file is held; any other error is returned at once.
func TestRetryRenameWhileHeldOpen(t *testing.T) {
	held := errors.New("The process cannot access the file because it is being used by another process.")
	heldOpen := func(err error) bool { return errors.Is(err, held) }

	var slept time.Duration
	sleep := func(d time.Duration) { slept += d }
	calls := 0
	letsGoAfter := func(n int) func(string, string) error {
		return func(string, string) error {
			calls++
			if calls <= n {
				return held
			}
			return nil
		}
	}
	if err := retryRename("tmp", "out.jsonl", letsGoAfter(3), heldOpen, sleep, time.Second); err != nil || calls != 4 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	if slept <= 0 || slept > time.Second {
		t.Errorf("slept %v", slept)
	}

	calls, slept = 0, 0
	err := retryRename("tmp", `C:\exports\out.jsonl`, letsGoAfter(1000), heldOpen, sleep, time.Second)
	if err == nil || !errors.Is(err, held) || !strings.Contains(err.Error(), `C:\exports\out.jsonl is open in another program`) {
		t.Fatalf("err %v", err)
	}
	if slept < time.Second || slept > 2*time.Second {
		t.Errorf("gave up after %v, budget 1s", slept)
	}

	calls = 0
	other := errors.New("disk full")
	if err := retryRename("tmp", "out", func(string, string) error { calls++; return other }, heldOpen, sleep, time.Second); !errors.Is(err, other) || calls != 1 {
		t.Errorf("another error was tried %d times: %v", calls, err)
	}
}
