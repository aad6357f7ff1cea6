//go:build (linux || freebsd || openbsd || netbsd || dragonfly) && !android

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// Without a display the window used to panic with a stack trace: now one
// line says why, and no project is created.
func TestGUIWithoutDisplay(t *testing.T) {
	for _, tc := range []struct {
		name, display, want string
	}{
		{"Unset", "", "no display to open the window on"},
		{"NoServer", ":97", "cannot reach the display :97"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DISPLAY", tc.display)
			t.Setenv("WAYLAND_DISPLAY", "")
			project := filepath.Join(t.TempDir(), "p.inkspan")
			code, _, stderr := inkspan(t, "gui", "--project", project)
			if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "goroutine") {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
		})
	}
}
