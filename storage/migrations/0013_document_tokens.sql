-- Schema 13: the tokens a document came with (issue 14).
--
-- A document imported from a format that carries tokens (CoNLL, Hugging
-- Face, Prodigy's "tokens") keeps them, so that token exports write the
-- source's tokens and sentences back. One row per document holds them all
-- in a compact encoding (storage/tokens.go): a document has thousands of
-- tokens, always read and written together, and a row per token would make
-- an import many times slower and the file many times larger.

CREATE TABLE document_tokens (
	document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
	count       INTEGER NOT NULL CHECK (count > 0),
	data        BLOB NOT NULL
);
