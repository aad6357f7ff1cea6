package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/storage"
	"github.com/inkspan/inkspan/storage/postgres"
)

// teamHelp is 'inkspan team --help': the subcommands, each with a --help
// of its own.
const teamHelp = `inkspan team SUBCOMMAND ...

Runs a team project in a PostgreSQL database, where PostgreSQL itself enforces who may do
what: each person is a PostgreSQL login role named as their annotator, in one of the project's
roles. An annotator reads the documents assigned to them and reads and writes only their own
annotation sets; a reviewer reads everything and writes the reviewed (gold) version; a manager
does everything: labels, settings, documents, assignment and people.

  init URL             make the team project, and its first manager, in an empty database
  add NAME             add a person as an annotator, a reviewer or a manager
  remove NAME          take a person out of the team
  list                 the team: names and roles
  assign               give documents to annotators
  take                 let annotators take documents as they go (dynamic assignment)
  push FILE.inkspan... upload local projects, their annotators' work and gold included
  status               progress per annotator

Passwords: 'init' and 'add' set the new login role's password from INKSPAN_PASSWORD, or ask
for it when run on a terminal; Inkspan never stores one (PostgreSQL keeps its own hash). To
connect, give the URL without a password and let PostgreSQL's ~/.pgpass or PGPASSWORD supply it.
Run 'inkspan team SUBCOMMAND --help' for a subcommand's options.`

func runTeam(ctx context.Context, args []string, e env) error {
	if len(args) > 0 {
		switch args[0] {
		case "init":
			return runTeamInit(ctx, args[1:], e)
		case "add":
			return runTeamAdd(ctx, args[1:], e)
		case "remove":
			return runTeamRemove(ctx, args[1:], e)
		case "list":
			return runTeamList(ctx, args[1:], e, false)
		case "status":
			return runTeamList(ctx, args[1:], e, true)
		case "assign":
			return runTeamAssign(ctx, args[1:], e)
		case "take":
			return runTeamTake(ctx, args[1:], e)
		case "push":
			return runTeamPush(ctx, args[1:], e)
		}
	}
	flags := newFlags(e, "team", teamHelp)
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "team: unknown subcommand %q (want init, add, remove, list, assign, take, push or status)\n", printable(rest[0]))
	} else {
		fmt.Fprintln(e.stderr, "team: give a subcommand")
	}
	flags.Usage()
	return errUsage
}

// isTeamURL reports whether s names a PostgreSQL database.
func isTeamURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// openTeam opens the team project named by --project.
func openTeam(ctx context.Context, fs *flag.FlagSet, project string) (*postgres.DB, error) {
	if project == "" || !isTeamURL(project) {
		fmt.Fprintf(fs.Output(), "%s: --project URL (postgres://host/database) is required\n", fs.Name())
		fs.Usage()
		return nil, errUsage
	}
	return postgres.Open(ctx, project)
}

// newPassword is the password of a login role being made: from
// INKSPAN_PASSWORD, or asked on the terminal; "" when there is neither
// (the role then logs in only as the server's pg_hba.conf allows without
// one, by peer or certificate).
func newPassword(e env, who string) (string, error) {
	if pw, ok := os.LookupEnv("INKSPAN_PASSWORD"); ok {
		return pw, nil
	}
	f, ok := e.stdin.(*os.File)
	if !ok || !isTerminal(f) {
		return "", nil
	}
	fmt.Fprintf(e.stderr, "password for %s (not shown; empty for none): ", printable(who))
	pw, err := readPassword(f)
	fmt.Fprintln(e.stderr)
	return pw, err
}

// oneName is the single positional argument of add and remove.
func oneName(fs *flag.FlagSet, e env, rest []string) (string, error) {
	if len(rest) != 1 {
		fmt.Fprintf(e.stderr, "%s: give one name\n", fs.Name())
		fs.Usage()
		return "", errUsage
	}
	return rest[0], nil
}

