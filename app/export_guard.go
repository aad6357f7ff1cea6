package app

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// projectGuard keeps exports off the project: an export renamed over the
// project file, or over the files SQLite keeps beside it (the -wal holds
// changes not yet in the main file; a stray -journal is taken for an
// interrupted transaction and rolled "back"), destroys the project.
type projectGuard struct {
	project string
	names   []string      // absolute, as given and with links resolved
	files   []os.FileInfo // those that exist, to catch other names for them (hard links)
}

// projectCompanions are the suffixes of the files SQLite keeps beside a
// database, "" for the database itself.
var projectCompanions = []string{"", "-wal", "-shm", "-journal"}

func newProjectGuard(project string) projectGuard {
	g := projectGuard{project: project}
	if project == "" {
		return g
	}
	abs, err := filepath.Abs(project)
	if err != nil {
		return g
	}
	forms := []string{abs}
	if r := resolveLinks(abs); r != abs {
		forms = append(forms, r)
	}
	for _, form := range forms {
		for _, c := range projectCompanions {
			g.names = append(g.names, form+c)
			if info, err := os.Stat(form + c); err == nil {
				g.files = append(g.files, info)
			}
		}
	}
	return g
}

// resolveLinks resolves the symbolic links in path, or where path does not
// exist yet, in its folder.
func resolveLinks(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil {
		return filepath.Join(d, filepath.Base(path))
	}
	return path
}

// check refuses an output file that is the project or one of its
// companions. Names compare without case: macOS and Windows ignore it, and
// on Linux such a near-miss is no loss.
func (g projectGuard) check(out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	hit := false
	for _, form := range []string{abs, resolveLinks(abs)} {
		for _, n := range g.names {
			hit = hit || strings.EqualFold(form, n)
		}
	}
	if info, err := os.Stat(abs); err == nil {
		for _, f := range g.files {
			hit = hit || os.SameFile(info, f)
		}
	}
	if hit {
		return model.Errorf(model.EINVALID, "cannot export to %s: it is the project %s, or a file SQLite keeps beside it "+
			"(-wal, -shm, -journal), which the export would replace; choose another name", out, g.project)
	}
	return nil
}

// checkFolder refuses an output folder that is, or holds, the project or a
// companion: the export replaces the folder as a whole.
func (g projectGuard) checkFolder(out string) error {
	if err := g.check(out); err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, dir := range []string{abs, resolveLinks(abs)} {
		for _, n := range g.names {
			if within(n, dir) {
				return model.Errorf(model.EINVALID, "cannot export to %s: the folder holds the project %s, "+
					"and the export replaces the folder as a whole; choose another folder", out, g.project)
			}
		}
	}
	return nil
}

// within says whether path lies inside dir, ignoring case as check does.
func within(path, dir string) bool {
	rel, err := filepath.Rel(strings.ToLower(dir), strings.ToLower(path))
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
