package storage

import "github.com/inkspan/inkspan/model"

// The statuses as SQL string literals, spelled from model's names, for the
// few queries that write a status into their text instead of binding it:
// the document list's and the counts', whose text (and so SQLite's plan)
// the list and search benchmarks were measured on, and a query written
// once as a constant. Everywhere else a status is a bound model.Status.
const (
	sqlTodo       = "'" + string(model.StatusTodo) + "'"
	sqlInProgress = "'" + string(model.StatusInProgress) + "'"
	sqlDone       = "'" + string(model.StatusDone) + "'"
	sqlSkipped    = "'" + string(model.StatusSkipped) + "'"
)
