package formats

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// ImportSummary is what an import did, as its summary tells it. The
// command line prints it and the window's import dialog shows it: one
// wording for both, so what a user reads does not depend on where they
// imported.
type ImportSummary struct {
	Formats []string // the formats the input was read as

	Records, DocumentsAdded, DocumentsExisting, SpansAdded, SpansExisting int

	LabelsAdded []string // labels the input brought that the project lacked
	// RelationsAdded and RelationsExisting count the relations between
	// spans the input brought, stored and already there;
	// RelationLabelsAdded are the relation labels it brought that the
	// project lacked.
	RelationsAdded, RelationsExisting int
	RelationLabelsAdded               []string
	AnnotatedEmpty                    int            // documents annotated with no spans (negative examples)
	SuggestionsAdded                  int            // model predictions stored as suggestions
	Relaxed                           int            // Label Studio regions matched after trimming or newline normalisation
	NotKept                           map[string]int // by kind ("relations"): what the input held that a project does not store
	// Reviews counts review records (Prodigy's review recipe),
	// ReviewVersions the annotators' versions they brought and ReviewGold
	// their reviewed (gold) versions; Reviewers names who reviewed.
	Reviews, ReviewVersions, ReviewGold int
	Reviewers                           []string
	// AnnotatorsFromFiles names the annotators taken from file names
	// (doccano 1.x's one file per user); UserFileUnlabeled counts the
	// texts such a file lists with nothing labeled, which make no set.
	AnnotatorsFromFiles []string
	UserFileUnlabeled   int

	// One message per case, each naming its file and line.
	Warnings     []string // problems that lost nothing wanted
	Skipped      []string // invalid records left out
	SkippedSpans []string // invalid spans left out, their records kept
	Conflicts    []string // records whose spans differed from an earlier record of the same text and annotator
}

// Lines are the summary's facts, one a line, without line ends. listed
// says where the itemised messages are ("listed on stderr"). maxNames,
// when above 0, shortens the lists of formats and labels to that many
// names and "and N more": a window has less room than a terminal.
// Names and kinds are made printable (model.Printable).
func (s ImportSummary) Lines(listed string, maxNames int) []string {
	var lines []string
	if len(s.Formats) > 0 {
		lines = append(lines, "read as "+nameList(s.Formats, maxNames))
	}
	lines = append(lines, fmt.Sprintf("%d records read: %d new documents, %d already there; %d new spans, %d already there",
		s.Records, s.DocumentsAdded, s.DocumentsExisting, s.SpansAdded, s.SpansExisting))
	if len(s.LabelsAdded) > 0 {
		lines = append(lines, "new labels added to the project: "+nameList(s.LabelsAdded, maxNames))
	}
	if s.RelationsAdded > 0 || s.RelationsExisting > 0 {
		lines = append(lines, fmt.Sprintf("%d new relations between spans, %d already there", s.RelationsAdded, s.RelationsExisting))
	}
	if len(s.RelationLabelsAdded) > 0 {
		lines = append(lines, "new relation labels added to the project: "+nameList(s.RelationLabelsAdded, maxNames))
	}
	if s.Reviews > 0 {
		line := fmt.Sprintf("%d review records: %d annotators' versions and %d gold versions", s.Reviews, s.ReviewVersions, s.ReviewGold)
		if len(s.Reviewers) > 0 {
			line += ", reviewed by " + nameList(s.Reviewers, maxNames)
		}
		lines = append(lines, line)
	}
	if len(s.AnnotatorsFromFiles) > 0 {
		lines = append(lines, "annotators named after their files: "+nameList(s.AnnotatorsFromFiles, maxNames))
	}
	if s.UserFileUnlabeled > 0 {
		lines = append(lines, fmt.Sprintf("%d texts a user's file lists with nothing labeled: no set for that user, as doccano lists every text in every user's file", s.UserFileUnlabeled))
	}
	if s.AnnotatedEmpty > 0 {
		lines = append(lines, fmt.Sprintf("%d documents annotated with no spans", s.AnnotatedEmpty))
	}
	if s.SuggestionsAdded > 0 {
		lines = append(lines, fmt.Sprintf("%d model predictions stored as suggestions, for the annotator to accept or reject", s.SuggestionsAdded))
	}
	if s.Relaxed > 0 {
		lines = append(lines, fmt.Sprintf("%d Label Studio regions whose text matched their offsets only after trimming white space or normalising line breaks", s.Relaxed))
	}
	if line := NotKeptLine(s.NotKept); line != "" {
		lines = append(lines, line)
	}
	if n := len(s.Conflicts); n > 0 {
		lines = append(lines, fmt.Sprintf("%d records had other spans than an earlier record of the same text and annotator (%s)", n, listed))
	}
	if n := len(s.Skipped); n > 0 {
		lines = append(lines, fmt.Sprintf("%d invalid records skipped (%s)", n, listed))
	}
	if n := len(s.SkippedSpans); n > 0 {
		lines = append(lines, fmt.Sprintf("%d invalid spans skipped, their documents kept (%s)", n, listed))
	}
	if n := len(s.Warnings); n > 0 {
		lines = append(lines, fmt.Sprintf("%d warnings (%s)", n, listed))
	}
	return lines
}

// Details itemises what Lines counts: each warning, skipped record,
// skipped span and conflict, in that order, made printable.
func (s ImportSummary) Details() []string {
	var out []string
	add := func(prefix string, msgs []string) {
		for _, m := range msgs {
			out = append(out, prefix+model.Printable(m))
		}
	}
	add("warning: ", s.Warnings)
	add("skipped ", s.Skipped)
	add("skipped ", s.SkippedSpans)
	add("conflict: ", s.Conflicts)
	return out
}

// NotKeptLine is "not kept: 8 relations, 23 events, 11 attributes", kinds
// in alphabetical order, or "" when the input held nothing Inkspan drops.
func NotKeptLine(counts map[string]int) string {
	kinds := make([]string, 0, len(counts))
	for k, n := range counts {
		if n > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = strconv.Itoa(counts[k]) + " " + model.Printable(k)
	}
	return "not kept: " + strings.Join(parts, ", ")
}

// nameList joins names, each made printable, with ", ", ending in
// "and N more" after max names when max is above 0.
func nameList(names []string, max int) string {
	shown := names
	if max > 0 && len(names) > max {
		shown = names[:max]
	}
	out := make([]string, len(shown))
	for i, n := range shown {
		out[i] = model.Printable(n)
	}
	list := strings.Join(out, ", ")
	if rest := len(names) - len(shown); rest > 0 {
		list += " and " + strconv.Itoa(rest) + " more"
	}
	return list
}
