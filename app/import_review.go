package app

import (
	"context"
	"fmt"
	"sort"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

// addReview stores a review record (formats.Record.Review, Prodigy's
// review recipe): each version as its annotator's set, and the record's
// own spans as the document's gold version (model.GoldAnnotator) with the
// record's annotator as its reviewer, all on the one document the text is.
// Each set is checked as a record of its own would be (spans, overlaps,
// versions of earlier records), and every check of every set runs before
// the first write, so a refused review record leaves nothing behind.
func (im *importer) addReview(ctx context.Context, rec *formats.Record, report *ImportReport) error {
	fail := func(err error) error { return fmt.Errorf("%s: %w", rec.Where(), err) }
	type part struct {
		rec     *formats.Record
		owner   string
		version bool // one of rec.Versions
	}
	var parts []part
	reviewer := im.owner(rec) // the record's own annotator when it is no review
	if rec.Review {
		if reviewer == "" {
			return fail(model.Errorf(model.EINVALID, "the review names no reviewer: pass --annotator"))
		}
		if err := model.ValidatePersonName(reviewer); err != nil {
			return fail(fmt.Errorf("the reviewer: %w", err))
		}
		gold := *rec
		gold.Review, gold.Versions = false, nil
		parts = append(parts, part{&gold, model.GoldAnnotator, false})
	} else {
		// Versions beside a record that is no review's result: the
		// record is its annotator's, as any record is.
		own := *rec
		own.Versions = nil
		parts = append(parts, part{&own, reviewer, false})
	}
	first := map[string]int{} // annotator → the version that names them first
	for i, v := range rec.Versions {
		if j, twice := first[v.Annotator]; twice {
			return fail(model.Errorf(model.EINVALID, "versions %d and %d are both %s's: one annotator's two versions of one text would merge into one neither holds", j+1, i+1, model.Printable(v.Annotator)))
		}
		first[v.Annotator] = i
		if err := model.ValidatePersonName(v.Annotator); err != nil {
			return fail(fmt.Errorf("version %d: %w", i+1, err))
		}
		parts = append(parts, part{&formats.Record{
			Source: rec.Source, Line: rec.Line, ExternalID: rec.ExternalID, Text: rec.Text, Meta: rec.Meta,
			Format: rec.Format, Tokens: rec.Tokens, InputHash: rec.InputHash,
			Annotator: v.Annotator, Spans: v.Spans, Relations: v.Relations,
			Annotated: true, Answer: v.Answer, Status: v.Status,
		}, v.Annotator, true})
	}
	plans := make([]planned, 0, len(parts))
	versions := make([]bool, 0, len(parts)) // by plan: one of rec.Versions
	for _, pt := range parts {
		p, ok, err := im.prepare(ctx, pt.rec, pt.owner, report)
		if err != nil {
			return err
		}
		if ok {
			plans = append(plans, p)
			versions = append(versions, pt.version)
		}
	}
	var docID string
	goldChanged := false
	for i := range plans {
		p := &plans[i]
		if i > 0 {
			// The first plan found or added the document.
			p.part, p.found, p.docID = true, true, docID
		}
		if err := im.write(ctx, p, report); err != nil {
			return err
		}
		docID = p.docID
		switch {
		case versions[i]:
			report.ReviewVersions++
		case rec.Review:
			goldChanged = p.changed
			report.ReviewGold++
		}
	}
	if rec.Review {
		report.Reviews++
	}
	if goldChanged {
		// The gold version is the reviewer's work: who reviewed it, as
		// the window records whoever changes it.
		if err := im.tx.PutReview(ctx, docID, reviewer, timeZero); err != nil {
			return err
		}
		im.reviewers[reviewer] = true
	}
	return nil
}

// sortedNames lists a set's names in order.
func sortedNames(set map[string]bool) []string {
	if len(set) == 0 {
		return nil
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
