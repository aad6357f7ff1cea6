-- Schema 5: a search index (search_index.go). search_words holds a
-- document's words as the search compares them (lower case, without
-- accents, split at anything but letters, digits and marks), computed by
-- Inkspan, which folds text with Go's Unicode tables as the project
-- file's search does: a tsvector of those words only, no parser and no
-- dictionary, so that a search's words and prefix find exactly the
-- documents the project file's rule finds. NULL for a document whose
-- words do not fit in a tsvector; the search reads those texts, found by
-- the partial index. The migration's step fills the column for the
-- documents there already.

ALTER TABLE documents ADD COLUMN search_words tsvector;
CREATE INDEX documents_search_words ON documents USING gin (search_words);
CREATE INDEX documents_unindexed ON documents (id) WHERE search_words IS NULL;
