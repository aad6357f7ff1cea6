-- Schema 12: relations between spans (issue 14).
--
-- A relation links two spans of one annotation set (one annotator's
-- version of one document), from one to the other, with a label from the
-- project's relation labels: a second label set, edited like the span
-- labels, whose labels may be symmetric (A–B is B–A). The default
-- relation labels are written by the migration's Go step (db.go,
-- migrationSteps), from model.DefaultRelationLabels, for new and
-- existing projects alike.

CREATE TABLE relation_labels (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	color       TEXT NOT NULL,
	key         TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	symmetric   INTEGER NOT NULL DEFAULT 0 CHECK (symmetric IN (0, 1)),
	position    INTEGER NOT NULL
);

-- from_span and to_span are the spans' integer ids: deleting a span
-- deletes its relations (the cascade looks them up through the unique
-- key, which starts with from_span, and relations_to). set_id repeats the
-- spans' set, so that a document's relations are read by one index, and
-- the triggers below keep it true. The spans table gets no index and no
-- trigger on insert: adding spans costs what it cost before.
CREATE TABLE relations (
	id         INTEGER PRIMARY KEY,
	uuid       TEXT NOT NULL UNIQUE,
	set_id     INTEGER NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
	from_span  INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
	to_span    INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
	label_id   INTEGER NOT NULL REFERENCES relation_labels(id),
	note       TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (from_span <> to_span),
	UNIQUE (from_span, to_span, label_id)
);
CREATE INDEX relations_to ON relations(to_span);
CREATE INDEX relations_set ON relations(set_id);

-- A relation's spans are in its own set: never another annotator's or
-- another document's. (A missing span is the foreign keys' to refuse.)
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

-- Inkspan never moves a span to another set; if anything did, the span's
-- relations would join two sets.
CREATE TRIGGER spans_keep_relations_in_set BEFORE UPDATE OF set_id ON spans
WHEN NEW.set_id <> OLD.set_id
	AND EXISTS (SELECT 1 FROM relations WHERE from_span = OLD.id OR to_span = OLD.id)
BEGIN
	SELECT RAISE(ABORT, 'a span with relations stays in its annotation set');
END;

-- With a symmetric label, A–B and B–A are one relation: the unique key
-- refuses the same direction twice, these refuse the other one.
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
