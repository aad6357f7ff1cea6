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

CREATE TABLE assignments (
	document_id  bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	annotator_id bigint NOT NULL REFERENCES annotators(id) ON DELETE CASCADE,
	assigned_at  timestamptz NOT NULL,
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
END $$;
