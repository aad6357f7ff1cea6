// Package agree measures how far annotators agree on a project's spans: the
// figures `inkspan agree` prints, and the comparison the review mode draws.
//
// # Feeding documents
//
// An Accumulator takes one Document at a time and keeps only sums, so that
// storage can stream a project of any size through it; Report turns the sums
// into figures and may be called at any point. A Document holds each
// annotator's spans (the presence of a name in Sets means that annotator has
// a set on the document, even an empty one) and, when it has been
// adjudicated, the gold spans. Spans are taken as they are: validating them
// is storage's job. Within one set a span given twice counts once.
//
// # Span F1
//
// Two spans match exactly when they have the same start, end and label
// (model.Span.SameAs). For a pair of annotators a and b, over the documents
// both have a set on (micro-averaged: counts are summed over documents before
// dividing), F1 = 2·matched / (|A| + |B|), which is symmetric in a and b.
//
// Overlap F1 matches a span with one of the same label that shares at least
// one code point, one to one, so that a long span cannot match three short
// ones and F1 stays at most 1. The matching is a maximum one: a's spans are
// taken in order of their end and each takes the unmatched overlapping b
// span that ends first, which for intervals matches as many as any matching
// can (an exchange argument: swapping any other choice for that one never
// loses a match), and so does not depend on which annotator is a.
//
// # Token kappa
//
// Cohen's kappa is computed over the tokens (model/tokenize) of the shared
// documents. A token's label is that of the span covering it, or O. A token
// counts as covered when a span shares any code point with it, because a
// span that cuts a word still marks that word (this is also how the export's
// snapping widens such a span). When an annotator's spans overlap, the
// span that starts first wins, then the longer, then the label that sorts
// first, so that the outer entity of a nested pair labels its tokens.
// Per-label kappa is binary: the label against everything else, O included,
// read off the same token labels.
//
// Fleiss' kappa uses the tokens of documents that three or more annotators
// have a set on; each token is an item and each annotator of its document a
// rater. Items may have different numbers of raters (one document may have
// three annotators, another four); the usual generalisation is used:
// P_i = Σ_j n_ij(n_ij−1) / (n_i(n_i−1)), P̄ is the plain mean of P_i over the
// items, p_j = Σ_i n_ij / Σ_i n_i and P̄_e = Σ_j p_j². Items with fewer than
// two raters say nothing about agreement and are skipped.
//
// # Gold
//
// Once a document has gold spans, each annotator with a set on it is scored
// against them on exact matches: precision = matched / |annotator's spans|,
// recall = matched / |gold spans|, F1 = 2·matched / (|annotator's| + |gold|).
//
// # Undefined values
//
// No figure is ever NaN, because JSON cannot carry one. Where a ratio has
// nothing under it the value is 1: nothing was there to get wrong. So F1 of
// two empty sides is 1, precision without any span of one's own is 1 (recall
// and F1 then show what was missed), and kappa is 1 when there are no tokens
// or when chance agreement is 1, which happens only when both sides put
// every token in the same category and so agree perfectly.
//
// # Label filter
//
// Options.Label keeps only spans of that label before anything is counted,
// so every figure, token labels included (other labels become O), is about
// that label alone.
//
// # Review
//
// Compare lists every distinct (start, end, label) on a document once, with
// who made it and a Kind; Disagreement puts a number on a whole document for
// sorting. A document's agreement in a Report is 1 − Disagreement of its sets
// (under the label filter, if any): the mean over annotator pairs of their
// exact span F1 on that document.
package agree
