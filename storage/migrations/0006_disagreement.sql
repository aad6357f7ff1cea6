-- Schema 6: how far the annotators of each document disagree, for the
-- review list's "worst first". Computing it needs every span of every
-- annotator, too slow to do per list page, so it is kept here and brought
-- up to date when a disagreement list is asked for: a document whose
-- people's sets changed after computed_at is measured again.
CREATE TABLE disagreement (
	document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	value       REAL NOT NULL,    -- 0 when all agree, up to 1 (agree.Disagreement)
	computed_at INTEGER NOT NULL  -- the newest set update it saw
);
CREATE INDEX disagreement_value ON disagreement(value DESC, document_id);
