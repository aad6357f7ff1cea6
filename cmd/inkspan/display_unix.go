//go:build (linux || freebsd || openbsd || netbsd || dragonfly) && !android

package main

import (
	"net"
	"os"
	"strings"
	"time"

	"github.com/inkspan/inkspan/model"
)

// checkDisplay fails with one line a user can act on when there is no
// graphical session to open the window in: without one, the windowing
// library panics with a stack trace.
func checkDisplay() error {
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	display := os.Getenv("DISPLAY")
	if display == "" {
		return model.Errorf(model.EINVALID,
			"no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set): run it in a desktop session; the other commands (import, export, stats…) need none")
	}
	if !displayReachable(display) {
		return model.Errorf(model.EINVALID,
			"cannot reach the display %s: is the X server running? The other commands (import, export, stats…) need none", model.Printable(display))
	}
	return nil
}

// displayReachable reports whether an X server answers at display
// (":0", ":1.0", "unix:0", "host:0"), by connecting to its socket.
func displayReachable(display string) bool {
	host, rest, ok := strings.Cut(display, ":")
	if !ok {
		return true // a form we do not know: let the library try
	}
	number, _, _ := strings.Cut(rest, ".")
	if host == "" || host == "unix" {
		conn, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+number, time.Second)
		if err != nil {
			// Linux also has the abstract socket namespace.
			if conn, err = net.DialTimeout("unix", "@/tmp/.X11-unix/X"+number, time.Second); err != nil {
				return false
			}
		}
		conn.Close()
		return true
	}
	return true // a remote display (ssh -X): checking it could take long
}
