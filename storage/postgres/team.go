package postgres

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A team project's people are PostgreSQL login roles, each named as the
// annotator they are, and each a member of one of the project's three
// group roles, whose grants and row-level security policies
// (team_policies.sql) decide what they may read and write: the database
// refuses the rest, whatever program connects. Inkspan never stores a
// password: PostgreSQL keeps its own hash of it.

// The roles a team member has.
const (
	RoleAnnotator = "annotator"
	RoleReviewer  = "reviewer"
	RoleManager   = "manager"
)

// Roles are the team roles, from the least to the most allowed.
var Roles = []string{RoleAnnotator, RoleReviewer, RoleManager}

//go:embed team_policies.sql
var teamPolicies string

// GroupRole is the name of the project's group role for role. Roles are
// cluster-wide and a database is one project, so the name carries the
// database's: inkspan_DATABASE_ROLE, with a long database name cut and
// completed by a hash so that the name fits PostgreSQL's 63 bytes and two
// databases never share one.
func (db *DB) GroupRole(role string) string {
	base := db.name
	if len(base) > 40 {
		sum := sha256.Sum256([]byte(base))
		cut := base[:30]
		for !utf8.ValidString(cut) {
			cut = cut[:len(cut)-1]
		}
		base = fmt.Sprintf("%s_%x", cut, sum[:4])
	}
	return "inkspan_" + base + "_" + role
}

// checkRole refuses a role that is not one of Roles.
func checkRole(role string) error {
	if !slices.Contains(Roles, role) {
		return model.Errorf(model.EINVALID, "no team role %q: the roles are annotator, reviewer and manager", role)
	}
	return nil
}

// checkMemberName refuses a name that cannot be both an annotator and a
// login role: gold is the reviewed version's, and PostgreSQL reserves
// names starting with pg_.
func checkMemberName(name string) error {
	if err := model.ValidateAnnotatorName(name); err != nil {
		return err
	}
	if name == model.GoldAnnotator {
		return model.Errorf(model.EINVALID, "%q is the name of the reviewed (gold) version, not a person's", name)
	}
	if strings.HasPrefix(name, "pg_") || len(name) > 63 || strings.ContainsRune(name, 0) {
		return model.Errorf(model.EINVALID, "%q cannot be a PostgreSQL role: at most 63 bytes, not starting with pg_", name)
	}
	return nil
}

// EnableTeam makes the project a team project: the three group roles (if
// missing), their grants and policies, the setting that lets annotators
// see each other's work, and manager, a login role (made if missing, with
// password when not empty) in the manager group, able to add people.
// Running it again brings grants and policies to this Inkspan's rules.
// It must be run by the owner of the project's tables (who created it)
// with the right to create roles. EINVALID for a bad name, EFORBIDDEN
// when the connected role may not do it.
func (db *DB) EnableTeam(ctx context.Context, manager, password string, seeOthers bool) error {
	if err := checkMemberName(manager); err != nil {
		return err
	}
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writeLock); err != nil {
			return err
		}
		for _, role := range Roles {
			if err := ensureRole(ctx, tx, db.GroupRole(role), "NOLOGIN", ""); err != nil {
				return err
			}
		}
		old, err := pgx.CollectRows(mustQuery(ctx, tx, `SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema()`),
			pgx.RowToStructByPos[struct{ Policy, Table string }])
		if err != nil {
			return err
		}
		for _, p := range old {
			if _, err := tx.Exec(ctx, "DROP POLICY "+ident(p.Policy)+" ON "+ident(p.Table)); err != nil {
				return err
			}
		}
		var schema, database string
		if err := tx.QueryRow(ctx, "SELECT current_schema(), current_database()").Scan(&schema, &database); err != nil {
			return err
		}
		sql := strings.NewReplacer(
			"{{schema}}", ident(schema),
			"{{database}}", ident(database),
			"{{annotator}}", ident(db.GroupRole(RoleAnnotator)),
			"{{reviewer}}", ident(db.GroupRole(RoleReviewer)),
			"{{manager}}", ident(db.GroupRole(RoleManager)),
		).Replace(teamPolicies)
		if _, err := tx.Exec(ctx, sql); err != nil {
			return fmt.Errorf("installing the team's grants and policies: %w", err)
		}
		see := "0"
		if seeOthers {
			see = "1"
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('annotators_see_others', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, see); err != nil {
			return err
		}
		return db.addMember(ctx, tx, manager, RoleManager, password)
	})
	return db.wrap("make a team of", err)
}

