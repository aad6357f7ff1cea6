package app

import (
	"io"

	"github.com/inkspan/inkspan/model/formats"
)

// ExportFiles is where an export writes: files and folders that appear
// under their real names only when they are complete and on disk, so that
// an interrupted export (a kill, a full disk, a power cut) never leaves a
// half-written file where a training script reads it, and a failed one
// leaves the names as they were. storage/files.Exports implements it on
// the file system; cmd wires it into ExportOptions.Files.
//
// Errors: the file system's, naming the file as the user gave it, with no
// model code (EINTERNAL as model.ErrorCode reads them); a refusal (a
// folder where a file goes, a folder holding files that the format does
// not write) says why and what to do.
type ExportFiles interface {
	// CreateFile starts the file path, which gets that name on Commit
	// and keeps the mode of the file it replaces. It refuses a path that
	// is a folder or anything but a regular file.
	CreateFile(path string) (ExportFile, error)
	// CreateFolder starts the folder path as an export of format (hf or
	// brat), which replaces the folder as a whole on Commit. It refuses a
	// path that is a file, a root folder, or a folder holding anything an
	// export of format does not write.
	CreateFolder(path string, format formats.Format) (ExportFolder, error)
	// Spool is a temporary file for what goes to standard output, which
	// cannot be taken back: the export writes it there whole, then reads
	// it back. Its errors say where the temporary file was to be.
	Spool() (ExportSpool, error)
}

// ExportFile is a file of an export under a temporary name.
type ExportFile interface {
	io.Writer
	// Flush syncs what was written to disk and closes the file without
	// giving it its name: an export flushes every file before it names
	// any, so that a full disk fails while nothing has its name.
	Flush() error
	// Commit flushes the file, unless Flush did, and gives it its name.
	// On error the name is left as it was and the file removed.
	Commit() error
	// Abort removes the file; the name is left as it was. It does nothing
	// after Commit.
	Abort()
}

// ExportFolder is a folder of an export (hf, brat) under a temporary name.
type ExportFolder interface {
	// Create starts the file name inside the folder; Commit gives it its
	// name there, and the folder's Commit the folder's. Its error is an
	// *fs.PathError when the file system refused it, naming the file in
	// the temporary folder, which the export names as the user will see it.
	Create(name string) (ExportFile, error)
	// Folder is the folder part inside it ("" for the folder itself) as a
	// writer of a folder format (brat) writes it.
	Folder(part string) formats.Folder
	// Commit puts the folder in place of the one it replaces, as a whole,
	// once every file in it is on disk; on error the previous folder is as
	// it was.
	Commit() error
	// Abort removes the temporary folder; the real one is left as it was.
	// It does nothing after Commit.
	Abort()
}

// ExportSpool is the temporary file of ExportFiles.Spool: written as an
// ExportFile, then read back from wherever Seek puts it. Abort removes it.
type ExportSpool interface {
	ExportFile
	io.Reader
	io.Seeker
}
