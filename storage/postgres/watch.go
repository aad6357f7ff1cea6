package postgres

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// Live changes (app.Watcher): the triggers of schema 3 notify the channel
// changesChannel with internal IDs when a transaction that changed what a
// window shows commits; Changes listens on a connection of its own (a
// LISTEN holds its session, so it cannot be a pooled one) and turns the
// IDs into documents and annotators by asking the pool, as the connected
// role: what the role may not read is dropped there, so an annotator
// learns of no set they may not see.

const changesChannel = "inkspan_changes"

// Timing of the listener, variables so that tests can shorten them.
var (
	// changesGather is how long the listener gathers notifications after
	// the first of a burst before resolving them together: a window that
	// applies a change re-reads, and a run of edits is re-read once.
	changesGather = 50 * time.Millisecond
	// changesRetry is the first wait before connecting again after the
	// listening connection failed; it doubles up to changesRetryMax.
	changesRetry    = 200 * time.Millisecond
	changesRetryMax = 10 * time.Second
)

// ownConns records the backend process IDs of the pool's connections, so
// that the listener leaves out the changes this store made itself.
type ownConns struct {
	mu   sync.Mutex
	pids map[uint32]bool
}

func (o *ownConns) add(pid uint32) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.pids == nil {
		o.pids = map[uint32]bool{}
	}
	o.pids[pid] = true
}

func (o *ownConns) remove(pid uint32) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.pids, pid)
}

func (o *ownConns) has(pid uint32) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.pids[pid]
}

// Changes delivers the changes other connections make to the project
// (app.Watcher) until ctx ends, then closes the channel.
// It returns once it listens (or its first try to connect failed, which
// is tried again in the background), so that every change committed
// after it returns is heard.
func (db *DB) Changes(ctx context.Context) <-chan app.Change {
	out := make(chan app.Change, 64)
	conn, err := db.connectListener(ctx)
	if err != nil {
		conn = nil
	}
	go db.listen(ctx, conn, out)
	return out
}

// connectListener opens a connection of its own (with the pool's
// settings) that listens on changesChannel.
func (db *DB) connectListener(ctx context.Context) (*pgx.Conn, error) {
	cfg := db.pool.Config().ConnConfig.Copy()
	// Waiting for a notification runs no statement, so the pool's cancel
	// request would end nothing (and its deadline come 5 s later): a
	// wait whose context ends stops at once by the connection's deadline.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return conn, nil
}

// notice is one notification's payload, parsed.
type notice struct {
	all        bool  // "*": anything may have changed
	document   int64 // the document's internal id
	set        int64 // the annotation set's, 0 for a change of the document's own rows
	assignment bool  // "g": the document's assignments changed
}

func parseNotice(payload string) (notice, bool) {
	if payload == "*" {
		return notice{all: true}, true
	}
	f := strings.Fields(payload)
	if len(f) < 2 || (f[0] == "s") != (len(f) == 3) || (f[0] != "s" && f[0] != "d" && f[0] != "g") {
		return notice{}, false
	}
	n := notice{assignment: f[0] == "g"}
	var err error
	if n.document, err = strconv.ParseInt(f[1], 10, 64); err != nil {
		return notice{}, false
	}
	if f[0] == "s" {
		if n.set, err = strconv.ParseInt(f[2], 10, 64); err != nil {
			return notice{}, false
		}
	}
	return n, true
}

// sender delivers changes without ever blocking the listener: when the
// receiver falls behind, the changes it could not take become one
// Change{} (anything), delivered with the next change there is room for.
type sender struct {
	out    chan app.Change
	missed bool
}

func (s *sender) send(c app.Change) {
	if s.missed {
		select {
		case s.out <- app.Change{}:
			s.missed = false
		default:
			return
		}
	}
	select {
	case s.out <- c:
	default:
		s.missed = true
	}
}

