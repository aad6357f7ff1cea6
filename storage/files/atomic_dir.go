package files

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/inkspan/inkspan/model/formats"
)

// AtomicDir is an output folder (hf, brat) that appears as a whole or not
// at all: the export writes into a temporary folder beside it (Dir), and
// Commit swaps that in for the real one in one rename, so a reader sees
// either the previous export or the new one, never a mix, and an
// interrupted export leaves the real folder as it was.
//
// Because the real folder is replaced as a whole, AtomicDir replaces only a
// folder that holds nothing but what an Inkspan export of its format writes
// (see checkExportFolder); a folder with anyone's other files is refused,
// never emptied.
type AtomicDir struct {
	path    string         // the real folder, symbolic links resolved
	tmp     string         // where the export writes
	format  formats.Format //
	created []string       // parent folders made for it, outermost first
	done    bool
}

// CreateAtomicDir starts writing the folder path as an export of format
// (hf or brat). A new folder gets mode 0777 less the umask; a replaced one
// keeps its mode.
func CreateAtomicDir(path string, format formats.Format) (*AtomicDir, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if filepath.Dir(abs) == abs {
		return nil, fmt.Errorf("%s is a root folder: give a folder for the export inside it", path)
	}
	// Through a symbolic link to a folder the export replaces the folder it
	// points to: replacing the link would leave the folder out of date.
	if info, err := os.Lstat(abs); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return nil, err
		}
	}
	if err := checkReplaceable(abs, path, format); err != nil {
		return nil, err
	}
	d := &AtomicDir{path: abs, format: format}
	parent := filepath.Dir(abs)
	if d.created, err = mkdirAllNew(parent); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	removeStaleTemps(parent)
	err = createUnique(parent, filepath.Base(abs), func(name string) error {
		d.tmp = name
		return os.Mkdir(name, 0o777)
	})
	if err != nil {
		d.removeCreated()
		return nil, err
	}
	return d, nil
}

// Dir is the temporary folder to write the export into.
func (d *AtomicDir) Dir() string { return d.tmp }

// Path is the real folder, with symbolic links resolved.
func (d *AtomicDir) Path() string { return d.path }

// Commit puts the written folder in place of the real one: it syncs every
// file to disk, then renames it in, or, when the real folder exists,
// exchanges the two (see swapDirs) and removes the previous one. It returns
// an error only when the real folder is as it was before; the temporary
// folder is then removed.
func (d *AtomicDir) Commit() error {
	if d.done {
		return nil
	}
	if err := d.commit(); err != nil {
		d.Abort()
		return err
	}
	d.done = true
	return nil
}

func (d *AtomicDir) commit() error {
	if err := syncTree(d.tmp); err != nil {
		return err
	}
	info, err := os.Lstat(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		err = rename(d.tmp, d.path)
		if err == nil || !isExistError(err) {
			if err == nil {
				syncDir(filepath.Dir(d.path))
			}
			return err
		}
		// Someone made the folder while the export ran: treat it as any
		// existing one.
		info, err = os.Lstat(d.path)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is no longer a folder", d.path)
	}
	// Checked again: files may have been put there while the export ran.
	if err := checkExportFolder(d.path, d.format); err != nil {
		return err
	}
	if err := os.Chmod(d.tmp, info.Mode().Perm()); err != nil {
		return err
	}
	old, err := swapDirs(d.tmp, d.path)
	if err != nil {
		return err
	}
	syncDir(filepath.Dir(d.path))
	// The export is in place; a previous copy that cannot be removed now
	// is removed as a stale temporary by a later export.
	os.RemoveAll(old)
	return nil
}

// Abort removes the temporary folder, and the parent folders made for it
// if they are still empty; the real folder is left as it was. It is safe to
// call after Commit (it then does nothing).
func (d *AtomicDir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
	d.removeCreated()
}

func (d *AtomicDir) removeCreated() {
	for i := len(d.created) - 1; i >= 0; i-- {
		if os.Remove(d.created[i]) != nil {
			return
		}
	}
}

// swapDirs puts the folder tmp in place of the existing folder path and
// returns where the previous folder went. Where the system exchanges two
// names in one step (Linux's RENAME_EXCHANGE) there is no moment without a
// folder under path; elsewhere the previous folder is renamed aside first,
// and put back if the new one cannot be renamed in. A process killed
// between those two renames leaves the previous folder aside, which the
// next export puts back (removeStaleTemps).
func swapDirs(tmp, path string) (old string, err error) {
	if err := exchangeNames(tmp, path); err == nil {
		return tmp, nil
	} else if !errors.Is(err, errNoExchange) {
		return "", err
	}
	old = filepath.Join(filepath.Dir(path), tempName(filepath.Base(path), kindOld))
	if err := rename(path, old); err != nil {
		return "", err
	}
	if err := rename(tmp, path); err != nil {
		if rerr := os.Rename(old, path); rerr != nil {
			return "", fmt.Errorf("%w; the previous export could not be put back and is at %s", err, old)
		}
		return "", err
	}
	return old, nil
}

// exchangeNames is exchange; tests replace it to try the two-step swap
// where the system has the one-step one.
var exchangeNames = exchange

