package formats

import (
	"errors"
	"github.com/inkspan/inkspan/model"
)

// failedReader reports one Fatal error; the multiReader then drops it.
type failedReader struct{ err *model.InputError }

func (r failedReader) next() (*Record, error) { return nil, r.err }
func (r failedReader) close() error           { return nil }

// failedWriter stands in for a writer not written yet.
type failedWriter struct{}

func (failedWriter) Write(*Annotation) error {
	return errors.New("this export format is not written yet")
}
func (failedWriter) Close() error { return nil }
