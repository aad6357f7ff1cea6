package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLocaleRestoredBeforeMain starts this test binary again under the C
// locales of Debian and Ubuntu containers and has it print its locale
// variables: they must be the ones it was started with. Fyne quietened by
// posixlocale sees English while it initialises, but nothing after it does
// (the window tests' xdotool matched no title under the borrowed locale).
func TestLocaleRestoredBeforeMain(t *testing.T) {
	if os.Getenv("INKSPAN_PRINT_LOCALE") == "1" {
		fmt.Printf("LC_ALL=%s LANG=%s\n", os.Getenv("LC_ALL"), os.Getenv("LANG"))
		return
	}
	for _, env := range [][]string{{"LC_ALL=C.UTF-8", "LANG=C.UTF-8"}, {"LANG=POSIX"}, {"LANG=C"}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLocaleRestoredBeforeMain$")
		cmd.Env = append(cleanLocale(os.Environ()), append(env, "INKSPAN_PRINT_LOCALE=1")...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%v: %v", env, err)
		}
		want := "LC_ALL= LANG="
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			want = strings.Replace(want, k+"=", k+"="+v, 1)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("started with %v, the program sees %q", env, strings.SplitN(string(out), "\n", 2)[0])
		}
	}
}

// cleanLocale drops the locale variables from env.
func cleanLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_") {
			out = append(out, kv)
		}
	}
	return out
}
