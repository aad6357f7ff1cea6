-- Schema 2: full-text search over documents for the document list's search
-- box. External content: the text is stored once, in documents, and the
-- index holds only terms. unicode61 with remove_diacritics 2 lets "Erdogan"
-- find "Erdoğan".
--
-- Documents are indexed after they are added, not by a trigger: indexing
-- doubled the time of a large import. Texts never change, so the index only
-- has to know how far it got: settings.search_indexed_through holds the
-- highest document id indexed, and storage catches up from there.
CREATE VIRTUAL TABLE documents_fts USING fts5(
	title, text,
	content = 'documents', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO settings (key, value) VALUES ('search_indexed_through', '0')
	ON CONFLICT (key) DO NOTHING;

-- A deleted document leaves the index too, if it had been indexed: an
-- external-content index must be told exactly what it holds.
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search_indexed_through')
BEGIN
	INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
