// Package posixlocale keeps Fyne quiet under the C locale. Fyne's lang
// package reads the locale while it is initialised, before main runs, and
// logs "Error parsing user locale C" to stderr when it finds C or POSIX
// (LANG=C.UTF-8 is the default in Debian and Ubuntu containers), since
// those are not language tags: three lines of noise before every command's
// output. Nothing but a command's own message may reach stderr.
//
// Go initialises packages in import path order among those whose imports
// are ready (the language specification, since Go 1.21), and this package
// imports nothing Fyne's locale lookup (github.com/jeandeaual/go-locale)
// waits for, so its init runs first: it puts English in the variable the
// lookup reads while Fyne initialises, and Restore, called from the init of
// package main (which runs after every package it imports, in the command
// and in its test binary alike), puts the user's value back before anything
// else (the window's input methods, child processes) reads it.
package posixlocale

import (
	"os"
	"strings"
)

// replaced is the variable changed and its value, "" when none was.
var replaced struct{ name, value string }

func init() {
	// The lookup takes the first of these that is set, as setlocale does
	// for messages.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if IsPOSIX(v) {
			replaced.name, replaced.value = name, v
			os.Setenv(name, "en")
		}
		return
	}
}

// IsPOSIX reports whether a locale value names the C or POSIX locale, with
// or without an encoding or a modifier ("C", "C.UTF-8", "POSIX").
func IsPOSIX(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	base, _, _ = strings.Cut(base, "@")
	return base == "C" || base == "POSIX"
}

// Restore puts back the locale variable init changed, if any.
func Restore() {
	if replaced.name != "" {
		os.Setenv(replaced.name, replaced.value)
		replaced.name = ""
	}
}
