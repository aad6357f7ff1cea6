// Package files is Inkspan's file handling outside the project file:
// everything that touches paths, folders and the disk on behalf of an
// import or an export, kept apart from the codecs of model/formats, which
// turn bytes into records and annotations into bytes and never open a
// file themselves.
//
// Its reason to exist is durable persistence to the file system, the same
// guarantee the project file gives through SQLite: an export appears under
// its real name only when it is complete and synced to disk (AtomicFile,
// AtomicDir: a temporary name, fsync, one rename, or on Linux one exchange
// of a folder for another), so that a killed process, a full disk or a
// power cut never leaves a half-written file where a training script
// reads. It also opens the inputs of an import (Open, DetectFormat): it
// turns the paths a user gives into the file systems the codecs read, and
// implements the export's file contract, app.ExportFiles (Exports).
package files
