package storage

import "time"

// nowFunc is the clock; tests replace DB.now to get stable timestamps.
type nowFunc = func() time.Time
