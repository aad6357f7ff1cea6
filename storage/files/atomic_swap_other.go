//go:build !linux

package files

// exchange has no single-step form outside Linux (macOS's renamex_np is
// not in the standard library): swapDirs renames in two steps.
func exchange(a, b string) error { return errNoExchange }
