package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/inkspan/inkspan/model"
)

// fileFacts is what Open learns about an existing file before SQLite
// touches it. Opening a file read-write in WAL mode changes it (a file in
// the older rollback mode is converted to WAL, -wal and -shm files appear
// beside it), and opening must not change a file it then refuses.
type fileFacts struct {
	empty   bool // zero bytes: nothing was ever written to it
	version int  // schema version; 0 for a new or foreign file
}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// inspectProjectFile checks the file at abs is an Inkspan project this
// build can open, reading it without changing it. name is the path as the
// user gave it, for messages.
func inspectProjectFile(ctx context.Context, abs, name string) (fileFacts, error) {
	var facts fileFacts
	f, err := os.Open(abs)
	if err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, err)
	}
	if info.Size() == 0 {
		facts.empty = true
		return facts, nil
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	if !strings.HasPrefix(string(header[:n]), sqliteMagic[:min(n, len(sqliteMagic))]) || n < len(sqliteMagic) {
		return facts, model.Errorf(model.EINVALID, "%s is not an Inkspan project (the file is not an SQLite database)", name)
	}
	if err != nil {
		return facts, truncatedError(name, info.Size(), "its header is cut off")
	}
	pageSize := int64(binary.BigEndian.Uint16(header[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(header[28:32]))
	// The page count in the header is valid only when the change counter
	// matches the "version valid for" number (both written together).
	countValid := binary.BigEndian.Uint32(header[24:28]) == binary.BigEndian.Uint32(header[92:96])

	walInfo, walErr := os.Stat(abs + "-wal")
	if walErr == nil && walInfo.Size() > 0 {
		// The WAL may hold pages the main file lacks, even its header: the
		// main file alone says too little. A file with a WAL is in WAL mode
		// already, so the normal open changes nothing it could refuse, and
		// setUp checks the schema.
		return facts, nil
	}
	if countValid && pages > 0 && info.Size() < pages*pageSize {
		return facts, truncatedError(name, info.Size(), fmt.Sprintf("its header says %d pages of %d bytes", pages, pageSize))
	}

	// Immutable: SQLite reads the main file only, creates no -wal or -shm
	// file and changes no journal mode.
	q := url.Values{}
	q.Add("mode", "ro")
	q.Add("immutable", "1")
	base, _, _ := strings.Cut(dsn(abs, true), "?")
	conn, err := sql.Open("sqlite", base+"?"+q.Encode())
	if err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&facts.version); err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, explainOpenError(err))
	}
	tables := map[string]bool{}
	rows, err := conn.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, explainOpenError(err))
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return facts, fmt.Errorf("open project %s: %w", name, explainOpenError(err))
		}
		tables[t] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return facts, fmt.Errorf("open project %s: %w", name, explainOpenError(err))
	}
	if facts.version == 0 && len(tables) > 0 || facts.version > 0 && !tables["settings"] {
		return facts, model.Errorf(model.EINVALID, "%s is an SQLite file but not an Inkspan project", name)
	}
	if latest := SchemaVersion(); facts.version > latest {
		return facts, model.Errorf(model.EINVALID,
			"%s was written by a newer Inkspan (schema version %d; this Inkspan knows up to %d): update Inkspan to open it",
			name, facts.version, latest)
	}
	if facts.version == 0 {
		return facts, nil
	}
	var pending string
	err = conn.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", walPendingKey).Scan(&pending)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return facts, fmt.Errorf("open project %s: %w", name, explainOpenError(err))
	}
	if pending == "1" {
		return facts, model.Errorf(model.EINVALID,
			"%[1]s was copied while Inkspan still had changes for it in %[1]s-wal, and that file is not beside it: this copy may lack the last changes. "+
				"Copy %[1]s-wal along with it, or open and close the original in Inkspan (or let its window sit idle a moment) and copy it again",
			name)
	}
	return facts, nil
}

func truncatedError(name string, size int64, why string) error {
	return model.Errorf(model.EINVALID,
		"%s is damaged: the file is cut short (%d bytes, but %s). Restore it from a backup or a colleague's copy", name, size, why)
}

// checkWritable refuses a project file Inkspan could not save to.
func checkWritable(abs, name string) error {
	f, err := os.OpenFile(abs, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return model.Errorf(model.EINVALID, "project %s is read-only: Inkspan saves every change at once and needs write access", name)
		}
		return fmt.Errorf("open project %s: %w", name, err)
	}
	return f.Close()
}

// explainFolder turns SQLite's "read-only" or "cannot open" for a file that
// is itself writable into the real cause: while a project is open, SQLite
// keeps NAME-wal and NAME-shm beside it, so its folder must be writable too.
// It probes the folder only after a failure, so a normal open leaves the
// folder untouched.
func explainFolder(err error, abs string) error {
	dir := filepath.Dir(abs)
	probe, perr := os.CreateTemp(dir, ".inkspan-probe-*")
	if perr == nil {
		probe.Close()
		os.Remove(probe.Name())
		return err
	}
	return model.Errorf(model.EINVALID,
		"the folder %s is read-only: while a project is open Inkspan keeps its -wal file beside it, so the folder must be writable (copy the project to a writable folder to work on it)", dir)
}
