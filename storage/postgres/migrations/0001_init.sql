-- Schema 1 of a team project on PostgreSQL: what the SQLite project file
-- holds after its 13 migrations (storage/migrations), with the same
-- integrity rules, in PostgreSQL's terms.
--
-- Differences, each for a reason:
-- * Times are timestamptz, written by Inkspan at millisecond precision
--   (SQLite keeps Unix milliseconds): readable by people and other tools
--   querying a team database, and equal to SQLite's when exported.
-- * Offsets are start_cp and end_cp (code points, as everywhere in
--   Inkspan): "end" is a reserved word in PostgreSQL.
-- * Public IDs of documents, spans and relations stay text, as in SQLite:
--   the contract treats them as opaque strings, and a lookup of a
--   malformed one must find nothing rather than fail. Suggestion IDs are
--   uuid, as SQLite's 16-byte blobs: they are always parsed first.
-- * Stored tokens are arrays, not SQLite's packed blob (see
--   document_tokens).
-- * A relation label's flag is is_symmetric: SYMMETRIC is a reserved word.
-- * Label names are unique as deferrable constraints, so that a label
--   edit that swaps two names needs no placeholder names (SQLite uses
--   names with a NUL byte, which PostgreSQL's text cannot hold).
-- * There is no full-text index yet: PhraseDocuments scans with strpos,
--   which the contract allows.
-- * Triggers raise unique_violation or check_violation, which the store
--   maps to model.ECONFLICT and model.EINVALID.

CREATE TABLE settings (
	key   text PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE labels (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        text NOT NULL,
	color       text NOT NULL,
	key         text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	position    integer NOT NULL,
	CONSTRAINT labels_name_unique UNIQUE (name) DEFERRABLE INITIALLY IMMEDIATE
);

CREATE TABLE documents (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- project order
	uuid        text NOT NULL UNIQUE,
	external_id text NOT NULL DEFAULT '',
	text        text NOT NULL,
	meta        text NOT NULL DEFAULT '{}', -- verbatim, as imported: exports write it back unchanged
	hash        text NOT NULL UNIQUE,
	length      integer NOT NULL,           -- in code points, which char_length counts in UTF-8
	title       text NOT NULL,              -- kept so document lists never read texts
	created_at  timestamptz NOT NULL,
	CHECK (length = char_length(text))
);

CREATE TABLE annotators (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name             text NOT NULL UNIQUE,
	created_at       timestamptz NOT NULL,
	last_document_id bigint REFERENCES documents(id) ON DELETE SET NULL
);

CREATE TABLE annotation_sets (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id bigint NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	status       text NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
	note         text NOT NULL DEFAULT '',
	answer       text NOT NULL DEFAULT '' CHECK (answer IN ('', 'accept', 'reject', 'ignore')),
	input_hash   bigint,
	task_hash    bigint,
	created_at   timestamptz NOT NULL,
	updated_at   timestamptz NOT NULL,
	UNIQUE (document_id, annotator_id)
);
CREATE INDEX annotation_sets_annotator ON annotation_sets (annotator_id, status);

CREATE TABLE spans (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uuid       text NOT NULL UNIQUE,
	set_id     bigint NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
	start_cp   integer NOT NULL,
	end_cp     integer NOT NULL,
	label_id   bigint NOT NULL REFERENCES labels(id),
	note       text NOT NULL DEFAULT '',
	origin     text NOT NULL CHECK (origin IN ('manual', 'import', 'suggestion')),
	attributes jsonb, -- model.Attributes in their canonical order; NULL for none
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (start_cp >= 0 AND start_cp < end_cp),
	UNIQUE (set_id, start_cp, end_cp, label_id)
);
CREATE INDEX spans_label ON spans (label_id);

CREATE TABLE reviews (
	document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	reviewer    text NOT NULL,
	updated_at  timestamptz NOT NULL
);

CREATE TABLE disagreement (
	document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	value       double precision NOT NULL,
	computed_at timestamptz NOT NULL
);
CREATE INDEX disagreement_value ON disagreement (value DESC, document_id);

-- Suggestions belong to a document and an annotator, not to a set (see
-- SQLite's schema 7); a rejected one is kept, marked, so that suggesting
-- again does not offer it.
CREATE TABLE suggestions (
	document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id bigint NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	start_cp     integer NOT NULL,
	end_cp       integer NOT NULL,
	label_id     bigint NOT NULL REFERENCES labels(id),
	uuid         uuid NOT NULL,
	source       text NOT NULL CHECK (source IN ('patterns', 'figures', 'dictionary', 'import')),
	created_at   timestamptz NOT NULL,
	rejected     boolean NOT NULL DEFAULT false,
	CHECK (start_cp >= 0 AND start_cp < end_cp),
	PRIMARY KEY (document_id, annotator_id, start_cp, end_cp, label_id)
);

CREATE TABLE review_rejections (
	document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	start_cp    integer NOT NULL,
	end_cp      integer NOT NULL,
	label_id    bigint NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
	PRIMARY KEY (document_id, start_cp, end_cp, label_id)
);

-- The tokens a document came with (CoNLL, Hugging Face, Prodigy), so that
-- token exports write them back: one row per document, as in SQLite, but
-- as arrays other tools can read rather than SQLite's packed blob. Token i
-- is [starts[i], ends[i]) in code points; sentence_starts lists the
-- (0-based) indexes of the tokens that start a sentence; columns holds
-- each token's other columns (a JSON array of arrays of strings), NULL
-- when the source had none.
CREATE TABLE document_tokens (
	document_id     bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	starts          integer[] NOT NULL,
	ends            integer[] NOT NULL,
	sentence_starts integer[] NOT NULL,
	columns         jsonb,
	CHECK (cardinality(starts) > 0 AND cardinality(ends) = cardinality(starts))
);

CREATE TABLE relation_labels (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name        text NOT NULL,
	color       text NOT NULL,
	key         text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	is_symmetric boolean NOT NULL DEFAULT false,
	position    integer NOT NULL,
	CONSTRAINT relation_labels_name_unique UNIQUE (name) DEFERRABLE INITIALLY IMMEDIATE
);

-- A relation joins two spans of its own set (set_id repeats theirs, so a
-- document's relations are read by one index); deleting a span deletes its
-- relations.
CREATE TABLE relations (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	uuid       text NOT NULL UNIQUE,
	set_id     bigint NOT NULL REFERENCES annotation_sets(id) ON DELETE CASCADE,
	from_span  bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
	to_span    bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
	label_id   bigint NOT NULL REFERENCES relation_labels(id),
	note       text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (from_span <> to_span),
	UNIQUE (from_span, to_span, label_id)
);
CREATE INDEX relations_to ON relations (to_span);
CREATE INDEX relations_set ON relations (set_id);
CREATE INDEX relations_label ON relations (label_id);

-- A relation's spans are in its own set: never another annotator's or
-- another document's. (A missing span is the foreign keys' to refuse.)
CREATE FUNCTION relations_same_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM spans WHERE id IN (NEW.from_span, NEW.to_span) AND set_id <> NEW.set_id) THEN
		RAISE EXCEPTION 'a relation joins two spans of its own annotation set' USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER relations_same_set BEFORE INSERT OR UPDATE OF set_id, from_span, to_span ON relations
	FOR EACH ROW EXECUTE FUNCTION relations_same_set();

-- Inkspan never moves a span to another set; if anything did, the span's
-- relations would join two sets.
CREATE FUNCTION spans_keep_relations_in_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.set_id <> OLD.set_id AND EXISTS (SELECT 1 FROM relations WHERE from_span = OLD.id OR to_span = OLD.id) THEN
		RAISE EXCEPTION 'a span with relations stays in its annotation set' USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER spans_keep_relations_in_set BEFORE UPDATE OF set_id ON spans
	FOR EACH ROW EXECUTE FUNCTION spans_keep_relations_in_set();

-- With a symmetric label, A–B and B–A are one relation: the unique key
-- refuses the same direction twice, this the other one.
CREATE FUNCTION relations_symmetric() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (SELECT is_symmetric FROM relation_labels WHERE id = NEW.label_id)
		AND EXISTS (SELECT 1 FROM relations
			WHERE from_span = NEW.to_span AND to_span = NEW.from_span AND label_id = NEW.label_id AND id <> NEW.id) THEN
		RAISE EXCEPTION 'the relation exists the other way round, and its label is symmetric' USING ERRCODE = 'unique_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER relations_symmetric BEFORE INSERT OR UPDATE OF from_span, to_span, label_id ON relations
	FOR EACH ROW EXECUTE FUNCTION relations_symmetric();

CREATE FUNCTION relation_labels_symmetric() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.is_symmetric AND NOT OLD.is_symmetric AND EXISTS (SELECT 1 FROM relations a JOIN relations b
		ON b.from_span = a.to_span AND b.to_span = a.from_span AND b.label_id = a.label_id
		WHERE a.label_id = NEW.id) THEN
		RAISE EXCEPTION 'the label has relations both ways between the same spans, so it cannot become symmetric' USING ERRCODE = 'unique_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER relation_labels_symmetric BEFORE UPDATE OF is_symmetric ON relation_labels
	FOR EACH ROW EXECUTE FUNCTION relation_labels_symmetric();
