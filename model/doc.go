// Package model holds Inkspan's domain: documents, labels, annotators,
// annotation sets and spans, the rules that keep a span valid, and the
// conversions between the offsets different tools count in.
//
// Offsets are code points (what Python's str, spaCy, Prodigy, doccano and
// brat count). Every boundary that counts otherwise, Go's byte offsets or
// Label Studio's UTF-16 units, converts explicitly through Offsets.
//
// The package imports only the standard library and small pure libraries so
// that storage, formats and the GUI can all depend on it and on nothing else.
package model
