// Package gui is Inkspan's desktop user interface, built on Fyne.
//
// It knows nothing about how a project is stored: cmd/ hands it a Project,
// a narrow interface over the storage layer, so the window can be driven in
// tests by an in-memory fake and the storage code never imports Fyne.
//
// Threading: every call into a Project may touch the disk, so it runs on a
// goroutine of its own and its result is applied on the UI goroutine with
// fyne.Do. Workspace methods other than Loading must be called on the UI
// goroutine.
package gui
