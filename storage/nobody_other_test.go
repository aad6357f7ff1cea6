//go:build !unix

package storage_test

import "testing"

// runAsNobody is called only when the tests run as root (os.Geteuid() ==
// 0), which has no meaning outside Unix: os.Geteuid is -1 there.
func runAsNobody(t *testing.T, test string) {
	t.Helper()
	t.Fatalf("%s: running as another user is for Unix root only", test)
}
