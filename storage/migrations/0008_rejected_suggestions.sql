-- Schema 8: a rejected suggestion is remembered rather than deleted, so
-- that running suggest again does not offer the annotator what they have
-- already turned down. Undoing the rejection clears the mark.
ALTER TABLE suggestions ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
