package storage

import "time"

// SetClock lets tests fix the time the project records.
func SetClock(db *DB, now func() time.Time) { db.now = now }