// listen runs the listening connection conn (nil when the first try
// failed), connecting again after a failure.
func (db *DB) listen(ctx context.Context, conn *pgx.Conn, out chan app.Change) {
	defer close(out)
	s := &sender{out: out}
	wait := changesRetry
	lost := false // a connection was lost: changes may have been missed
	for ctx.Err() == nil {
		var err error
		if conn == nil {
			conn, err = db.connectListener(ctx)
		}
		if err == nil {
			if lost {
				// Notifications sent while the connection was down
				// are lost: anything may have changed.
				s.send(app.Change{})
			}
			wait = changesRetry
			// The listener says nothing of the failure: the window's
			// writes report a lost server.
			db.receive(ctx, conn, s)
			conn.Close(context.WithoutCancel(ctx))
			conn, lost = nil, true
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, changesRetryMax)
	}
	if conn != nil {
		conn.Close(context.WithoutCancel(ctx))
	}
}

// receive waits for notifications on conn and delivers them, a burst at
// a time, until conn fails or ctx ends.
func (db *DB) receive(ctx context.Context, conn *pgx.Conn, s *sender) error {
	queue, err := db.queueMark(ctx)
	if err != nil {
		queue = "" // not known: the first change of assignments is not told
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		batch := []notice{}
		add := func(payload string, pid uint32) {
			if db.own.has(pid) {
				return
			}
			if p, ok := parseNotice(payload); ok {
				batch = append(batch, p)
			}
		}
		add(n.Payload, n.PID)
		gather, cancel := context.WithTimeout(ctx, changesGather)
		for {
			n, err := conn.WaitForNotification(gather)
			if err != nil {
				break
			}
			add(n.Payload, n.PID)
		}
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if len(batch) == 0 {
			continue
		}
		changes, err := db.resolve(ctx, batch, &queue)
		if err != nil {
			// The pool could not say what changed: say anything did.
			changes = []app.Change{{}}
		}
		for _, c := range changes {
			s.send(c)
		}
	}
}

// resolve turns notices into changes by reading, as the connected role,
// which documents and sets they name: a set or document the role may not
// read is left out (row-level security hides it from the query). queue
// is the mark of the assignments the role read last (queueMark; "" not
// known).
func (db *DB) resolve(ctx context.Context, batch []notice, queue *string) ([]app.Change, error) {
	var sets, docs []int64
	assignments := false
	for _, n := range batch {
		if n.all {
			return []app.Change{{}}, nil
		}
		switch {
		case n.set != 0:
			sets = append(sets, n.set)
		case n.assignment:
			assignments = true
		default:
			docs = append(docs, n.document)
		}
	}
	var changes []app.Change
	seen := map[app.Change]bool{}
	collect := func(sql string, ids []int64, withAnnotator bool) error {
		if len(ids) == 0 {
			return nil
		}
		rows, err := db.pool.Query(ctx, sql, ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c app.Change
			if withAnnotator {
				err = rows.Scan(&c.DocumentID, &c.Annotator)
			} else {
				err = rows.Scan(&c.DocumentID)
			}
			if err != nil {
				return err
			}
			if !seen[c] {
				seen[c] = true
				changes = append(changes, c)
			}
		}
		return rows.Err()
	}
	if err := collect(`SELECT d.uuid, n.name FROM annotation_sets a JOIN documents d ON d.id = a.document_id
		JOIN annotators n ON n.id = a.annotator_id WHERE a.id = ANY($1) ORDER BY d.id, n.name`, sets, true); err != nil {
		return nil, db.wrap("read the changes of", err)
	}
	if err := collect(`SELECT uuid FROM documents WHERE id = ANY($1) ORDER BY id`, docs, false); err != nil {
		return nil, db.wrap("read the changes of", err)
	}
	if assignments {
		// Assignments are told by no name: the role's list changed when
		// the assignments it may read (an annotator's own, everyone's for
		// a reviewer) are not those it read last, so an annotator learns
		// nothing of who else was given what.
		mark, err := db.queueMark(ctx)
		if err != nil {
			return nil, db.wrap("read the changes of", err)
		}
		if *queue != "" && mark != *queue {
			changes = append(changes, app.Change{})
		}
		*queue = mark
	}
	return changes, nil
}

