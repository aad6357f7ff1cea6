// Package app holds Inkspan's use cases: what an annotator, a reviewer or an
// ML engineer does with a project (open a document, edit it, move through
// the documents, import, export, suggest, label all, merge, measure
// agreement, review), each as one unit of work on a store.
//
// It sits between the front ends (gui/, cmd/) and the databases (storage/):
// it imports model/ and declares the store contract it needs as Go
// interfaces; storage/ implements them, cmd/ wires a store in, and the
// window and the command line call the use cases here instead of reaching
// the database themselves.
package app
