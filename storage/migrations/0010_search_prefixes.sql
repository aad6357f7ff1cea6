-- Schema 10: the search index keeps prefix indexes of two and three
-- characters. The search box matches the last word typed as a prefix, and
-- without these SQLite merges the document lists of every indexed word
-- with that prefix before it yields the first match: "co" took 208 ms on a
-- million documents of ordinary vocabulary, 0.8 ms with them. Longer
-- prefixes match few enough words to merge quickly.
--
-- The index is rebuilt from the documents the way it was built: it starts
-- empty and storage catches up from search_indexed_through, in batches.
DROP TABLE documents_fts;

CREATE VIRTUAL TABLE documents_fts USING fts5(
	title, text,
	content = 'documents', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

UPDATE settings SET value = '0' WHERE key = 'search_indexed_through';