// queueMark sums up the assignments the connected role may read (an
// annotator's own): it changes when one of them is added or removed.
func (db *DB) queueMark(ctx context.Context) (string, error) {
	var mark string
	err := db.pool.QueryRow(ctx, `SELECT count(*) || ' ' || coalesce(sum(document_id), 0) || ' ' || coalesce(sum(annotator_id), 0)
		|| ' ' || coalesce(sum(document_id * annotator_id), 0) FROM assignments`).Scan(&mark)
	return mark, err
}

// TakeNext gives the connected annotator a further document when the
// project hands documents out as annotators ask (app.Taker): the
// settings take_per_document (K, 0 for off) and take_lease_minutes, set
// by SetTaking, are TakeDocument's. "" when taking is off, the connected
// user is not an annotator of the team, or every document has its K
// annotators.
func (db *DB) TakeNext(ctx context.Context) (string, error) {
	per, lease, err := db.Taking(ctx)
	if err != nil || per == 0 {
		return "", err
	}
	id, err := db.TakeDocument(ctx, per, lease)
	if model.ErrorCode(err) == model.EFORBIDDEN {
		return "", nil // a reviewer, a manager, the owner: they take nothing
	}
	return id, err
}

// Taking returns how documents are handed out as annotators ask: to K
// annotators each (0: they are not, only as assigned), on a lease of the
// given length.
func (db *DB) Taking(ctx context.Context) (perDocument int, lease time.Duration, err error) {
	rows, err := db.pool.Query(ctx, "SELECT key, value FROM settings WHERE key IN ('take_per_document', 'take_lease_minutes')")
	if err != nil {
		return 0, 0, db.wrap("read", err)
	}
	values, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Key, Value string }])
	if err != nil {
		return 0, 0, db.wrap("read", err)
	}
	lease = time.Hour
	for _, v := range values {
		n, convErr := strconv.Atoi(v.Value)
		if convErr != nil || n < 0 {
			return 0, 0, model.Errorf(model.EINVALID, "the team project's setting %s is %q, not a whole number", v.Key, v.Value)
		}
		switch v.Key {
		case "take_per_document":
			perDocument = n
		case "take_lease_minutes":
			if n > 0 {
				lease = time.Duration(n) * time.Minute
			}
		}
	}
	return perDocument, lease, nil
}

// SetTaking makes annotators take documents as they ask, each document
// going to perDocument of them on a lease (rounded up to whole minutes);
// perDocument 0 turns it off. EINVALID for a negative count or a lease
// of nothing, EFORBIDDEN for a role that is not a manager.
func (db *DB) SetTaking(ctx context.Context, perDocument int, lease time.Duration) error {
	if perDocument < 0 || (perDocument > 0 && lease <= 0) {
		return model.Errorf(model.EINVALID, "a document goes to a number of annotators (0 for none), for a lease longer than nothing")
	}
	minutes := int((lease + time.Minute - 1) / time.Minute)
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		for k, v := range map[string]int{"take_per_document": perDocument, "take_lease_minutes": max(minutes, 1)} {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, strconv.Itoa(v)); err != nil {
				return err
			}
		}
		return nil
	})
	return db.wrap("change the settings of", err)
}

var (
	_ app.Watcher = (*DB)(nil)
	_ app.Taker   = (*DB)(nil)
)

// Person is the connected login role's name when it is a person of the
// team (app.Identified): the name row-level security knows them by. ""
// for a role in none of the project's groups (the owner who made it).
func (db *DB) Person(ctx context.Context) (string, error) {
	var name string
	if err := db.pool.QueryRow(ctx, "SELECT current_user").Scan(&name); err != nil {
		return "", db.wrap("read", err)
	}
	role, err := db.memberRole(ctx, db.pool, name)
	if err != nil || role == "" {
		return "", db.wrap("read", err)
	}
	return name, nil
}

var _ app.Identified = (*DB)(nil)
