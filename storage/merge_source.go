package storage

import "github.com/inkspan/inkspan/app"

// FileMergeSource is the project file at otherPath as a merge into the
// project named into reads it (app.MergeSource), for a merge into a
// project that is not a file (a team project: into is then "", and there
// is no file the source could be). Its rules and errors are those of
// DB.MergeSource.
func FileMergeSource(otherPath, into string) app.MergeSource {
	return &mergeFile{path: otherPath, here: into}
}
