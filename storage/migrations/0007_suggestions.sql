-- Schema 7: suggested spans (from patterns files, the FIGURE recognizer,
-- the annotator's own dictionary), kept apart from the annotator's spans
-- until they accept or reject them. A suggestion belongs to a document and
-- an annotator directly, not to an annotation set: a set is the
-- annotator's own work, and suggesting for 100,000 documents must not make
-- 100,000 of them look touched.
--
-- A pre-annotation run stores tens of millions of rows, so the table is
-- shaped for appending. Its key is the uniqueness rule itself, in the
-- order a run writes (document by document), so each row is one append to
-- one B-tree. The uuid, the ID the window and the undo stack use, is 16
-- bytes and not indexed: every look-up by ID also names the document and
-- the annotator, and the key's prefix narrows those to a few dozen rows;
-- indexing it made a bulk run several times slower.
CREATE TABLE suggestions (
	document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	start        INTEGER NOT NULL, -- code points, like spans
	end          INTEGER NOT NULL,
	label_id     INTEGER NOT NULL REFERENCES labels(id),
	uuid         BLOB NOT NULL,    -- 16 bytes; accepting gives the span this ID
	-- Spelled with OR: for IN, SQLite builds a small temporary index at
	-- every row it checks, a tenth of a bulk run's time.
	source       TEXT NOT NULL CHECK (source = 'patterns' OR source = 'figures' OR source = 'dictionary'),
	created_at   INTEGER NOT NULL,
	CHECK (start >= 0 AND start < end),
	PRIMARY KEY (document_id, annotator_id, start, end, label_id)
) WITHOUT ROWID;
