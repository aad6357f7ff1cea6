package storage

import "context"

// OpenAtSchema opens (creating it if need be) the project at path with its
// schema brought up to version and no further, as an Inkspan of that
// version would leave it. Only the raw file is then of use: the code of
// this package expects the latest schema.
func OpenAtSchema(ctx context.Context, path string, version int) (*DB, error) {
	return Open(ctx, path, OpenOptions{Create: true, schema: version})
}