// mustQuery is Query whose error Collect reports.
func mustQuery(ctx context.Context, tx pgx.Tx, sql string, args ...any) pgx.Rows {
	rows, _ := tx.Query(ctx, sql, args...)
	return rows
}

// ident quotes a name for SQL.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// literal quotes a string for SQL, for the one statement that takes no
// parameters and needs one: a role's password. PostgreSQL's standard
// conforming strings (on since 9.1) take backslashes as they are.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// ensureRole creates role name with options unless it exists; the
// password, when not empty, is set either way.
func ensureRole(ctx context.Context, tx pgx.Tx, name, options, password string) error {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	stmt := "CREATE ROLE " + ident(name) + " " + options
	if exists {
		if password == "" {
			return nil
		}
		stmt = "ALTER ROLE " + ident(name)
	}
	if password != "" {
		if strings.ContainsRune(password, 0) {
			return model.Errorf(model.EINVALID, "a password cannot hold a NUL character")
		}
		stmt += " PASSWORD " + literal(password)
	}
	_, err := tx.Exec(ctx, stmt)
	return err
}

// AddMember adds a person to the team: a login role called name (made if
// missing; password, when not empty, becomes its password) in role's
// group, and an annotator called name. A manager may also create and
// remove roles. A person already in the team changes role. EINVALID for a
// bad name or role, EFORBIDDEN when the connected role may not add people.
func (db *DB) AddMember(ctx context.Context, name, role, password string) error {
	if err := checkRole(role); err != nil {
		return err
	}
	if err := checkMemberName(name); err != nil {
		return err
	}
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writeLock); err != nil {
			return err
		}
		return db.addMember(ctx, tx, name, role, password)
	})
	return db.wrap("add to", err)
}

func (db *DB) addMember(ctx context.Context, tx pgx.Tx, name, role, password string) error {
	if err := ensureRole(ctx, tx, name, "LOGIN", password); err != nil {
		return err
	}
	for _, r := range Roles {
		if r != role {
			if _, err := tx.Exec(ctx, "REVOKE "+ident(db.GroupRole(r))+" FROM "+ident(name)); err != nil {
				return err
			}
		}
	}
	if _, err := tx.Exec(ctx, "GRANT "+ident(db.GroupRole(role))+" TO "+ident(name)); err != nil {
		return err
	}
	if role == RoleManager {
		// A manager adds and removes people: roles, and memberships of
		// the project's groups. (From PostgreSQL 16 on, granting a role
		// takes its ADMIN OPTION besides CREATEROLE.)
		var super bool
		if err := tx.QueryRow(ctx, "SELECT rolsuper FROM pg_roles WHERE rolname = $1", name).Scan(&super); err != nil {
			return err
		}
		if !super {
			if _, err := tx.Exec(ctx, "ALTER ROLE "+ident(name)+" CREATEROLE"); err != nil {
				return err
			}
		}
		for _, r := range Roles {
			if _, err := tx.Exec(ctx, "GRANT "+ident(db.GroupRole(r))+" TO "+ident(name)+" WITH ADMIN OPTION"); err != nil {
				return err
			}
		}
		// WITH ADMIN OPTION makes the manager a member of every group
		// too; the manager's policies allow every row, so the others'
		// add nothing.
	}
	_, err := tx.Exec(ctx, `INSERT INTO annotators (name, created_at) VALUES ($1, date_trunc('milliseconds', now()))
		ON CONFLICT (name) DO NOTHING`, name)
	return err
}

