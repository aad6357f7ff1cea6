package files

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model/formats"
)

// Exports is the file system as an export writes to it: app.ExportFiles
// through AtomicFile and AtomicDir, so that nothing has its real name
// before it is complete and synced. It has no state; its zero value is the
// disk.
type Exports struct{}

var _ app.ExportFiles = Exports{}

// CreateFile starts the file path (see CreateAtomic).
func (Exports) CreateFile(path string) (app.ExportFile, error) {
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// CreateFolder starts the folder path as an export of format (see
// CreateAtomicDir).
func (Exports) CreateFolder(path string, format formats.Format) (app.ExportFolder, error) {
	d, err := CreateAtomicDir(path, format)
	if err != nil {
		return nil, err
	}
	return exportFolder{d}, nil
}

// Spool is an AtomicFile in the system's temporary folder that is never
// named: it is unnamed at once where the system allows it (not on
// Windows), so that not even a killed process leaves it behind, and the
// open file lives on until Abort.
func (Exports) Spool() (app.ExportSpool, error) {
	f, err := CreateAtomic(filepath.Join(os.TempDir(), "inkspan-export"))
	if err != nil {
		return nil, fmt.Errorf("create a temporary file in %s: %w", os.TempDir(), err)
	}
	os.Remove(f.Name())
	return f, nil
}

// exportFolder is an AtomicDir as app.ExportFolder.
type exportFolder struct{ *AtomicDir }

// Create starts the file name in the folder as an AtomicFile of its own,
// synced and named before the folder is.
func (d exportFolder) Create(name string) (app.ExportFile, error) {
	f, err := CreateAtomic(filepath.Join(d.Dir(), filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Folder is the part folder inside the temporary folder.
func (d exportFolder) Folder(part string) formats.Folder {
	dir := d.Dir()
	if part != "" {
		dir = filepath.Join(dir, part)
	}
	return Folder(dir)
}
