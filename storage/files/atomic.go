package files

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// AtomicFile is an output file that appears under its real name only when
// complete: it is written to a temporary file in the same folder and renamed
// by Commit, so an interrupted export never leaves a half-written file where
// a training script would read it.
//
// The temporary file is created with mode 0666, so the umask decides its
// permissions as it would for any new file; Commit gives it the mode of the
// file it replaces, if there is one. Its name carries this process's id (see
// tempName), so that an export killed with SIGKILL, which cannot clean up,
// has its leftovers removed by the next export into the same folder.
type AtomicFile struct {
	*os.File
	path    string
	flushed bool
	done    bool
}

// CreateAtomic starts writing path. It refuses a path that is a folder or
// anything but a regular file (a device, a pipe): renaming over those would
// replace them rather than write to them. Its errors name path, not the
// temporary name.
func CreateAtomic(path string) (*AtomicFile, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return nil, fmt.Errorf("%s is a folder, not a file", path)
		}
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	dir := filepath.Dir(path)
	removeStaleTemps(dir)
	var f *os.File
	err := createUnique(dir, filepath.Base(path), func(name string) error {
		var err error
		f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		return err
	})
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return nil, &fs.PathError{Op: "create", Path: path, Err: pe.Err}
	}
	if err != nil {
		return nil, err
	}
	return &AtomicFile{File: f, path: path}, nil
}

// Path is the real name the file gets on Commit.
func (f *AtomicFile) Path() string { return f.path }

// Write writes to the temporary file (through the write fault of tests).
func (f *AtomicFile) Write(p []byte) (int, error) {
	return faultyWrite(f.File, p)
}

// WriteString writes s like Write.
func (f *AtomicFile) WriteString(s string) (int, error) {
	return f.Write([]byte(s))
}

// ReadFrom copies r into the file through Write, so that io.Copy into an
// AtomicFile cannot bypass it via the embedded *os.File.
func (f *AtomicFile) ReadFrom(r io.Reader) (int64, error) {
	return io.Copy(writerOnly{f}, r)
}

type writerOnly struct{ io.Writer }

// Flush syncs the data to disk and closes the temporary file, without giving
// it its name. Exports of several files flush them all before committing
// any, so that a full disk shows up before anything is renamed.
func (f *AtomicFile) Flush() error {
	if f.flushed {
		return nil
	}
	f.flushed = true
	err := f.Sync()
	if cerr := f.File.Close(); err == nil {
		err = cerr
	}
	return err
}

