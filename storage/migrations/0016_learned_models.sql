-- Schema 16: learned suggestions (issue 16).
--
-- The project's own model (model/learn) suggests spans with a confidence,
-- stored as suggestions of a new source 'model' so that accepting,
-- rejecting and relabeling them work as for the other sources, and a
-- rejected one teaches the next training. The confidence is NULL for the
-- sources that give none. SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt with the same key, as schema 11 did; the
-- copy keeps every row, rejections included.
CREATE TABLE suggestions_16 (
	document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	start        INTEGER NOT NULL,
	end          INTEGER NOT NULL,
	label_id     INTEGER NOT NULL REFERENCES labels(id),
	uuid         BLOB NOT NULL,
	-- Spelled with OR, as in schema 7: IN costs a temporary index a row.
	source       TEXT NOT NULL CHECK (source = 'patterns' OR source = 'figures' OR source = 'dictionary'
		OR source = 'import' OR source = 'model'),
	created_at   INTEGER NOT NULL,
	rejected     INTEGER NOT NULL DEFAULT 0,
	confidence   REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
	CHECK (start >= 0 AND start < end),
	PRIMARY KEY (document_id, annotator_id, start, end, label_id)
) WITHOUT ROWID;
INSERT INTO suggestions_16 (document_id, annotator_id, start, end, label_id, uuid, source, created_at, rejected)
	SELECT document_id, annotator_id, start, end, label_id, uuid, source, created_at, rejected FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_16 RENAME TO suggestions;

-- An annotator's trained model, kept with the project so that reopening
-- it suggests at once instead of training again: the model's bytes
-- (learn.Model.MarshalBinary, which carry their format version and the
-- labels the model tags), when it was trained and on how many finished
-- documents. A model the program cannot read any more, or one naming a
-- label the project no longer has, is trained again rather than used.
-- IF NOT EXISTS lets a test's hand-made older file (a new one with its
-- version set back) through, as in schema 15.
CREATE TABLE IF NOT EXISTS learned_models (
	annotator_id INTEGER PRIMARY KEY REFERENCES annotators(id) ON DELETE CASCADE,
	model        BLOB NOT NULL,
	trained_at   INTEGER NOT NULL,
	documents    INTEGER NOT NULL CHECK (documents >= 0)
);
