-- Schema 15: a relation's spans are kept whole by triggers instead of
-- foreign keys (issue 13).
--
-- Schema 12 made relations.from_span and to_span foreign keys to spans,
-- ON DELETE CASCADE. SQLite then runs the cascade for every span deleted,
-- two lookups and a sub-program a span, whether or not the set has a
-- relation at all: about a microsecond a span, a tenth of undoing "label
-- all" (BenchmarkEditBatch200), for a table most sets leave empty. The
-- same guarantees now come from triggers that cost one lookup a span,
-- and nothing more, when the span's set has no relation:
--
--   - a relation's spans exist (relations_spans_exist_*) and are in its
--     set (relations_same_set_*, as before);
--   - deleting a span deletes its relations (spans_take_relations);
--   - a span's id never changes under a relation (spans_keep_id), which
--     the foreign keys also guarded.
--
-- SQLite cannot drop a column's foreign key: the table is rebuilt, as its
-- documentation prescribes, keeping every row, id and key.

-- Triggers of other tables that read relations go first, and come back
-- after: the rename checks every trigger against the tables there are.
DROP TRIGGER spans_keep_relations_in_set;
DROP TRIGGER relation_labels_symmetric;
DROP TRIGGER IF EXISTS spans_keep_id; -- none before schema 15; IF EXISTS lets a
DROP TRIGGER IF EXISTS spans_take_relations; -- test's hand-made older file through

CREATE TABLE relations_15 (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE,
	set_id     INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
	from_span  INTEGER NOT NULL,
	to_span    INTEGER NOT NULL,
	label_id   INTEGER NOT NULL REFERENCES relation_labels(id),
	note       TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (from_span <> to_span),
	UNIQUE (from_span, to_span, label_id)
);
INSERT INTO relations_15 (id, uuid, set_id, from_span, to_span, label_id, note, created_at, updated_at)
	SELECT id, uuid, set_id, from_span, to_span, label_id, note, created_at, updated_at FROM relations;
DROP TABLE relations;
ALTER TABLE relations_15 RENAME TO relations;
CREATE INDEX relations_to ON relations(to_span);
CREATE INDEX relations_set ON relations(set_id);

-- A relation's spans are in its own set (as in schema 12)...
CREATE TRIGGER relations_same_set_insert BEFORE INSERT ON relations
WHEN EXISTS (SELECT 1 FROM spans WHERE id IN (NEW.from_span, NEW.to_span) AND set_id <> NEW.set_id)
BEGIN
	SELECT RAISE(ABORT, 'a relation joins two spans of its own annotation set');
END;

CREATE TRIGGER relations_same_set_update BEFORE UPDATE OF set_id, from_span, to_span ON relations
WHEN EXISTS (SELECT 1 FROM spans WHERE id IN (NEW.from_span, NEW.to_span) AND set_id <> NEW.set_id)
BEGIN
	SELECT RAISE(ABORT, 'a relation joins two spans of its own annotation set');
END;

-- ... and both exist, which the foreign keys saw to before. (A span
-- related to itself is the CHECK's to refuse.)
CREATE TRIGGER relations_spans_exist_insert BEFORE INSERT ON relations
WHEN NEW.from_span <> NEW.to_span
	AND (SELECT count(*) FROM spans WHERE id IN (NEW.from_span, NEW.to_span)) <> 2
BEGIN
	SELECT RAISE(ABORT, 'a relation joins two spans that exist');
END;

CREATE TRIGGER relations_spans_exist_update BEFORE UPDATE OF from_span, to_span ON relations
WHEN NEW.from_span <> NEW.to_span
	AND (SELECT count(*) FROM spans WHERE id IN (NEW.from_span, NEW.to_span)) <> 2
BEGIN
	SELECT RAISE(ABORT, 'a relation joins two spans that exist');
END;

CREATE TRIGGER spans_keep_relations_in_set BEFORE UPDATE OF set_id ON spans
WHEN NEW.set_id <> OLD.set_id
	AND EXISTS (SELECT 1 FROM relations WHERE from_span = OLD.id OR to_span = OLD.id)
BEGIN
	SELECT RAISE(ABORT, 'a span with relations stays in its annotation set');
END;

CREATE TRIGGER spans_keep_id BEFORE UPDATE OF id ON spans
WHEN NEW.id <> OLD.id
	AND EXISTS (SELECT 1 FROM relations WHERE from_span = OLD.id OR to_span = OLD.id)
BEGIN
	SELECT RAISE(ABORT, 'a span with relations keeps its id');
END;

-- The set is looked up first: most sets have no relation, and then a
-- deleted span costs that one lookup.
CREATE TRIGGER spans_take_relations AFTER DELETE ON spans
WHEN EXISTS (SELECT 1 FROM relations WHERE set_id = OLD.set_id)
BEGIN
	DELETE FROM relations WHERE from_span = OLD.id OR to_span = OLD.id;
END;

CREATE TRIGGER relations_symmetric_insert BEFORE INSERT ON relations
WHEN (SELECT symmetric FROM relation_labels WHERE id = NEW.label_id)
	AND EXISTS (SELECT 1 FROM relations
		WHERE from_span = NEW.to_span AND to_span = NEW.from_span AND label_id = NEW.label_id)
BEGIN
	SELECT RAISE(ABORT, 'the relation exists the other way round, and its label is symmetric');
END;

CREATE TRIGGER relations_symmetric_update BEFORE UPDATE OF from_span, to_span, label_id ON relations
WHEN (SELECT symmetric FROM relation_labels WHERE id = NEW.label_id)
	AND EXISTS (SELECT 1 FROM relations
		WHERE from_span = NEW.to_span AND to_span = NEW.from_span AND label_id = NEW.label_id AND id <> NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'the relation exists the other way round, and its label is symmetric');
END;

CREATE TRIGGER relation_labels_symmetric BEFORE UPDATE OF symmetric ON relation_labels
WHEN NEW.symmetric AND NOT OLD.symmetric
	AND EXISTS (SELECT 1 FROM relations a JOIN relations b
		ON b.from_span = a.to_span AND b.to_span = a.from_span AND b.label_id = a.label_id
		WHERE a.label_id = NEW.id)
BEGIN
	SELECT RAISE(ABORT, 'the label has relations both ways between the same spans, so it cannot become symmetric');
END;
