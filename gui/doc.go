// Package gui is Inkspan's desktop user interface, built on Fyne.
//
// It knows nothing about how a project is stored: cmd/ hands it a Project,
// a narrow interface over the storage layer, so the window can be driven in
// tests by an in-memory fake and the storage code never imports Fyne.
//
// The window edits one layer of annotations at a time: the annotator's own
// spans, or in review mode the document's gold version (review.go). What
// is still to be decided, an annotator's suggestions or the spans others
// made that gold lacks, is drawn outlined as a proposal, accepted or
// rejected through the same undo history as every edit (flow.go). The
// document list never holds the whole project: it reads pages as it is
// scrolled (doclist_pages.go).
//
// Threading: every call into a Project may touch the disk, so it runs on a
// goroutine of its own and its result is applied on the UI goroutine with
// fyne.Do; writes run in order on one writer goroutine. Workspace methods
// other than Loading must be called on the UI goroutine.
package gui
