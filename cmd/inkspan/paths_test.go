package main

import "testing"

// Each system's data folder, checked on any system.
func TestDataDirFor(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, c := range []struct {
		goos string
		vars map[string]string
		home string
		want string
	}{
		{"windows", map[string]string{"AppData": `C:\Users\Zoë\AppData\Roaming`}, `C:\Users\Zoë`, `C:\Users\Zoë\AppData\Roaming\Inkspan`},
		{"windows", map[string]string{"AppData": `D:\profiles\ana\`}, "", `D:\profiles\ana\Inkspan`},
		{"windows", nil, `C:\Users\ana`, ""},
		{"darwin", nil, "/Users/ana", "/Users/ana/Library/Application Support/Inkspan"},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data/ana"}, "/home/ana", "/data/ana/inkspan"},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative/dir"}, "/home/ana", "/home/ana/.local/share/inkspan"},
		{"freebsd", nil, "/home/ana", "/home/ana/.local/share/inkspan"},
	} {
		if got := dataDirFor(c.goos, env(c.vars), c.home); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.goos, c.vars, got, c.want)
		}
	}
}