// RemoveMember takes a person out of the team: their login role is
// dropped (they can no longer connect) and their assignments go, so
// their documents can be assigned to others; their annotation sets stay,
// as work done. ENOTFOUND for nobody in the team of that name.
func (db *DB) RemoveMember(ctx context.Context, name string) error {
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writeLock); err != nil {
			return err
		}
		role, err := db.memberRole(ctx, tx, name)
		if err != nil {
			return err
		}
		if role == "" {
			return model.Errorf(model.ENOTFOUND, "%s is not in the team", name)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM assignments WHERE annotator_id = (SELECT id FROM annotators WHERE name = $1)`, name); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "DROP ROLE "+ident(name))
		return err
	})
	return db.wrap("remove from", err)
}

// memberRole is name's role in the team, "" when they are not in it; a
// member of several groups (a manager administers all three) has the
// highest.
func (db *DB) memberRole(ctx context.Context, q querier, name string) (string, error) {
	members, err := db.members(ctx, q)
	if err != nil {
		return "", err
	}
	for _, m := range members {
		if m.Name == name {
			return m.Role, nil
		}
	}
	return "", nil
}

// Member is a person of the team and their progress on the documents
// assigned to them.
type Member struct {
	Name string
	Role string // annotator, reviewer or manager
	// Assigned is how many documents are assigned to them; Done,
	// InProgress and Skipped how many of these their set has that
	// status for (the rest are to do).
	Assigned, Done, InProgress, Skipped int
}

// Members lists the team, by name (byte order), with each one's
// progress. Anyone assigned documents who is no longer in the team is
// listed too, with the role "".
func (db *DB) Members(ctx context.Context) ([]Member, error) {
	var out []Member
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, db.wrap("read", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	members, err := db.members(ctx, tx)
	if err != nil {
		return nil, db.wrap("read", err)
	}
	out = append(out, members...)
	rows, err := tx.Query(ctx, `SELECT n.name, count(*),
			count(*) FILTER (WHERE s.status = 'done'),
			count(*) FILTER (WHERE s.status = 'in_progress'),
			count(*) FILTER (WHERE s.status = 'skipped')
		FROM assignments g JOIN annotators n ON n.id = g.annotator_id
		LEFT JOIN annotation_sets s ON s.document_id = g.document_id AND s.annotator_id = g.annotator_id
		GROUP BY n.name`)
	if err != nil {
		return nil, db.wrap("read", dbError(err))
	}
	type progress struct{ assigned, done, inProgress, skipped int }
	counts := map[string]progress{}
	for rows.Next() {
		var name string
		var p progress
		if err := rows.Scan(&name, &p.assigned, &p.done, &p.inProgress, &p.skipped); err != nil {
			return nil, err
		}
		counts[name] = p
	}
	if err := rows.Err(); err != nil {
		return nil, db.wrap("read", dbError(err))
	}
	for name := range counts {
		if !slices.ContainsFunc(out, func(m Member) bool { return m.Name == name }) {
			out = append(out, Member{Name: name})
		}
	}
	for i := range out {
		p := counts[out[i].Name]
		out[i].Assigned, out[i].Done, out[i].InProgress, out[i].Skipped = p.assigned, p.done, p.inProgress, p.skipped
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// members reads the login roles in the project's groups from
// PostgreSQL's catalog, each with their highest role.
func (db *DB) members(ctx context.Context, q querier) ([]Member, error) {
	groups := make([]string, len(Roles))
	for i, r := range Roles {
		groups[i] = db.GroupRole(r)
	}
	rows, err := q.Query(ctx, `SELECT m.rolname, g.rolname FROM pg_auth_members am
		JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
		WHERE g.rolname = ANY($1) AND m.rolcanlogin`, groups)
	if err != nil {
		return nil, err
	}
	best := map[string]int{}
	for rows.Next() {
		var member, group string
		if err := rows.Scan(&member, &group); err != nil {
			return nil, err
		}
		i := slices.Index(groups, group)
		if cur, ok := best[member]; !ok || i > cur {
			best[member] = i
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Member
	for name, i := range best {
		out = append(out, Member{Name: name, Role: Roles[i]})
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Selection names documents of a team project: every one, those assigned
// to nobody yet, or those with the given IDs (Inkspan's or the source's,
// external IDs).
type Selection struct {
	Unassigned bool
	IDs        []string
}

// AssignmentState returns the selected documents' IDs in project order,
// and who each is assigned to already (by document ID, names in byte
// order). ENOTFOUND for an ID that names no document.
func (db *DB) AssignmentState(ctx context.Context, sel Selection) (documents []string, assigned map[string][]string, err error) {
	return db.assignmentState(ctx, db.pool, sel)
}

func (db *DB) assignmentState(ctx context.Context, q querier, sel Selection) (documents []string, assigned map[string][]string, err error) {
	assigned = map[string][]string{}
	rows, err := q.Query(ctx, `SELECT d.uuid, d.external_id, coalesce(array_agg(n.name ORDER BY n.name COLLATE "C")
			FILTER (WHERE n.name IS NOT NULL), '{}')
		FROM documents d LEFT JOIN assignments g ON g.document_id = d.id LEFT JOIN annotators n ON n.id = g.annotator_id
		GROUP BY d.id ORDER BY d.id`)
	if err != nil {
		return nil, nil, db.wrap("read", dbError(err))
	}
	wanted := map[string]bool{}
	for _, id := range sel.IDs {
		wanted[id] = false
	}
	for rows.Next() {
		var id, external string
		var names []string
		if err := rows.Scan(&id, &external, &names); err != nil {
			return nil, nil, err
		}
		if len(sel.IDs) > 0 {
			_, byID := wanted[id]
			_, byExternal := wanted[external]
			if !byID && !byExternal {
				continue
			}
			if byID {
				wanted[id] = true
			}
			if byExternal {
				wanted[external] = true
			}
		}
		if sel.Unassigned && len(names) > 0 {
			continue
		}
		documents = append(documents, id)
		if len(names) > 0 {
			assigned[id] = names
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, db.wrap("read", dbError(err))
	}
	for _, id := range sel.IDs {
		if !wanted[id] {
			return nil, nil, model.Errorf(model.ENOTFOUND, "no document %s in team project %s", id, db.name)
		}
	}
	return documents, assigned, nil
}

// Assign records plan (annotators by document ID) in the assignments;
// assignments already made stay, and are not counted. Returns how many
// were added. EINVALID for someone who is not an annotator of the team
// (a reviewer reads every document already), ENOTFOUND for an unknown
// document, EFORBIDDEN when the connected role is not a manager.
func (db *DB) Assign(ctx context.Context, plan map[string][]string) (added int, err error) {
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writeLock); err != nil {
			return err
		}
		added, err = db.insertAssignments(ctx, tx, plan)
		return err
	})
	if err != nil {
		return 0, db.wrap("assign in", err)
	}
	return added, nil
}

// AssignPlanned assigns the selected documents as plan decides, given
// them (in project order), who each is assigned to already and the
// team's annotators (byte order), all read under the project's write
// lock in the transaction that records the plan: two managers assigning
// at once take turns, and the second plans with the first's assignments,
// so no document gets more annotators than asked. Returns how many
// assignments were added and how many documents were selected; the
// errors of Assign and AssignmentState.
func (db *DB) AssignPlanned(ctx context.Context, sel Selection, plan func(documents []string, assigned map[string][]string, annotators []string) map[string][]string) (added, selected int, err error) {
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", writeLock); err != nil {
			return err
		}
		docs, assigned, err := db.assignmentState(ctx, tx, sel)
		if err != nil {
			return err
		}
		selected = len(docs)
		members, err := db.members(ctx, tx)
		if err != nil {
			return err
		}
		var annotators []string
		for _, m := range members {
			if m.Role == RoleAnnotator {
				annotators = append(annotators, m.Name)
			}
		}
		added, err = db.insertAssignments(ctx, tx, plan(docs, assigned, annotators))
		return err
	})
	if err != nil {
		return 0, 0, db.wrap("assign in", err)
	}
	return added, selected, nil
}

// insertAssignments records plan in tx, which holds the write lock.
func (db *DB) insertAssignments(ctx context.Context, tx pgx.Tx, plan map[string][]string) (added int, err error) {
	members, err := db.members(ctx, tx)
	if err != nil {
		return 0, err
	}
	docs := make([]string, 0, len(plan))
	for doc := range plan {
		docs = append(docs, doc)
	}
	slices.Sort(docs)
	for _, doc := range docs {
		for _, name := range plan[doc] {
			if !slices.ContainsFunc(members, func(m Member) bool { return m.Name == name && m.Role == RoleAnnotator }) {
				return 0, model.Errorf(model.EINVALID, "%s is not an annotator of the team (inkspan team add %s --role annotator)", name, name)
			}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO assignments (document_id, annotator_id, assigned_at)
			SELECT d.id, n.id, date_trunc('milliseconds', now()) FROM documents d, annotators n
			WHERE d.uuid = $1 AND n.name = ANY($2)
			ON CONFLICT DO NOTHING`, doc, plan[doc])
		if err != nil {
			return 0, err
		}
		added += int(tag.RowsAffected())
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM documents WHERE uuid = $1)", doc).Scan(&exists); err != nil {
			return 0, err
		}
		if !exists {
			return 0, model.Errorf(model.ENOTFOUND, "no document %s", doc)
		}
	}
	return added, nil
}

