package storage

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the statements of write transactions prepared on the
// write connection from one transaction to the next. modernc parses SQL
// in Go, and parsing was a large part of a write: a label key's
// statements, or the multi-row statements of a step of 200 spans, were
// parsed again in every transaction.
//
// The pool has one write connection, which a transaction holds, so a
// statement cannot join the cache while the transaction that first needs
// it runs: that transaction prepares its own copy and notes the statement
// (note), and the next write prepares it on the pool before it begins
// (warm), when it waits for the connection anyway. No goroutine is left
// behind to hold the file open after Close.
//
// The set of statements is small and fixed (the edit operations, and the
// bulk ones in a few sizes, see chunked), so the cache is never trimmed;
// the connection finalizes them when the project closes, and SQLite
// prepares them again by itself after a migration changes the schema.
type stmtCache struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending []string
}

// get returns the statement prepared for query, or nil.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// note asks for queries to be prepared before the next write.
func (c *stmtCache) note(queries []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending = append(c.pending, queries...)
}

// warm prepares on pool what note asked for. It is only an optimization:
// a statement that fails to prepare (the context ended, the project is
// closing) is left to each transaction, which will ask again.
func (c *stmtCache) warm(ctx context.Context, pool *sql.DB) {
	c.mu.Lock()
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	for _, q := range pending {
		if c.get(q) != nil {
			continue
		}
		st, err := pool.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.m == nil {
			c.m = map[string]*sql.Stmt{}
		}
		if _, ok := c.m[q]; ok {
			st.Close() // another writer warmed it meanwhile
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}
