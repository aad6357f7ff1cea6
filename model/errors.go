package model

import (
	"errors"
	"fmt"
)

// Error codes let callers decide what to tell a user without parsing text.
const (
	EINVALID  = "invalid"  // the input breaks a rule of the model
	ENOTFOUND = "notfound" // the named thing does not exist
	ECONFLICT = "conflict" // the change collides with what is stored
	// EFORBIDDEN: the user's role may not do this (a team project's
	// database refused it); the message names what was refused.
	EFORBIDDEN = "forbidden"
	// EUNAVAILABLE: the store could not be reached (a team project's
	// server is down or the connection dropped). Unlike a refusal it says
	// nothing about the change itself: sent again later, it may succeed.
	// Whether a write that failed so was committed is unknown, which is
	// why app.Editor resends an edit under its own ID (app.EditLedger).
	EUNAVAILABLE = "unavailable"
	EINTERNAL    = "internal" // anything else: a bug or an I/O failure
)

// Error is a failure a user can act on: its Message is meant to be shown.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the text to show a user. Errors from the model keep
// their wrapping context ("import a.jsonl: line 3: ..."); anything else is
// reported whole as well, because in a desktop tool the user is also the
// operator and a driver's words ("disk I/O error") are what they can act on.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// InputError is a problem with one record or one file of an input. Readers
// return it from Next and can go on with the following record afterwards,
// unless Fatal is set (the file could not be read at all).
type InputError struct {
	File  string
	Line  int // 0 when the error is about the whole file
	Msg   string
	Fatal bool
	// Warning marks a problem that loses nothing the user wants (a record
	// of white space only): the import reports it and goes on, with or
	// without --skip-invalid.
	Warning bool
	// Part marks a problem with one part of a record (a Label Studio
	// region, or a relation or attribute result) that the reader has left
	// out: the record itself comes next without it, so an import skipping
	// invalid input reports a part skipped, its record kept, not a record
	// skipped.
	Part bool
}

// Error escapes what the input put into the message (a file name, a quoted
// line, a label) with model.Printable: a carriage return in a bad line would
// otherwise send the terminal back to the start of the line and hide the
// file:line the message starts with, and an escape sequence would act on the
// terminal.
func (e *InputError) Error() string { return Place(e.File, e.Line) + ": " + Printable(e.Msg) }

// Place is "file:line", or the file alone when line is 0, with the file name
// made safe to print (a file name can hold any byte but / and NUL).
func Place(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", Printable(file), line)
	}
	return Printable(file)
}
