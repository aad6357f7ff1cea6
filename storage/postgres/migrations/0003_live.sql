-- Schema 3: live changes (issue 15). Every change to what a window shows
-- (annotation sets, their spans, suggestions, reviews, assignments,
-- documents) sends a notification on the channel inkspan_changes when its
-- transaction commits, which the windows on the project LISTEN to
-- (watch.go) so that they re-read what changed.
--
-- A notification reaches every session listening on the database,
-- whatever its role, and row-level security does not apply to it: the
-- payload holds internal IDs only, which name nothing by themselves. The
-- listening window asks its own store what an ID is, under its own
-- role's policies, and drops what it may not read. The payloads:
--   s DOC SET  the annotation set SET (on document DOC) changed
--   d DOC      the document's own rows changed: it was added or removed,
--              reviewed, or one of its sets removed
--   g DOC      the document's assignments changed (given, taken, taken
--              back); a listener does not look DOC up but checks the
--              assignments its role may read (an annotator's own), so
--              nobody learns who else was given what
--   *          a statement changed more rows than is worth naming one by
--              one (an import, a bulk suggestion): anything may have
--              changed
--
-- The triggers are statement triggers reading the statement's transition
-- tables, so a statement of any size sends a handful of notifications,
-- and PostgreSQL folds the same payload sent twice in a transaction into
-- one. They run as the tables' owner (a span's set may be one the writer
-- cannot see: a reviewer writing gold) with the search path fixed, as
-- the functions of schema 2 do.

CREATE FUNCTION inkspan_notify_many(n bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	IF n > 200 THEN
		PERFORM pg_notify('inkspan_changes', '*');
		RETURN true;
	END IF;
	RETURN false;
END $$;

CREATE FUNCTION inkspan_notify_sets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'd ' || document_id AS p FROM old_rows) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 's ' || document_id || ' ' || id AS p FROM new_rows) x;
	END IF;
	RETURN NULL;
END $$;

-- Spans (and suggestions, which have no set) name the set they belong to;
-- a set removed with them was named by its own trigger.
CREATE FUNCTION inkspan_notify_spans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 's ' || a.document_id || ' ' || a.id AS p
				FROM old_rows r JOIN annotation_sets a ON a.id = r.set_id) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 's ' || a.document_id || ' ' || a.id AS p
			FROM new_rows r JOIN annotation_sets a ON a.id = r.set_id) x;
	END IF;
	RETURN NULL;
END $$;

CREATE FUNCTION inkspan_notify_suggestions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 's ' || a.document_id || ' ' || a.id AS p
				FROM old_rows r JOIN annotation_sets a ON a.document_id = r.document_id AND a.annotator_id = r.annotator_id) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 's ' || a.document_id || ' ' || a.id AS p
			FROM new_rows r JOIN annotation_sets a ON a.document_id = r.document_id AND a.annotator_id = r.annotator_id) x;
	END IF;
	RETURN NULL;
END $$;

-- Rows keyed by their document: reviews, rejections.
CREATE FUNCTION inkspan_notify_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'd ' || document_id AS p FROM old_rows) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'd ' || document_id AS p FROM new_rows) x;
	END IF;
	RETURN NULL;
END $$;

CREATE FUNCTION inkspan_notify_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'g ' || document_id AS p FROM old_rows) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'g ' || document_id AS p FROM new_rows) x;
	END IF;
	RETURN NULL;
END $$;

-- The documents themselves: their id is the document's.
CREATE FUNCTION inkspan_notify_document_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF NOT inkspan_notify_many((SELECT count(*) FROM old_rows)) THEN
			PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'd ' || id AS p FROM old_rows) x;
		END IF;
	ELSIF NOT inkspan_notify_many((SELECT count(*) FROM new_rows)) THEN
		PERFORM pg_notify('inkspan_changes', p) FROM (SELECT DISTINCT 'd ' || id AS p FROM new_rows) x;
	END IF;
	RETURN NULL;
END $$;

DO $$
DECLARE
	path text := format('pg_catalog, %I, pg_temp', current_schema());
	t record;
	op text;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('annotation_sets', 'inkspan_notify_sets'),
		('spans', 'inkspan_notify_spans'),
		('suggestions', 'inkspan_notify_suggestions'),
		('reviews', 'inkspan_notify_documents'),
		('review_rejections', 'inkspan_notify_documents'),
		('assignments', 'inkspan_notify_assignments'),
		('documents', 'inkspan_notify_document_rows')) AS v(tbl, fn)
	LOOP
		FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
			EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS %s FOR EACH STATEMENT EXECUTE FUNCTION %I()',
				t.tbl || '_notify_' || lower(op), op, t.tbl,
				CASE op WHEN 'DELETE' THEN 'OLD' ELSE 'NEW' END,
				CASE op WHEN 'DELETE' THEN 'old_rows' ELSE 'new_rows' END,
				t.fn);
		END LOOP;
	END LOOP;
	EXECUTE format('ALTER FUNCTION inkspan_notify_many(bigint) SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_sets() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_spans() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_suggestions() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_documents() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_assignments() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_notify_document_rows() SECURITY DEFINER SET search_path = %s', path);
END $$;

-- Dynamic assignment, as the window asks for it (TakeNext): how many
-- annotators take each document and for how long a lease lasts. Off
-- (0) until a manager sets it (inkspan team assign --take K).
INSERT INTO settings (key, value) VALUES ('take_per_document', '0'), ('take_lease_minutes', '60') ON CONFLICT (key) DO NOTHING;
