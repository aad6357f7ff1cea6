package gui

import "os"

// removeEmpty deletes path if it is an empty file: what a save chooser
// leaves behind before the project is created.
func removeEmpty(path string) {
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && info.Size() == 0 {
		os.Remove(path)
	}
}
