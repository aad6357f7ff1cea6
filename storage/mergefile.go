package storage

import "github.com/inkspan/inkspan/app"

// FileMergeSource is the project file at path as a merge into a store
// that is not a project file (a team project on PostgreSQL) reads it:
// MergeSource without a target file to refuse as the file itself.
func FileMergeSource(path string) app.MergeSource {
	return &mergeFile{path: path}
}
