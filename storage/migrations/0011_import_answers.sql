-- Schema 11: what an import keeps besides spans.
--
-- A Prodigy answer (accept, reject, ignore) and Prodigy's _input_hash and
-- _task_hash belong to one annotator's version of a document, so they sit
-- on the annotation set. Prodigy deduplicates by the hashes; Inkspan never
-- changes a document's text, so hashes read with it stay valid and are
-- written back on export. A set made in Inkspan has no answer ('') and no
-- hashes (NULL): the Prodigy writer derives the answer from the status.
ALTER TABLE annotation_sets ADD COLUMN answer TEXT NOT NULL DEFAULT ''
	CHECK (answer = '' OR answer = 'accept' OR answer = 'reject' OR answer = 'ignore');
ALTER TABLE annotation_sets ADD COLUMN input_hash INTEGER;
ALTER TABLE annotation_sets ADD COLUMN task_hash INTEGER;

-- Imported model predictions (Label Studio's) are suggestions, with their
-- own source 'import'. SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt with the same key and columns; the copy keeps every
-- row, rejections included.
CREATE TABLE suggestions_new (
	document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	start        INTEGER NOT NULL,
	end          INTEGER NOT NULL,
	label_id     INTEGER NOT NULL REFERENCES labels(id),
	uuid         BLOB NOT NULL,
	source       TEXT NOT NULL CHECK (source = 'patterns' OR source = 'figures' OR source = 'dictionary' OR source = 'import'),
	created_at   INTEGER NOT NULL,
	rejected     INTEGER NOT NULL DEFAULT 0,
	CHECK (start >= 0 AND start < end),
	PRIMARY KEY (document_id, annotator_id, start, end, label_id)
) WITHOUT ROWID;
INSERT INTO suggestions_new (document_id, annotator_id, start, end, label_id, uuid, source, created_at, rejected)
	SELECT document_id, annotator_id, start, end, label_id, uuid, source, created_at, rejected FROM suggestions;
DROP TABLE suggestions;
ALTER TABLE suggestions_new RENAME TO suggestions;