// refusedWrites says, by table, what a team role was refused when
// PostgreSQL's row-level security refused a row written there.
var refusedWrites = map[string]string{
	"annotators":        "you may add or change only yourself as an annotator (a reviewer also gold)",
	"annotation_sets":   "you may write only your own annotation sets (a reviewer also gold's), on documents assigned to you",
	"spans":             "you may change only the spans of your own annotation sets (a reviewer also gold's)",
	"relations":         "you may change only the relations of your own annotation sets (a reviewer also gold's)",
	"suggestions":       "you may change only your own suggestions, on documents assigned to you",
	"documents":         "only a manager adds or changes documents",
	"document_tokens":   "only a manager adds or changes documents",
	"reviews":           "only a reviewer or a manager records reviews",
	"review_rejections": "only a reviewer or a manager records reviews",
	"disagreement":      "only a reviewer or a manager records disagreement",
	"assignments":       "only a manager assigns documents",
}

// forbidden words a refusal of a team role's grants or policies: what the
// role may not do, then PostgreSQL's own words, which name the table.
func forbidden(pe *pgconn.PgError) string {
	what := "your role in the team may not do this"
	if table, ok := strings.CutPrefix(pe.Message, `new row violates row-level security policy for table "`); ok {
		if w, ok := refusedWrites[strings.TrimSuffix(table, `"`)]; ok {
			what = w
		}
	} else if strings.HasPrefix(pe.Message, "permission denied for table ") {
		switch strings.TrimPrefix(pe.Message, "permission denied for table ") {
		case "labels", "relation_labels":
			what = "only a manager changes labels"
		case "settings":
			what = "only a manager changes the project's settings"
		case "assignments":
			what = "only a manager assigns documents"
		case "documents", "document_tokens":
			what = "only a manager adds or changes documents"
		}
	} else if strings.Contains(pe.Message, "role") {
		what = "only a manager adds or removes people"
	}
	return "the team project's database refused: " + what + " (" + pe.Message + ")"
}

// TakeDocument hands the connected annotator a document to work on, the
// dynamic way: the unfinished one they took before (its lease renewed),
// or else the first in project order that fewer than perDocument
// annotators hold, which becomes theirs. A taken document neither
// finished nor worked on for lease returns to the pool, for the next
// annotator who asks. Takers take turns on the project's write lock, so
// under any number of concurrent requests no document goes to more than
// perDocument annotators. "" when every document has its annotators.
// EFORBIDDEN for a connected role that is not an annotator of the team.
func (db *DB) TakeDocument(ctx context.Context, perDocument int, lease time.Duration) (string, error) {
	if perDocument < 1 || lease <= 0 {
		return "", model.Errorf(model.EINVALID, "a document goes to at least one annotator, for a lease longer than nothing")
	}
	var id *string
	err := db.pool.QueryRow(ctx, "SELECT inkspan_take($1, $2 * interval '1 microsecond')", perDocument, lease.Microseconds()).Scan(&id)
	if err != nil {
		return "", db.wrap("take a document of", withContext(ctx, err))
	}
	if id == nil {
		return "", nil
	}
	return *id, nil
}
