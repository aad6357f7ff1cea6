package files

import (
	"os"
	"path/filepath"
)

// Folder is a folder on disk as a writer of a folder format sees it
// (formats.Folder): names are slash-separated below the folder, new files
// get mode 0666 and new folders 0777, less the umask, and every write goes
// through the write fault of tests (SetWriteFault). It writes in place:
// what appears under the real name only when complete is an AtomicDir's
// Dir, which an export hands the writer as a Folder.
type Folder string

func (d Folder) path(name string) string { return filepath.Join(string(d), filepath.FromSlash(name)) }

// MkdirAll makes the folder name and its missing parents.
func (d Folder) MkdirAll(name string) error { return os.MkdirAll(d.path(name), 0o777) }

// WriteFile creates or truncates the file name and writes data to it.
func (d Folder) WriteFile(name string, data []byte) error { return writeNewFile(d.path(name), data) }

// Rename gives the file from the name to.
func (d Folder) Rename(from, to string) error { return rename(d.path(from), d.path(to)) }
