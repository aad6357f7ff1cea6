package model

import "time"

// GoldAnnotator is the reserved name under which a document's gold version
// (the reviewer's adjudicated annotation) is stored. Gold is an annotation
// set like anyone's, so it is edited, undone, exported and merged by the
// same code; only people may not take the name.
const GoldAnnotator = "gold"

// ReviewStatus is how far review of a document has got.
type ReviewStatus string

const (
	ReviewUnreviewed ReviewStatus = "unreviewed"
	ReviewInReview   ReviewStatus = "in_review"
	ReviewReviewed   ReviewStatus = "reviewed"
)

// ReviewStatuses lists every review status in workflow order.
var ReviewStatuses = []ReviewStatus{ReviewUnreviewed, ReviewInReview, ReviewReviewed}

// The gold set's Status holds the review status: todo, in progress and done
// read as unreviewed, in review and reviewed. Keeping it there gives review
// status changes the same undo, merge and list filters as an annotator's
// status.

// ReviewStatusOf reads the gold set's status as a review status.
func ReviewStatusOf(s Status) ReviewStatus {
	switch s {
	case StatusInProgress:
		return ReviewInReview
	case StatusDone:
		return ReviewReviewed
	}
	return ReviewUnreviewed
}

// Status is the gold set status that stores r.
func (r ReviewStatus) Status() Status {
	switch r {
	case ReviewInReview:
		return StatusInProgress
	case ReviewReviewed:
		return StatusDone
	}
	return StatusTodo
}

// Review is a document's review: its status, who last changed its gold
// version, and when.
type Review struct {
	Status   ReviewStatus
	Reviewer string    // "" until someone has reviewed
	Updated  time.Time // zero until someone has reviewed
}

// ValidatePersonName checks the name a person annotates or reviews under:
// an annotator name that is not the reserved GoldAnnotator.
func ValidatePersonName(name string) error {
	if err := ValidateAnnotatorName(name); err != nil {
		return err
	}
	if name == GoldAnnotator {
		return Errorf(EINVALID, "%q is the name of the reviewed (gold) version; choose another name", name)
	}
	return nil
}
