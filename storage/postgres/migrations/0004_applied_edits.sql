-- Schema 3: the edits a window has applied, by the ID it gave each
-- (app.EditLedger). A window that loses its connection while committing
-- cannot know whether the commit happened; it sends the edit again under
-- the same ID, and the store, finding the ID here, applies it no second
-- time. The row is written in the edit's own transaction, so it exists
-- exactly when the edit does.
--
-- The IDs are random (UUIDs a client draws) and say nothing about the
-- edit or who made it, so every team role may read and add them without
-- row-level security; nobody but the manager deletes them.
CREATE TABLE applied_edits (
	id         uuid PRIMARY KEY,
	applied_at timestamptz NOT NULL
);
