-- Schema 1: a project is one file holding its labels, documents, annotators,
-- each annotator's annotation set per document, and their spans.
-- Timestamps are Unix milliseconds (UTC). Public identities are UUIDs; the
-- integer ids are internal and never leave the file.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE labels (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	color       TEXT NOT NULL,
	key         TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL
);

CREATE TABLE documents (
	id          INTEGER PRIMARY KEY,
	uuid        TEXT NOT NULL UNIQUE,
	external_id TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	meta        TEXT NOT NULL DEFAULT '{}',
	hash        TEXT NOT NULL UNIQUE,
	length      INTEGER NOT NULL, -- in code points
	title       TEXT NOT NULL,    -- kept so document lists never read texts
	created_at  INTEGER NOT NULL
);

CREATE TABLE annotators (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

CREATE TABLE annotation_sets (
	id           INTEGER PRIMARY KEY,
	document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id INTEGER NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	status       TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
	note         TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	UNIQUE (document_id, annotator_id)
);
CREATE INDEX annotation_sets_annotator ON annotation_sets(annotator_id, status);

CREATE TABLE spans (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE,
	set_id     INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	label_id   INTEGER NOT NULL REFERENCES labels(id),
	note       TEXT NOT NULL DEFAULT '',
	origin     TEXT NOT NULL CHECK (origin IN ('manual', 'import', 'suggestion')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (start >= 0 AND start < end),
	UNIQUE (set_id, start, end, label_id)
);
