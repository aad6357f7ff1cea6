package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A plain `go build` keeps the version FyneApp.toml gives (the Makefile
// passes that one to the linker): the two must not drift apart.
func TestVersionIsFyneApps(t *testing.T) {
	toml, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version\s*=\s*"([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	if string(m[1]) != version {
		t.Fatalf("main.version is %q, FyneApp.toml says %q", version, m[1])
	}
}

func TestVersionReport(t *testing.T) {
	code, out, errOut := inkspan(t, "version")
	if code != 0 || errOut != "" {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || lines[0] != "inkspan "+version {
		t.Fatalf("version printed:\n%s", out)
	}
	for i, prefix := range []string{"commit:", "built:", "schema:"} {
		if !strings.HasPrefix(lines[i+1], prefix) {
			t.Errorf("line %d is %q, want it to start %q", i+2, lines[i+1], prefix)
		}
	}
	if !regexp.MustCompile(`^schema:  project files \d+, team databases \d+$`).MatchString(lines[3]) {
		t.Errorf("schema line %q", lines[3])
	}
}

func TestBuildFactsWords(t *testing.T) {
	commitTime := time.Date(2026, 12, 3, 17, 5, 0, 0, time.UTC)
	b := buildFacts{version: "1.2.3", commit: "0123456789abcdef0123", commitTime: commitTime, goVersion: "go1.26.8"}
	if got, want := b.shortCommit(), "0123456789ab, 2026-12-03 17:05 UTC"; got != want {
		t.Errorf("commit %q, want %q", got, want)
	}
	if got, want := b.built(), "date not recorded (built without make) with go1.26.8"; got != want {
		t.Errorf("built %q, want %q", got, want)
	}
	b.modified = true
	b.builtAt = time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	if got, want := b.shortCommit(), "0123456789ab with uncommitted changes, 2026-12-03 17:05 UTC"; got != want {
		t.Errorf("commit %q, want %q", got, want)
	}
	if got, want := b.built(), "2026-12-03 18:00 UTC with go1.26.8"; got != want {
		t.Errorf("built %q, want %q", got, want)
	}
	if got := (buildFacts{}).shortCommit(); !strings.Contains(got, "not recorded") {
		t.Errorf("no commit reads %q", got)
	}
	about := b.about()
	if about.Version != "1.2.3" || about.Commit != b.shortCommit() || about.Built != b.built() {
		t.Errorf("about %+v", about)
	}
}

// The desktop entry runs `inkspan gui %f`: one file after the flags is the
// project; two, or one beside --project, are a mistake said before any
// window opens.
func TestGUITakesOneProjectFile(t *testing.T) {
	for _, args := range [][]string{
		{"gui", "a.inkspan", "b.inkspan"},
		{"gui", "--project", "a.inkspan", "b.inkspan"},
	} {
		code, _, errOut := inkspan(t, args...)
		if code != 2 || !strings.Contains(errOut, `unexpected argument "b.inkspan": name one project`) {
			t.Errorf("%v: code %d, stderr %q", args, code, errOut)
		}
	}
}
