//go:build !linux

package main

import (
	"errors"
	"testing"
)

// mountTmpfs is Linux only; TestExportDiskFull uses its write fault
// elsewhere.
func mountTmpfs(*testing.T, string) (string, error) {
	return "", errors.New("tmpfs is a Linux file system")
}
