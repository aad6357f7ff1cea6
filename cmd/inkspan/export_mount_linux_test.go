package main

import (
	"syscall"
	"testing"
)

// mountTmpfs mounts a tmpfs of size (such as "1m") on a new folder, for a
// test that needs a disk it can fill, and unmounts it when the test ends.
// It needs root.
func mountTmpfs(t *testing.T, size string) (string, error) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		return "", err
	}
	// Registered after TempDir's clean-up, so it runs first: the folder is
	// removed once it is a folder again.
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
			syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	return dir, nil
}
