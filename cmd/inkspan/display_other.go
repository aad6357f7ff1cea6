//go:build !((linux || freebsd || openbsd || netbsd || dragonfly) && !android)

package main

// checkDisplay: Windows and macOS always have a desktop to open windows on.
func checkDisplay() error { return nil }
