-- Schema 5: review. A document's gold version is the annotation set of the
-- reserved annotator 'gold' (model.GoldAnnotator), whose status holds the
-- review status (todo, in_progress, done: unreviewed, in review,
-- reviewed). reviews records who last changed it and when.
CREATE TABLE reviews (
	document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	reviewer    TEXT NOT NULL,
	updated_at  INTEGER NOT NULL
);