func runTeamInit(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team init", "inkspan team init URL --manager NAME [--annotators-see-others]\n\n"+
		"Makes a team project in the empty PostgreSQL database at URL (postgres://host/database): the\n"+
		"schema, the default labels, the project's three roles with their grants and row-level\n"+
		"security policies, and the first manager, a login role called NAME (made if missing; its\n"+
		"password from INKSPAN_PASSWORD or asked). A database that holds a project already becomes a\n"+
		"team project as it is; running init again adds NAME as a manager and brings the grants and\n"+
		"policies to this Inkspan's rules. Run it as the database's owner, a role that may create\n"+
		"roles; that role owns the tables and is not bound by the policies.")
	manager := flags.String("manager", "", "the first manager's `NAME`, a PostgreSQL login role")
	seeOthers := flags.Bool("annotators-see-others", false, "let annotators read (not change) each other's annotation sets on their documents")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || !isTeamURL(rest[0]) || *manager == "" {
		fmt.Fprintln(e.stderr, "team init: give the database's URL (postgres://host/database) and --manager NAME")
		flags.Usage()
		return errUsage
	}
	password, err := newPassword(e, *manager)
	if err != nil {
		return err
	}
	// A database that holds a project already (imported into, or made
	// a team before) becomes a team project as it is: running init
	// again brings its grants and policies to this Inkspan's rules.
	made := "made"
	db, err := postgres.Open(ctx, rest[0])
	if model.ErrorCode(err) == model.EINVALID && strings.Contains(err.Error(), "no Inkspan project") {
		db, err = postgres.Create(ctx, rest[0])
	} else if err == nil {
		made = "ready"
	}
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.EnableTeam(ctx, *manager, password, *seeOthers); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "team project %s %s; %s is its manager\n", printable(db.Name()), made, printable(*manager))
	return db.Close()
}

func runTeamAdd(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team add", "inkspan team add --project URL NAME --role annotator|reviewer|manager\n\n"+
		"Adds a person to the team: a PostgreSQL login role called NAME (made if missing; its password\n"+
		"from INKSPAN_PASSWORD or asked) in the project's role, and an annotator called NAME. A person\n"+
		"already in the team takes the new role. Only a manager may add people.")
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	role := flags.String("role", "", "the person's `ROLE`: annotator, reviewer or manager")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	name, err := oneName(flags, e, rest)
	if err != nil {
		return err
	}
	if *role == "" {
		fmt.Fprintln(e.stderr, "team add: --role annotator|reviewer|manager is required")
		flags.Usage()
		return errUsage
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	password, err := newPassword(e, name)
	if err != nil {
		return err
	}
	if err := db.AddMember(ctx, name, *role, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is a %s of %s\n", printable(name), *role, printable(db.Name()))
	return db.Close()
}

func runTeamRemove(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team remove", "inkspan team remove --project URL NAME\n\n"+
		"Takes a person out of the team: their PostgreSQL login role is dropped, so they can no longer\n"+
		"connect, and their assignments go, so their documents can be assigned to others. Their\n"+
		"annotation sets stay in the project. Only a manager may remove people.")
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	name, err := oneName(flags, e, rest)
	if err != nil {
		return err
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RemoveMember(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s removed from %s\n", printable(name), printable(db.Name()))
	return db.Close()
}

// runTeamTake turns dynamic assignment on or off.
func runTeamTake(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team take", "inkspan team take --project URL --per-document K [--lease DURATION]\n"+
		"inkspan team take --project URL --off\n\n"+
		"Lets annotators take documents as they go: when an annotator's window has nothing left in\n"+
		"their queue, it takes the first document that fewer than K annotators hold, which becomes\n"+
		"theirs. A document taken and neither finished nor worked on for the lease returns to the\n"+
		"pool. Assignments made with 'inkspan team assign' stay as they are. --off stops it (taken\n"+
		"documents stay with who took them). Only a manager may change it.")
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	perDocument := flags.Int("per-document", 0, "how many annotators (`K`) take each document")
	lease := flags.Duration("lease", time.Hour, "how long a taken document stays with its annotator unworked (`DURATION`, such as 30m)")
	off := flags.Bool("off", false, "annotators take no more documents")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "team take: unexpected argument %q\n", printable(rest[0]))
		flags.Usage()
		return errUsage
	}
	if *off == (*perDocument > 0) || *perDocument < 0 || *lease <= 0 {
		fmt.Fprintln(e.stderr, "team take: give --per-document K (at least 1) with a --lease above nothing, or --off")
		return errUsage
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetTaking(ctx, *perDocument, *lease); err != nil {
		return err
	}
	if *off {
		fmt.Fprintf(e.stdout, "annotators of %s take no more documents\n", printable(db.Name()))
	} else {
		per, l, err := db.Taking(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "annotators of %s take documents as they go: %d each, on a lease of %v\n", printable(db.Name()), per, l)
	}
	return db.Close()
}

