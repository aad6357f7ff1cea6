package main

import (
	"fmt"
	"os"
	"os/user"
	"path"
	"runtime"
	"strings"
)

// dataDir is where Inkspan keeps its default project: the platform's
// per-user data folder.
func dataDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil && runtime.GOOS != "windows" {
		return "", err
	}
	dir := dataDirFor(runtime.GOOS, os.Getenv, home)
	if dir == "" {
		return "", fmt.Errorf("no folder for Inkspan's data: %%AppData%% is not set")
	}
	return dir, nil
}

// dataDirFor is each system's rule, written out so that the tests check
// the Windows and macOS rules on Linux too: %AppData%\Inkspan on Windows
// (the roaming profile, where Fyne keeps the preferences as well),
// ~/Library/Application Support/Inkspan on macOS, and on Linux and the
// BSDs $XDG_DATA_HOME/inkspan, or ~/.local/share/inkspan when that is unset
// or relative (the XDG rule: a relative value is ignored). "" when Windows
// has no %AppData%.
func dataDirFor(goos string, getenv func(string) string, home string) string {
	switch goos {
	case "windows":
		appData := getenv("AppData")
		if appData == "" {
			return ""
		}
		return strings.TrimRight(appData, `\/`) + `\Inkspan`
	case "darwin", "ios":
		return path.Join(home, "Library", "Application Support", "Inkspan")
	}
	if dir := getenv("XDG_DATA_HOME"); path.IsAbs(dir) {
		return path.Join(dir, "inkspan")
	}
	return path.Join(home, ".local", "share", "inkspan")
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
