package main

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/inkspan/inkspan/gui"
)

// version and builtAt are set when the binary is linked (`make build`,
// `make package`): -ldflags "-X main.version=0.1.0 -X main.builtAt=...".
// The Makefile takes the version from FyneApp.toml and the time from the
// clock (or SOURCE_DATE_EPOCH, for reproducible packages), so neither is
// typed by hand; TestVersionIsFyneApps keeps this default equal to
// FyneApp.toml for plain `go build`.
var (
	version = "0.1.0"
	builtAt = ""
	// What git said of the checkout when make linked the binary: used
	// when the Go toolchain recorded no commit (a linked worktree, or
	// GOFLAGS=-buildvcs=false with plain go build).
	gitCommit     = ""
	gitCommitTime = ""
	gitModified   = ""
)

// buildFacts is what the running binary says of how it was built: the
// commit and its time come from the Go toolchain's own record of the
// working tree it built (debug.ReadBuildInfo, -buildvcs), so a binary
// cannot name a commit it was not built from.
type buildFacts struct {
	version    string
	commit     string // full hash; "" when built outside a git checkout
	modified   bool   // the working tree had uncommitted changes
	commitTime time.Time
	builtAt    time.Time // zero when the link did not record it
	goVersion  string
}

// readBuild gathers the facts from the binary itself.
func readBuild() buildFacts {
	facts := buildFacts{version: version}
	if t, err := time.Parse(time.RFC3339, builtAt); err == nil {
		facts.builtAt = t.UTC()
	}
	facts.commit, facts.modified = gitCommit, gitModified == "true"
	if t, err := time.Parse(time.RFC3339, gitCommitTime); err == nil {
		facts.commitTime = t.UTC()
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return facts
	}
	facts.goVersion = info.GoVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			facts.commit = s.Value
		case "vcs.modified":
			facts.modified = s.Value == "true"
		case "vcs.time":
			if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
				facts.commitTime = t.UTC()
			}
		}
	}
	return facts
}

// shortCommit is the commit as git shows it in a log line, with a mark
// when the tree held changes that no commit has.
func (b buildFacts) shortCommit() string {
	if b.commit == "" {
		return "not recorded (built outside a git checkout)"
	}
	c := b.commit
	if len(c) > 12 {
		c = c[:12]
	}
	if b.modified {
		c += " with uncommitted changes"
	}
	if !b.commitTime.IsZero() {
		c += ", " + b.commitTime.Format("2006-01-02 15:04 UTC")
	}
	return c
}

// built says when and with what the binary was linked.
func (b buildFacts) built() string {
	when := "date not recorded (built without make)"
	if !b.builtAt.IsZero() {
		when = b.builtAt.Format("2006-01-02 15:04 UTC")
	}
	if b.goVersion != "" {
		when += " with " + b.goVersion
	}
	return when
}

// about is what Help ▸ About shows of the binary.
func (b buildFacts) about() gui.About {
	return gui.About{Version: b.version, Commit: b.shortCommit(), Built: b.built()}
}

// text is `inkspan version`'s report: the first line stays "inkspan
// VERSION" for scripts that read it.
func (b buildFacts) text(schema int, teamSchema int) string {
	var s strings.Builder
	fmt.Fprintf(&s, "inkspan %s\n", b.version)
	fmt.Fprintf(&s, "commit:  %s\n", b.shortCommit())
	fmt.Fprintf(&s, "built:   %s\n", b.built())
	fmt.Fprintf(&s, "schema:  project files %d, team databases %d\n", schema, teamSchema)
	return s.String()
}
