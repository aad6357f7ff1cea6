-- Schema 14: a span's attributes (issue 14).
--
-- A span may carry attributes besides its label (model.Attribute: brat's A
-- and M lines, Label Studio's choices and text areas, a kb_id). Most spans
-- carry none, so they are one nullable column of spans, NULL for none, not
-- a table of their own: a span without attributes costs what it cost
-- before (a NULL is a byte of the row's header), a span is read with its
-- attributes by the same row, and deleting spans cascades to no further
-- table. The value is a JSON array in the canonical order, one element an
-- attribute: ["name"] for a flag, ["name", "value"] for a value chosen,
-- ["name", "value", "text"] for one typed freely (storage/attributes.go).
-- JSON lets SQLite's json_each count them (stats) and is what a
-- PostgreSQL store would keep in a jsonb column of its own spans table.
--
-- Adding a nullable column rewrites no row: the migration is instant on a
-- project of any size.

ALTER TABLE spans ADD COLUMN attributes TEXT
	CHECK (attributes IS NULL OR (json_valid(attributes) AND json_type(attributes) = 'array' AND json_array_length(attributes) > 0));
