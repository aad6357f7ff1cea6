package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentConsole lets the command line print when the binary was
// linked for the window (-H windowsgui, as `make package` links it: a
// double-click then opens no console window). Such a process starts with
// no console, so output to the terminal it was run from would be lost;
// it borrows that terminal's console (AttachConsole) and points the
// standard streams that lead nowhere at it. A stream that is redirected
// to a file or a pipe is left alone.
func attachParentConsole() {
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1
	if attach.Find() != nil {
		return
	}
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return // started from Explorer: no console to borrow
	}
	if !usable(os.Stdout) || !usable(os.Stderr) {
		if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			if !usable(os.Stdout) {
				os.Stdout = out
			}
			if !usable(os.Stderr) {
				os.Stderr = out
			}
		}
	}
	if !usable(os.Stdin) {
		if in, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
			os.Stdin = in
		}
	}
}

// usable reports whether f leads somewhere: a console, file or pipe.
func usable(f *os.File) bool {
	if f == nil {
		return false
	}
	t, err := windows.GetFileType(windows.Handle(f.Fd()))
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
