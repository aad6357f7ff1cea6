// Package learn is a sequence tagger that learns the project's span labels
// from the annotator's finished documents and suggests spans with a
// confidence, in pure Go and in well under a second.
//
// TODO: full package documentation.
package learn
