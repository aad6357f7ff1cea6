-- The grants and row-level security policies of a team project, installed
-- by EnableTeam (`inkspan team init`) in one transaction, after every old
-- policy of the schema is dropped, so that running it again brings a
-- project to this file's rules. {{annotator}}, {{reviewer}} and
-- {{manager}} are the project's three group roles (roles are cluster-wide:
-- their names carry the database's). A person's login role is a member of
-- one of them, and is named as their annotator: inkspan_me() finds them by
-- current_user.
--
-- Grants say which tables a role may touch at all (labels and settings:
-- only the manager writes them, so an annotator's change of a label is
-- "permission denied"); policies say which rows (an annotator's spans are
-- rows of their own sets; another's are invisible, and a row written into
-- another's set "violates row-level security policy"). The owner of the
-- tables (who ran init) is not subject to either.
--
-- The policies are written as subqueries without references to the row
-- ((SELECT inkspan_me()), id IN (SELECT ...)): PostgreSQL computes those
-- once a statement, where a function of the row would run once a row
-- checked (an annotator's list of 100,000 documents).

REVOKE ALL ON ALL TABLES IN SCHEMA {{schema}} FROM PUBLIC;
-- Nobody but the manager makes tables: a table of one's own (a temporary
-- one comes first in the search path) must not stand in for the
-- project's in what a query reads.
REVOKE CREATE ON SCHEMA {{schema}} FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE {{database}} FROM PUBLIC;
GRANT TEMPORARY ON DATABASE {{database}} TO {{manager}};
GRANT USAGE ON SCHEMA {{schema}} TO {{annotator}}, {{reviewer}}, {{manager}};

GRANT SELECT ON inkspan_schema, settings, labels, relation_labels, annotators, documents, document_tokens,
	reviews, review_rejections, disagreement, assignments TO {{annotator}}, {{reviewer}};
GRANT SELECT, INSERT, UPDATE, DELETE ON annotation_sets, spans, relations, suggestions TO {{annotator}}, {{reviewer}};
GRANT INSERT, UPDATE ON annotators TO {{annotator}}, {{reviewer}};
-- Every role that edits records its edits' IDs (migration 3), so a resent
-- edit applies once.
GRANT SELECT, INSERT ON applied_edits TO {{annotator}}, {{reviewer}};
GRANT INSERT, UPDATE, DELETE ON reviews, review_rejections, disagreement TO {{reviewer}};
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON ALL TABLES IN SCHEMA {{schema}} TO {{manager}};
GRANT EXECUTE ON FUNCTION inkspan_take(integer, interval) TO {{annotator}};

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE annotators ENABLE ROW LEVEL SECURITY;
ALTER TABLE annotation_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
ALTER TABLE relations ENABLE ROW LEVEL SECURITY;
ALTER TABLE suggestions ENABLE ROW LEVEL SECURITY;
ALTER TABLE reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_rejections ENABLE ROW LEVEL SECURITY;
ALTER TABLE disagreement ENABLE ROW LEVEL SECURITY;
ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;

-- The manager does everything, on every row.
CREATE POLICY manager ON documents TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON document_tokens TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON annotators TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON annotation_sets TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON spans TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON relations TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON suggestions TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON reviews TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON review_rejections TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON disagreement TO {{manager}} USING (true) WITH CHECK (true);
CREATE POLICY manager ON assignments TO {{manager}} USING (true) WITH CHECK (true);

-- A reviewer reads everything, and writes their own sets, gold's and the
-- review rows.
CREATE POLICY reviewer_read ON documents FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_read ON document_tokens FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_read ON annotators FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_add ON annotators FOR INSERT TO {{reviewer}} WITH CHECK (name IN (current_user, 'gold'));
CREATE POLICY reviewer_change ON annotators FOR UPDATE TO {{reviewer}}
	USING (name IN (current_user, 'gold')) WITH CHECK (name IN (current_user, 'gold'));
CREATE POLICY reviewer_read ON annotation_sets FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_write ON annotation_sets TO {{reviewer}}
	USING (annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold()))) WITH CHECK (annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold())));
CREATE POLICY reviewer_read ON spans FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_write ON spans TO {{reviewer}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold())))) WITH CHECK (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold()))));
CREATE POLICY reviewer_read ON relations FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_write ON relations TO {{reviewer}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold())))) WITH CHECK (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold()))));
CREATE POLICY reviewer_read ON suggestions FOR SELECT TO {{reviewer}} USING (true);
CREATE POLICY reviewer_write ON suggestions TO {{reviewer}}
	USING (annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold()))) WITH CHECK (annotator_id IN ((SELECT inkspan_me()), (SELECT inkspan_gold())));
CREATE POLICY reviewer ON reviews TO {{reviewer}} USING (true) WITH CHECK (true);
CREATE POLICY reviewer ON review_rejections TO {{reviewer}} USING (true) WITH CHECK (true);
CREATE POLICY reviewer ON disagreement TO {{reviewer}} USING (true) WITH CHECK (true);
CREATE POLICY reviewer_read ON assignments FOR SELECT TO {{reviewer}} USING (true);

-- An annotator reads the documents assigned to them and writes only
-- their own sets on those documents; they read others' sets on their
-- documents only when the project lets them (inkspan_see_others).
CREATE POLICY annotator_read ON documents FOR SELECT TO {{annotator}} USING (id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON document_tokens FOR SELECT TO {{annotator}} USING (document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON annotators FOR SELECT TO {{annotator}} USING (true);
CREATE POLICY annotator_add ON annotators FOR INSERT TO {{annotator}} WITH CHECK (name = current_user);
CREATE POLICY annotator_change ON annotators FOR UPDATE TO {{annotator}} USING (name = current_user) WITH CHECK (name = current_user);
CREATE POLICY annotator_own ON annotation_sets TO {{annotator}}
	USING (annotator_id = (SELECT inkspan_me())) WITH CHECK (annotator_id = (SELECT inkspan_me()) AND document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_others ON annotation_sets FOR SELECT TO {{annotator}}
	USING ((SELECT inkspan_see_others()) AND document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
-- A span or relation is visible when its set is (the subquery is under
-- annotation_sets' policies) and writable when its set is the caller's.
CREATE POLICY annotator_read ON spans FOR SELECT TO {{annotator}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s));
CREATE POLICY annotator_own ON spans TO {{annotator}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id = (SELECT inkspan_me()))) WITH CHECK (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON relations FOR SELECT TO {{annotator}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s));
CREATE POLICY annotator_own ON relations TO {{annotator}}
	USING (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id = (SELECT inkspan_me()))) WITH CHECK (set_id IN (SELECT s.id FROM annotation_sets s WHERE s.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_own ON suggestions TO {{annotator}}
	USING (annotator_id = (SELECT inkspan_me())) WITH CHECK (annotator_id = (SELECT inkspan_me()) AND document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON reviews FOR SELECT TO {{annotator}} USING (document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON review_rejections FOR SELECT TO {{annotator}} USING (document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON disagreement FOR SELECT TO {{annotator}} USING (document_id IN (SELECT g.document_id FROM assignments g WHERE g.annotator_id = (SELECT inkspan_me())));
CREATE POLICY annotator_read ON assignments FOR SELECT TO {{annotator}} USING (annotator_id = (SELECT inkspan_me()));
