//go:build !windows

package main

// attachParentConsole has nothing to do outside Windows: a program run
// from a terminal prints to it whether or not it opens a window.
func attachParentConsole() {}