// errNoExchange is what exchange returns where the system or the file
// system cannot exchange two names in one step.
var errNoExchange = errors.New("exchanging two names is not supported here")

// isExistError is a rename refused because the new name is taken: EEXIST,
// or ENOTEMPTY for a folder, both of which match fs.ErrExist.
func isExistError(err error) bool {
	return errors.Is(err, fs.ErrExist)
}

// mkdirAllNew makes dir and its missing parents (mode 0777 less the umask)
// and returns those it made, outermost first, so that a failed export can
// remove them again.
func mkdirAllNew(dir string) ([]string, error) {
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	for i, j := 0, len(missing)-1; i < j; i, j = i+1, j-1 {
		missing[i], missing[j] = missing[j], missing[i]
	}
	return missing, nil
}

// syncTree writes every file and folder under dir to disk, so that the
// rename that publishes the folder never publishes data still in memory.
func syncTree(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
	for _, d := range dirs {
		syncDir(d)
	}
	return err
}

// checkReplaceable checks, before anything is written, that the folder
// abs (given as path) is missing, or a folder an export may replace.
func checkReplaceable(abs, path string, format formats.Format) error {
	info, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is a file, not a folder: a %s export writes a folder", path, format)
	}
	return checkExportFolder(abs, format)
}

// checkExportFolder returns an error, naming a few of them, when dir holds
// anything an Inkspan export of format does not write:
//
//   - brat: pairs NAME.txt and NAME.ann (a .txt alone is someone's text,
//     not an export), annotation.conf, and folders of the same (split
//     parts, and the nested folders of a collection, at any depth);
//   - hf: NAME.jsonl files beside labels.json, which every hf export
//     writes (.jsonl files alone are someone's data, not an export).
//
// Also allowed anywhere: the files desktops leave in folders they show
// (.DS_Store, Thumbs.db, desktop.ini), and the hidden ".NAME.DIGITS.tmp"
// files that earlier versions of Inkspan left when interrupted.
func checkExportFolder(dir string, format formats.Format) error {
	var foreign []string
	switch format {
	case formats.FormatBrat:
		foreign = bratForeign(dir, "")
	case formats.FormatHF:
		foreign = hfForeign(dir)
	default:
		return fmt.Errorf("%s does not write a folder", format)
	}
	if len(foreign) == 0 {
		return nil
	}
	sort.Strings(foreign)
	shown := foreign
	if len(shown) > 3 {
		shown = append(shown[:3:3], fmt.Sprintf("and %d more", len(foreign)-3))
	}
	return fmt.Errorf("%s holds files that a %s export does not write (%s); the export replaces the folder as a whole, "+
		"so choose a new or empty folder, or move those files away", dir, format, strings.Join(shown, ", "))
}

// bratForeign lists what in dir (shown as prefix+name) a brat export would
// not have written.
func bratForeign(dir, prefix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []string{prefix + "(unreadable: " + err.Error() + ")"}
	}
	var foreign []string
	stems := map[string]int{} // 1: .txt seen, 2: .ann seen, 3: both
	for _, e := range entries {
		name := e.Name()
		switch {
		case ignorable(name):
		case e.IsDir():
			foreign = append(foreign, bratForeign(filepath.Join(dir, name), prefix+name+"/")...)
		case !e.Type().IsRegular():
			foreign = append(foreign, prefix+name)
		case strings.EqualFold(name, "annotation.conf"):
		case hasSuffixFold(name, ".txt"):
			stems[name[:len(name)-4]] |= 1
		case hasSuffixFold(name, ".ann"):
			stems[name[:len(name)-4]] |= 2
		default:
			foreign = append(foreign, prefix+name)
		}
	}
	for stem, seen := range stems {
		switch seen {
		case 1:
			foreign = append(foreign, prefix+stem+".txt (no .ann)")
		case 2:
			foreign = append(foreign, prefix+stem+".ann (no .txt)")
		}
	}
	return foreign
}

func hfForeign(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []string{"(unreadable: " + err.Error() + ")"}
	}
	var foreign, data []string
	labels := false
	for _, e := range entries {
		name := e.Name()
		switch {
		case ignorable(name):
		case !e.Type().IsRegular():
			foreign = append(foreign, name)
		case name == "labels.json":
			labels = true
		case hasSuffixFold(name, ".jsonl"):
			data = append(data, name)
		default:
			foreign = append(foreign, name)
		}
	}
	if !labels {
		foreign = append(foreign, data...)
	}
	return foreign
}

// ignorable is a name a folder may hold whoever made it: what desktops
// add, and the temporary files of earlier versions of Inkspan.
func ignorable(name string) bool {
	switch name {
	case ".DS_Store", "Thumbs.db", "desktop.ini":
		return true
	}
	return oldTempName(name)
}

// oldTempName matches ".NAME.DIGITS.tmp", what os.CreateTemp made of the
// pattern ".NAME.*.tmp" in Inkspan before temporary names carried a
// process id.
func oldTempName(name string) bool {
	if !strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".tmp") {
		return false
	}
	rest := strings.TrimSuffix(name, ".tmp")
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return false
	}
	for _, c := range rest[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) > len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
