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
	EINTERNAL = "internal" // anything else: a bug or an I/O failure
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
