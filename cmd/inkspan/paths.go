package main

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"
)

// dataDir is where Inkspan keeps its default project: the platform's
// per-user data folder (XDG_DATA_HOME on Linux and the BSDs).
func dataDir() (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		dir, err := os.UserConfigDir() // %AppData%, ~/Library/Application Support
		return filepath.Join(dir, "Inkspan"), err
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "inkspan"), nil
	}
	home, err := os.UserHomeDir()
	return filepath.Join(home, ".local", "share", "inkspan"), err
}

// defaultAnnotator names the person at the keyboard until they say otherwise.
func defaultAnnotator() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		// Windows user names come as DOMAIN\name.
		return u.Username[strings.LastIndex(u.Username, `\`)+1:]
	}
	for _, v := range []string{"USER", "USERNAME", "LOGNAME"} {
		if name := os.Getenv(v); name != "" {
			return name
		}
	}
	return "annotator"
}
