// Package transfer holds the File ▸ Import… and File ▸ Export… dialogs.
//
// The dialogs offer the choices of the import and export commands and know
// nothing of storage: the caller passes a function that does the work, and
// the dialog runs it off the UI goroutine with a progress bar and a Cancel
// button, then shows what happened.
//
// The rules of each form (what is required, what auto-detection will read,
// which options apply to which format, the request built from the form)
// live in plain types in form.go, tested without a window; the dialog files
// only bind widgets to them.
package transfer
