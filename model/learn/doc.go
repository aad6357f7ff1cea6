// Package learn is a sequence tagger that learns a project's span labels
// from the annotator's finished documents and suggests spans, each with a
// confidence, in pure Go: no model files, no cgo, the same model for the
// same documents and seed.
//
// # Model
//
// Documents are cut into tokens by package tokenize (the project's
// tokenizer) and into sentences; each sentence is tagged with BIO tags (B
// for a span's first token, I for the others, O outside) by an averaged
// structured perceptron with first-order transitions, decoded by Viterbi
// under the BIO rules (an I tag only continues a span of its own label), so
// a decoded path always reads as whole spans. Where the project allows
// overlapping spans, one tagger per label tags it independently; otherwise
// one tagger chooses among all labels.
//
// Features of a token: the word and its lower-cased form; prefixes and
// suffixes of one to four characters; its shape ("Xxxxx", "d,ddd") and short
// shape ("Xx", "d,d"); the lower-cased words and short shapes of the two
// tokens either side, within the sentence; the word pairs it forms with its
// neighbours; the neighbours' and its short shapes together; its place in
// the sentence; capitalisation, digit and punctuation classes; and the
// project's other suggestion sources: which part (B, I) of a dictionary
// match of which label it is (the annotator's strings, exactly and
// lower-cased), of a FIGURE the recognizer finds, and of a match of the
// project's patterns. A training document's dictionary features come from
// the other documents' spans only (five folds), as they will for a document
// the model has not seen; with its own spans the dictionary would be right
// on every training token and the model would trust it too much.
//
// Rejected suggestions are evidence: where the model, while training, tags
// a span the annotator rejected, it makes one more update toward a path
// without it (on a finished document, toward the gold path; on one in
// progress, whose spans are not the whole truth, toward its own path with
// the rejected tokens outside any span).
//
// # Confidence
//
// A suggestion's confidence is the probability that it is right: the
// probability of the span under a distribution over tag paths,
// P(path) ∝ exp(s·score(path)), computed by forward-backward, mapped by
// Platt scaling. Train chooses s and the scaling on its own documents by
// training three models on two thirds of them and scoring what they suggest
// on the rest, minimising log loss. On re3d, suggestions are right about as
// often as their confidence says (TestReliability: expected calibration
// error 0.06), so hiding those below a threshold trades recall for
// precision predictably.
//
// # Evaluation and active learning
//
// CrossValidate gives per-label precision, recall and F1 (exact matches)
// by k-fold cross-validation on finished documents; LearningCurve the same
// with each fold's model trained on the first n documents, for a chart of
// F1 as documents are added. Uncertainty is the mean entropy of a
// document's token tags, normalised to [0, 1]; RankByUncertainty orders
// unfinished documents most uncertain first, for "most useful next".
//
// # Measured on re3d
//
// re3d's public part (45 press releases about Syria and Iraq, ACTOR, PLACE
// and FIGURE; testdata/real/re3d), trained on the first 30 documents in file
// order, suggesting on the other 15, seeds 1 to 3: F1 0.62 to 0.63
// (precision 0.65 to 0.66, recall 0.59 to 0.60), where the dictionary of the
// same 30 documents plus the FIGURE recognizer reach 0.44 (TestHeldOut) and
// a plain greedy perceptron with word, shape and context features 0.59
// (TestGreedyReference); on three random 30/15 splits, 0.61 to 0.62 against
// 0.48 to 0.51. 5-fold cross-validation on all 45: 0.59. A simulated
// annotator who accepts right suggestions and fixes the rest makes 10.3
// edits a document after 30 finished documents with the model, 17.5 with
// dictionary + FIGURE, 21.7 with none (TestSimulatedAnnotator). About 2%
// of re3d's spans do not fall on token boundaries ("the camp" inside "the
// campaign") and can never be matched exactly; much of the rest of the
// error is where a span ends ("the families" or "the families of the
// victims"), on which re3d's annotators themselves vary.
//
// A saved model (MarshalBinary, Load) holds its labels, its feature hashes
// and weights, the dictionary it was trained with and its calibration; a
// change to the features takes a new format version, and an older model
// fails to load and is retrained rather than misread.
package learn