// runTeamList lists the team; with progress (team status), each
// annotator's progress on their assigned documents.
func runTeamList(ctx context.Context, args []string, e env, progress bool) error {
	synopsis := "inkspan team list --project URL\n\n" +
		"Lists the team: each person's name and role (annotator, reviewer or manager), and how many\n" +
		"documents are assigned to them."
	name := "team list"
	if progress {
		name = "team status"
		synopsis = "inkspan team status --project URL [--json]\n\n" +
			"Shows each person's progress on the documents assigned to them: assigned, done, in\n" +
			"progress, skipped and to do, counted from their annotation sets. Someone removed from the\n" +
			"team who still has assignments is listed without a role."
	}
	flags := newFlags(e, name, synopsis)
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	var asJSON *bool
	if progress {
		asJSON = flags.Bool("json", false, "write the progress as JSON")
	}
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "%s: unexpected argument %q\n", name, printable(rest[0]))
		flags.Usage()
		return errUsage
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	members, err := db.Members(ctx)
	if err != nil {
		return err
	}
	if asJSON != nil && *asJSON {
		type row struct {
			Name       string `json:"name"`
			Role       string `json:"role"`
			Assigned   int    `json:"assigned"`
			Done       int    `json:"done"`
			InProgress int    `json:"in_progress"`
			Skipped    int    `json:"skipped"`
			Todo       int    `json:"todo"`
		}
		rows := []row{}
		for _, m := range members {
			rows = append(rows, row{m.Name, m.Role, m.Assigned, m.Done, m.InProgress, m.Skipped, m.Assigned - m.Done - m.InProgress - m.Skipped})
		}
		return writeJSON(e.stdout, rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	if progress {
		fmt.Fprintln(w, "NAME\tROLE\tASSIGNED\tDONE\tIN PROGRESS\tSKIPPED\tTO DO")
	} else {
		fmt.Fprintln(w, "NAME\tROLE\tASSIGNED")
	}
	for _, m := range members {
		role := m.Role
		if role == "" {
			role = "-"
		}
		if progress {
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", printable(m.Name), role, m.Assigned, m.Done, m.InProgress, m.Skipped,
				m.Assigned-m.Done-m.InProgress-m.Skipped)
		} else {
			fmt.Fprintf(w, "%s\t%s\t%d\n", printable(m.Name), role, m.Assigned)
		}
	}
	return w.Flush()
}

