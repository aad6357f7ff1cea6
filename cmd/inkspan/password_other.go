//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package main

import (
	"errors"
	"os"
)

// readPassword cannot turn echo off here: the password must come from the
// environment (INKSPAN_PASSWORD).
func readPassword(*os.File) (string, error) {
	return "", errors.New("cannot read a password without showing it on this system: set INKSPAN_PASSWORD")
}
