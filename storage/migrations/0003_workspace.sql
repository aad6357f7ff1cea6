-- Schema 3: what the annotation window remembers per annotator: the
-- document open when they last left, so the next session starts there.
ALTER TABLE annotators ADD COLUMN last_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL;