func runTeamAssign(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team assign", "inkspan team assign --project URL [--per-document K] [--seed N] [--annotator NAME]\n"+
		"                    [--documents all|unassigned|ID,...] [--sample PERCENT]\n\n"+
		"Gives documents to annotators; an annotator reads only the documents assigned to them, and\n"+
		"their \"next unfinished\" takes from these. By default each selected document goes to\n"+
		"--per-document annotators of the team (all of them when there are fewer), the least loaded\n"+
		"first, so that loads stay even; the documents are taken in an order shuffled by --seed, so\n"+
		"the same seed gives the same assignment. With --annotator, every selected document goes to\n"+
		"that annotator. Assignments already made stay and count: assigning again with the same K\n"+
		"adds nothing, and a higher K adds annotators to every document. --documents selects the\n"+
		"documents: all, unassigned (assigned to nobody yet) or a comma-separated list of document\n"+
		"IDs (Inkspan's or the source's); --sample keeps PERCENT of them, chosen by --seed. For\n"+
		"agreement on a fifth of the documents: --per-document 1, then --per-document 2 --sample 20.\n"+
		"Only a manager may assign.")
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	perDocument := flags.Int("per-document", 1, "how many annotators (`K`) each document goes to")
	seed := flags.Uint64("seed", 1, "the `N` that decides the order documents are handed out in")
	annotator := flags.String("annotator", "", "give every selected document to the annotator `NAME`")
	documents := flags.String("documents", "all", "which documents: all, unassigned or `ID,...`")
	sample := flags.Float64("sample", 100, "assign only `PERCENT` of the selected documents, chosen by --seed")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "team assign: unexpected argument %q\n", printable(rest[0]))
		flags.Usage()
		return errUsage
	}
	if *sample <= 0 || *sample > 100 {
		fmt.Fprintln(e.stderr, "team assign: --sample is a percentage above 0, at most 100")
		return errUsage
	}
	if *perDocument < 1 {
		fmt.Fprintln(e.stderr, "team assign: --per-document must be at least 1")
		return errUsage
	}
	var sel postgres.Selection
	switch *documents {
	case "all":
	case "unassigned":
		sel.Unassigned = true
	default:
		for _, id := range strings.Split(*documents, ",") {
			if id = strings.TrimSpace(id); id != "" {
				sel.IDs = append(sel.IDs, id)
			}
		}
		if len(sel.IDs) == 0 {
			fmt.Fprintln(e.stderr, "team assign: --documents wants all, unassigned or document IDs")
			return errUsage
		}
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	// The plan is made from the assignments as they are under the
	// project's write lock, so that two managers assigning at once do
	// not both fill the same documents.
	var sampled int
	noAnnotators := false
	added, _, err := db.AssignPlanned(ctx, sel, func(docs []string, existing map[string][]string, annotators []string) map[string][]string {
		docs = model.SampleDocuments(docs, *sample, *seed)
		sampled = len(docs)
		if *annotator != "" {
			plan := map[string][]string{}
			for _, d := range docs {
				plan[d] = []string{*annotator}
			}
			return plan
		}
		noAnnotators = len(annotators) == 0
		return model.PlanAssignments(docs, annotators, existing, *perDocument, *seed)
	})
	if err != nil {
		return err
	}
	if noAnnotators {
		return model.Errorf(model.EINVALID, "the team has no annotators to assign to: add some with inkspan team add NAME --role annotator")
	}
	fmt.Fprintf(e.stdout, "%d assignments added over %d documents\n", added, sampled)
	return db.Close()
}

func runTeamPush(ctx context.Context, args []string, e env) error {
	flags := newFlags(e, "team push", "inkspan team push --project URL FILE.inkspan...\n\n"+
		"Uploads local project files into the team project, one after another, as inkspan merge does:\n"+
		"documents it lacks (matched by text), labels, annotators, every annotator's annotation sets and\n"+
		"the reviewed (gold) version. When an annotator's set differs, the one changed last wins (on a\n"+
		"tie, the team project's). Each file goes whole or not at all and is only read; pushing it\n"+
		"again changes nothing. Only a manager may push.")
	project := flags.String("project", "", "the team project's `URL` (postgres://host/database)")
	files, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "team push: give at least one project file")
		flags.Usage()
		return errUsage
	}
	db, err := openTeam(ctx, flags, *project)
	if err != nil {
		return err
	}
	defer db.Close()
	for i, file := range files {
		report, err := app.Merge(ctx, db, storage.FileMergeSource(file, ""), mergeProgress(e, file))
		if err != nil {
			if i > 0 {
				return fmt.Errorf("%w; nothing from it was pushed, the files before it were", err)
			}
			return fmt.Errorf("%w; nothing was pushed", err)
		}
		printMergeReport(e.stdout, file, report)
	}
	return db.Close()
}