// Commit flushes the file (unless Flush did) and gives it its real name,
// with the mode of the file it replaces. On error the temporary file is
// removed and the real name left as it was.
func (f *AtomicFile) Commit() error {
	if f.done {
		return nil
	}
	err := f.Flush()
	f.done = true
	if err == nil {
		// A replaced file keeps its permissions: an export someone made
		// private stays private. Lstat: a symbolic link is replaced, not
		// followed, so its target's mode is not the file's.
		if info, serr := os.Lstat(f.path); serr == nil && info.Mode().IsRegular() {
			err = os.Chmod(f.File.Name(), info.Mode().Perm())
		}
	}
	if err == nil {
		err = rename(f.File.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.File.Name())
		return err
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort removes the temporary file; the real name is left as it was. It is
// safe to call after Commit (it then does nothing).
func (f *AtomicFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	if !f.flushed {
		f.File.Close()
	}
	os.Remove(f.File.Name())
}

// syncDir makes a rename in dir durable. Not every system can sync a folder
// (Windows cannot open one for it); there the rename is as durable as the
// system makes it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Temporary names. An export writes "." + NAME + ".inkspan-tmp-PID-RANDOM"
// beside the NAME it will replace (a file, or a whole folder), and while it
// swaps a folder in, keeps the previous one as ".inkspan-old-PID-RANDOM".
// The dot hides them from listings and from the readers of every format;
// the process id lets a later export tell the leftovers of a process that
// is gone from the work of one that is still running.
const (
	tempMarker = ".inkspan-"
	kindTemp   = "tmp"
	kindOld    = "old"
	// maxTempBase keeps the temporary name under the 255 bytes most file
	// systems allow for a name, with room for the marker, the id and the
	// random part.
	maxTempBase = 200
	// staleAge is how old a temporary name must be to count as left
	// behind whatever its process id says: no export runs for a day.
	staleAge = 24 * time.Hour
)

func tempName(base, kind string) string {
	var r [4]byte
	rand.Read(r[:])
	return "." + cutName(base, maxTempBase) + tempMarker + kind + "-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(r[:])
}

// cutName cuts name to at most max bytes without splitting a character.
func cutName(name string, max int) string {
	if len(name) <= max {
		return name
	}
	for max > 0 && !utf8.RuneStart(name[max]) {
		max--
	}
	return name[:max]
}

// createUnique calls create with a new temporary name for base in dir until
// it does not collide with an existing one.
func createUnique(dir, base string, create func(path string) error) error {
	for range 100 {
		err := create(filepath.Join(dir, tempName(base, kindTemp)))
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	return fmt.Errorf("cannot find a free temporary name in %s", dir)
}

// tempEntry is a name parsed as one of ours.
type tempEntry struct {
	base string // the name it stands in for; cut if that was long
	kind string // kindTemp or kindOld
	pid  int
}

func parseTempName(name string) (tempEntry, bool) {
	if !strings.HasPrefix(name, ".") {
		return tempEntry{}, false
	}
	i := strings.LastIndex(name, tempMarker)
	if i < 1 {
		return tempEntry{}, false
	}
	fields := strings.Split(name[i+len(tempMarker):], "-")
	if len(fields) != 3 || (fields[0] != kindTemp && fields[0] != kindOld) || len(fields[2]) != 8 {
		return tempEntry{}, false
	}
	if _, err := hex.DecodeString(fields[2]); err != nil {
		return tempEntry{}, false
	}
	pid, err := strconv.Atoi(fields[1])
	if err != nil || pid <= 0 {
		return tempEntry{}, false
	}
	return tempEntry{base: name[1:i], kind: fields[0], pid: pid}, true
}

// removeStaleTemps removes from dir the temporary files and folders that an
// export left behind when its process was killed (SIGKILL, a power cut):
// those whose process is gone (see staleTemp). Temporaries of running
// processes, this one included, are left alone. A previous folder kept
// aside during a swap whose real name is now missing is put back under that
// name instead, since it is the last complete export there. Failures are
// ignored: this is tidying, and the export itself does not depend on it.
func removeStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	self := os.Getpid()
	for _, e := range entries {
		t, ok := parseTempName(e.Name())
		if !ok || t.pid == self {
			continue
		}
		info, err := e.Info()
		if err != nil || !staleTemp(t.pid, info.ModTime()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if t.kind == kindOld && e.IsDir() && len(t.base) < maxTempBase {
			target := filepath.Join(dir, t.base)
			if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
				os.Rename(path, target)
				continue
			}
		}
		os.RemoveAll(path)
	}
}

// writeFault, when set, is asked before every write to an export's files.
var writeFault atomic.Pointer[func(path string, p []byte) error]

// SetWriteFault makes every write to an export's files (AtomicFile, the
// brat writer's files) first call fault with the file's name and the bytes
// to write; an error from it fails the write, which writes nothing. It is
// for tests that need a full or failing disk where they cannot make a real
// one. nil turns it off. The returned function restores the previous fault.
func SetWriteFault(fault func(path string, p []byte) error) (restore func()) {
	var prev *func(string, []byte) error
	if fault == nil {
		prev = writeFault.Swap(nil)
	} else {
		prev = writeFault.Swap(&fault)
	}
	return func() { writeFault.Store(prev) }
}

func faultyWrite(f *os.File, p []byte) (int, error) {
	if fault := writeFault.Load(); fault != nil {
		if err := (*fault)(f.Name(), p); err != nil {
			return 0, err
		}
	}
	return f.Write(p)
}

// writeNewFile writes data to path, created with mode 0666 (the umask
// applies) or truncated. It is for files inside a folder that is swapped in
// as a whole (AtomicDir), which need no temporary name of their own.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return err
	}
	_, err = faultyWrite(f, data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
