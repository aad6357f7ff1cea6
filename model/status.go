package model

// Status is where an annotator stands with one document.
type Status string

const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusSkipped    Status = "skipped"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusTodo, StatusInProgress, StatusDone, StatusSkipped}

// Validate reports whether s is one of Statuses.
func (s Status) Validate() error {
	for _, known := range Statuses {
		if s == known {
			return nil
		}
	}
	return Errorf(EINVALID, "unknown status %q (want todo, in_progress, done or skipped)", string(s))
}

// AfterSpanChange is the status a document moves to when one of the
// annotator's spans on it is added or changed: labeling has begun, so a
// todo document is in progress. Any other status stays: done and skipped
// are the annotator's own decisions, which an edit does not take back.
func (s Status) AfterSpanChange() Status {
	if s == StatusTodo {
		return StatusInProgress
	}
	return s
}

// Finished reports whether the annotator is through with the document:
// marked done or skipped.
func (s Status) Finished() bool { return s == StatusDone || s == StatusSkipped }

// ParseStatus accepts the stored names and the spelling people type
// ("in progress", "in-progress").
func ParseStatus(text string) (Status, error) {
	switch text {
	case "in progress", "in-progress", "inprogress":
		return StatusInProgress, nil
	}
	s := Status(text)
	return s, s.Validate()
}

// Origin records how a span came to be.
type Origin string

const (
	OriginManual     Origin = "manual"
	OriginImport     Origin = "import"
	OriginSuggestion Origin = "suggestion"
)

// Validate reports whether o is a known origin.
func (o Origin) Validate() error {
	switch o {
	case OriginManual, OriginImport, OriginSuggestion:
		return nil
	}
	return Errorf(EINVALID, "unknown span origin %q (want manual, import or suggestion)", string(o))
}

// ValidateAnswer checks a Prodigy answer an annotation set keeps: "accept",
// "reject", "ignore", or "" for none. EINVALID otherwise.
func ValidateAnswer(answer string) error {
	switch answer {
	case "", "accept", "reject", "ignore":
		return nil
	}
	return Errorf(EINVALID, "answer %q is not accept, reject or ignore", answer)
}
