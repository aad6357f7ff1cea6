-- Schema 2: what a team needs besides the project (issue 15).
--
-- * assignments: which documents an annotator is given. An annotator's
--   queue ("next unfinished") is their assigned documents, and the
--   row-level security policies that `inkspan team init` installs let an
--   annotator read only these documents and write annotation sets only on
--   them.
-- * The functions below are what those policies ask: who the connected
--   annotator is (the annotator named as the PostgreSQL role, current_user),
--   whether a document is assigned to them, whether a set is theirs, and
--   whether the project lets annotators see each other's work. They run as
--   the caller (not SECURITY DEFINER), so each query inside them is itself
--   under the caller's policies: nothing here widens what a role sees.
--
-- A project that never becomes a team project has the table empty and
-- no policies: the owner of the tables, who runs it alone, is not subject
-- to row-level security.

-- leased marks an assignment an annotator took for themselves
-- (inkspan_take): it returns to the pool when its set is neither
-- finished nor worked on for the lease's time. Assignments a manager
-- made stand until removed.
CREATE TABLE assignments (
	document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id bigint NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	assigned_at  timestamptz NOT NULL,
	leased       boolean NOT NULL DEFAULT false,
	PRIMARY KEY (annotator_id, document_id)
);
CREATE INDEX assignments_document ON assignments (document_id);

-- Off by default: an annotator's work is their own until the manager
-- decides otherwise (`inkspan team init --annotators-see-others`, or
-- this row set to '1').
INSERT INTO settings (key, value) VALUES ('annotators_see_others', '0') ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION inkspan_me() RETURNS bigint LANGUAGE sql STABLE AS $$
	SELECT id FROM annotators WHERE name = current_user
$$;

CREATE FUNCTION inkspan_gold() RETURNS bigint LANGUAGE sql STABLE AS $$
	SELECT id FROM annotators WHERE name = 'gold'
$$;

CREATE FUNCTION inkspan_assigned(doc bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM assignments WHERE document_id = doc AND annotator_id = inkspan_me())
$$;

CREATE FUNCTION inkspan_see_others() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT value = '1' FROM settings WHERE key = 'annotators_see_others'), false)
$$;

-- A set the caller may write: their own, and for a reviewer (writers
-- given), gold's.
CREATE FUNCTION inkspan_set_of(set_id bigint, writers bigint[]) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM annotation_sets WHERE id = set_id AND annotator_id = ANY (writers))
$$;

-- inkspan_take hands the connected annotator (session_user, the login
-- role) a document: the unfinished one they hold already, its lease
-- renewed, or else the first in project order that fewer than
-- per_document annotators hold, after returning to the pool the leases
-- neither finished nor worked on for lease. Takers queue on the
-- project's write lock (writeLock in db.go), so two never both take a
-- document's last place. It runs as the tables' owner, since an
-- annotator may neither see nor write others' assignments; only the
-- annotator role may run it (team_policies.sql). NULL when every
-- document has its annotators.
CREATE FUNCTION inkspan_take(per_document integer, lease interval) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
	me  bigint;
	doc bigint;
BEGIN
	PERFORM pg_advisory_xact_lock(x'696e6b7370616e57'::bigint); -- writeLock, "inkspanW"
	SELECT id INTO me FROM annotators WHERE name = session_user;
	IF me IS NULL THEN
		RAISE EXCEPTION '% is not an annotator of this project', session_user USING ERRCODE = 'insufficient_privilege';
	END IF;
	DELETE FROM assignments g WHERE g.leased AND NOT EXISTS (
		SELECT 1 FROM annotation_sets s WHERE s.document_id = g.document_id AND s.annotator_id = g.annotator_id
			AND (s.status IN ('done', 'skipped') OR s.updated_at >= now() - lease))
		AND g.assigned_at < now() - lease;
	SELECT g.document_id INTO doc FROM assignments g
		LEFT JOIN annotation_sets s ON s.document_id = g.document_id AND s.annotator_id = g.annotator_id
		WHERE g.annotator_id = me AND g.leased AND coalesce(s.status, 'todo') IN ('todo', 'in_progress')
		ORDER BY g.document_id LIMIT 1;
	IF doc IS NOT NULL THEN
		UPDATE assignments SET assigned_at = now() WHERE annotator_id = me AND document_id = doc;
	ELSE
		SELECT d.id INTO doc FROM documents d
			WHERE NOT EXISTS (SELECT 1 FROM assignments g WHERE g.document_id = d.id AND g.annotator_id = me)
				AND (SELECT count(*) FROM assignments g WHERE g.document_id = d.id) < per_document
			ORDER BY d.id LIMIT 1;
		IF doc IS NULL THEN
			RETURN NULL;
		END IF;
		INSERT INTO assignments (document_id, annotator_id, assigned_at, leased) VALUES (doc, me, now(), true);
	END IF;
	RETURN (SELECT uuid FROM documents WHERE id = doc);
END $$;
REVOKE EXECUTE ON FUNCTION inkspan_take(integer, interval) FROM PUBLIC;

-- The triggers that keep a relation inside its annotation set look at
-- spans the writer may not see under row-level security (another's span
-- that a relation names by its id): they run as the tables' owner, who
-- sees every row.
--
-- A function's SQL finds its tables by the search path when it runs, and
-- a session's temporary tables come first in it: an annotator's temporary
-- "assignments" table would otherwise answer inkspan_assigned, and show
-- them every document. Every function here has its search path fixed to
-- the system catalog, the project's schema and temporary tables last.
DO $$
DECLARE
	path text := format('pg_catalog, %I, pg_temp', current_schema());
BEGIN
	EXECUTE format('ALTER FUNCTION relations_same_set() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION relations_symmetric() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION spans_keep_relations_in_set() SECURITY DEFINER SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION relation_labels_symmetric() SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_me() SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_gold() SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_assigned(bigint) SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_see_others() SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_set_of(bigint, bigint[]) SET search_path = %s', path);
	EXECUTE format('ALTER FUNCTION inkspan_take(integer, interval) SET search_path = %s', path);
END $$;
