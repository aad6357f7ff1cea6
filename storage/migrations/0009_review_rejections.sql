-- Schema 9: the proposals a reviewer rejected (spans some annotator made
-- that the gold version leaves out), so that a document reopened in review
-- shows them decided rather than open again. A rejection names offsets and
-- a label, not an annotator's span: every annotator who made that span is
-- turned down at once.
CREATE TABLE review_rejections (
	document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	start       INTEGER NOT NULL,
	end         INTEGER NOT NULL,
	label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
	PRIMARY KEY (document_id, start, end, label_id)
) WITHOUT ROWID;
