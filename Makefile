# make run    install what is missing, build, open Inkspan on the default project
# make test   install what is missing (the PostgreSQL server too: the team
#             store's tests start their own throwaway cluster), vet, run every
#             test (GUI tests included)
# make bench  run the benchmarks and print their figures
# make package  the Linux packages in dist/ (.deb, .tar.xz)
SHELL := /bin/bash
GO ?= go
BIN := bin/inkspan
# The version is FyneApp.toml's, the build time the clock's (or
# SOURCE_DATE_EPOCH's, for a reproducible package) and the commit git's:
# all reach the binary through the linker, so `inkspan version` and
# Help > About never show a hand-typed value. The Go toolchain records the
# commit too (-buildvcs=auto overrides a GOFLAGS=-buildvcs=false), but not
# in a linked git worktree, where git's own answer stands in.
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILT := $(shell date -u -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}" +%Y-%m-%dT%H:%M:%SZ)
COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
COMMIT_TIME := $(shell git show -s --format=%cI HEAD 2>/dev/null)
MODIFIED := $(shell test -n "$$(git status --porcelain --untracked-files=no 2>/dev/null)" && echo true)
LDFLAGS := -X main.version=$(VERSION) -X main.builtAt=$(BUILT) -X main.gitCommit=$(COMMIT) -X main.gitCommitTime=$(COMMIT_TIME) -X main.gitModified=$(MODIFIED)
# Fyne reads the locale at start-up and complains about LANG=C.
export LANG := C.UTF-8
export LC_ALL := C.UTF-8
export CGO_ENABLED := 1

.PHONY: run build test vet unit e2e cross bench deps deps-test deps-windows clean package package-check package-windows package-macos

run: deps build
	./$(BIN)

build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/inkspan

deps:
	@.ci/install-deps build

deps-test:
	@.ci/install-deps test

# vet and the other systems' build and vet (cross) run beside the unit
# tests (each one's output kept together): they are short once Go's build
# cache holds the Windows build of GLFW, and the unit tests leave a core
# idle at times. The end-to-end tests
# run after them, alone: real windows on a machine busy with race-detector
# tests paint too late for them.
test: deps-test
	@$(MAKE) --no-print-directory -j2 -Otarget vet unit cross
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory package-check

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l app cmd gui model storage assets)" || { echo "gofmt needed:"; gofmt -l app cmd gui model storage assets; exit 1; }

# Every package under the race detector: GUI tests run on Fyne's test driver.
# go test's own vet pass is off: `vet` runs every analyzer on every package.
unit:
	$(GO) test -race -vet=off -count=1 ./...

# The real binary in a real window under Xvfb, driven by xdotool: the
# binary `build` made, which the tests run side by side, each on its own
# display.
e2e: build
	INKSPAN_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -tags e2e -run E2E -v ./cmd/inkspan

# deps-test: the team store's benchmarks run on a throwaway PostgreSQL.
bench: deps-test
	.ci/bench

# The Linux packages in dist/: a .deb and a .tar.xz with a home installer,
# of a binary without debug information (-s -w: 37 MB instead of 51).
package: deps
	$(GO) build -buildvcs=auto -ldflags "-s -w $(LDFLAGS)" -o bin/inkspan-release ./cmd/inkspan
	.ci/package $(VERSION) bin/inkspan-release

# inkspan.exe with its icon and version, zipped: cross-compiled with MinGW-w64.
package-windows: deps-windows
	.ci/package-windows $(VERSION) "$(LDFLAGS)"

# On a Mac: Inkspan.app, signed ad hoc, and its zip.
package-macos:
	.ci/package-macos $(VERSION) "$(LDFLAGS)"

deps-windows:
	@.ci/install-deps windows

# The other systems, so that nothing Linux-only creeps in: the Windows
# program is built (cgo with MinGW-w64) and every package vetted for
# Windows; for macOS every package outside the window's is vetted (Fyne's
# macOS driver needs cgo against Apple's frameworks, which only a Mac has).
WINDOWS := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc
cross: deps-windows
	$(WINDOWS) $(GO) build -o /dev/null ./cmd/inkspan
	$(WINDOWS) $(GO) vet ./...
	GOOS=darwin CGO_ENABLED=0 $(GO) vet ./model/... ./app/... ./storage/... ./cmd/inkspan-package

# The packages unpacked, validated and run as a user's machine would.
package-check: package
	.ci/package-check $(VERSION)

clean:
	rm -rf bin dist
