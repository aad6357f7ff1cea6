// Package suggest proposes spans for an annotator to accept or reject, from
// three sources, and labels every occurrence of a string at once.
//
// # Sources
//
// Patterns files in Prodigy's JSONL format (ReadPatterns, NewMatcher):
// {"label": "PLACE", "pattern": "Maaret Misrin"} is an exact phrase, matched
// case-sensitively on whole tokens like spaCy's PhraseMatcher on ORTH;
// {"label": "PLACE", "pattern": [{"lower": "idlib"}]} is a token pattern
// with the attributes lower, text (or orth), shape, is_alpha, is_digit,
// is_lower, is_upper, is_title, is_punct and like_num, and the operators
// "!", "?", "+" and "*", with spaCy's meanings. Value operators such as IN
// and REGEX, and attributes that need a statistical model (POS, LEMMA), are
// refused with a message naming the line.
//
// The built-in FIGURE recognizer for English news (Figures), described
// below.
//
// The annotator's own dictionary (Dictionary): strings they have labeled
// suggest the same label wherever they occur again as whole tokens.
//
// # Matching
//
// Matching never loops over patterns. Phrases and dictionary strings are
// tokenized with package tokenize and stored in one token trie whose edges
// are keyed by (node, interned token text), so a document costs one map
// look-up per token, plus one per token of each partial match, whatever the
// number of phrases. Token patterns are indexed by the literal text or
// lower-case form their first token must have; only patterns whose first
// token is not a literal are tried at every position. A token pattern runs
// as a Thompson NFA, one bit per position in the pattern (hence at most 63
// tokens a pattern), and reports every end, as spaCy's Matcher does.
//
// Match, Dictionary.Match and Figures take the tokens of a document rather
// than its text: tokens carry their text and code point offsets, and a
// caller tokenizes each document once for all three. Matchers return every
// match, nested and overlapping ones included; Resolve then keeps the
// longest, then leftmost, and drops what conflicts with the annotator's
// existing spans. Dictionary strings labeled several ways suggest their most
// frequent label, ties going to the alphabetically first.
//
// # FIGURE conventions
//
// A FIGURE is a quantity the text reports: a count, an amount of money, a
// percentage, a measure. A span covers:
//
//   - numerals: "34", "1,250", "3.5", "15%", "1/2" (fractions with a
//     denominator up to 10), with their magnitude: "2.5 million", "4bn";
//   - a currency symbol before the number and an abbreviation glued after
//     it: "$2 billion", "£3m" ("m" counts as million only after a currency
//     symbol; otherwise it is more likely metres);
//   - "percent", "per cent", "pct" and "%" after a number: "7.2 percent";
//   - number words: "three", "twenty-one", "one hundred and twenty", "a
//     million", "half a million", "two dozen";
//   - vague quantities: "dozens", "hundreds", "thousands", "scores" (only in
//     "scores of"), "tens of thousands", "hundreds of thousands", "several
//     hundred", "a few thousand"; a trailing "of" is left out ("dozens" in
//     "dozens of soldiers"), so "dozens died" and "dozens of soldiers died"
//     mark the same words, as OntoNotes-style CARDINAL entities do; an "of"
//     between two number words belongs to the figure;
//   - a bounding phrase before the number: "at least 15", "more than 200",
//     "close to a million", "nearly 300", "up to 40", "about 20", "some
//     3,000", "fewer than 10", "as many as", "an estimated", "well over";
//   - ranges as one span: "between 10 and 20", "10 to 20", "10-20", "two or
//     three", and ratios, "one in five". A range goes up: "51 to 49" (a
//     tally) and "3-1" (a score) are not ranges, and "from 10 to 20" is two
//     figures.
//
// The counted noun and units of measure are outside the span ("34" in "34
// soldiers", "40" in "40 km"); so is a hyphenated word after a number ("30"
// in "30-day truce").
//
// Left out, as not reporting a quantity: years (whole numbers 1500 to 2100
// written with four digits, unless after a currency symbol), decades
// ("1990s"), days of the month next to a month name ("March 3", "3 March"),
// times ("10:30", "9 a.m."), ordinals ("first", "3rd"), proportions in
// words ("a third"), numbers that are part of a name ("F-16", "COVID-19",
// "Boeing 737", "Resolution 2254", "iPhone 12", "No. 10", "#5": a number
// right after a capitalized word other than a function word or a weekday),
// codes (a leading zero, three numbers in a row, "555-0199"), and the
// pronoun "one" ("no one", "one of them", "one another", "one day").
// Quantifiers without a number ("several", "many") are not figures on their
// own.
//
// On testdata/figures.txt, 121 news sentences with 130 FIGURE spans labeled
// by hand before the recognizer was written, exact-match precision is 0.977
// and recall 0.985 (TestFiguresEvaluation).
//
// # Label all occurrences
//
// Occurrences (in the current document), LabelPhrase (in each other
// document of a project) and Labeled (for removing a label everywhere)
// compare strings exactly, and new spans cover whole tokens only: "Idlib"
// is not found inside "Idlibi".
package suggest
