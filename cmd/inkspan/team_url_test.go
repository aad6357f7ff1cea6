package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// teamInputs are two annotators' doccano files on shared documents, with
// a text outside ASCII, so that agreement has pairs and exports have
// offsets to get wrong.
func teamInputs(t *testing.T) (alice, bob string) {
	t.Helper()
	dir := t.TempDir()
	alice = write(t, filepath.Join(dir, "alice.jsonl"),
		`{"id": "d1", "text": "Putin met Erdoğan in Moscow on Thursday. Dozens were killed in Idlib.", "label": [[0, 5, "ACTOR"], [10, 17, "ACTOR"], [21, 27, "PLACE"]]}`+"\n"+
			`{"id": "d2", "text": "Close to a million people 🙂 fled toward the Turkish border.", "label": [[0, 18, "FIGURE"], [44, 51, "NATIONALITY"]]}`+"\n"+
			`{"id": "d3", "text": "No names here.", "label": []}`+"\n")
	bob = write(t, filepath.Join(dir, "bob.jsonl"),
		`{"id": "d1", "text": "Putin met Erdoğan in Moscow on Thursday. Dozens were killed in Idlib.", "label": [[0, 5, "ACTOR"], [21, 27, "PLACE"], [63, 68, "PLACE"]]}`+"\n"+
			`{"id": "d2", "text": "Close to a million people 🙂 fled toward the Turkish border.", "label": [[44, 51, "NATIONALITY"]]}`+"\n")
	return alice, bob
}

// Every command that names a project takes a team project's URL and
// answers as it does for a project file holding the same data: import,
// export, stats, agree, labels, settings, suggest and merge (both ways), run as the user runs
// them, against a throwaway PostgreSQL cluster (issue 15).
func TestCommandsOnTeamProjectURL(t *testing.T) {
	team := pgtest.Database(t, "") // empty: import creates the project
	file := filepath.Join(t.TempDir(), "p.inkspan")
	alice, bob := teamInputs(t)
	outDir := t.TempDir()
	answers := map[string][2]string{}
	for i, project := range []string{file, team} {
		runOK(t, "import", "--project", project, "--format", "doccano", "--annotator", "alice", alice)
		runOK(t, "import", "--project", project, "--format", "doccano", "--annotator", "bob", "--status", "in_progress", bob)
		out := filepath.Join(outDir, []string{"file", "team"}[i]+".jsonl")
		runOK(t, "export", "--project", project, "--format", "doccano", "--all", "--out", out)
		runOK(t, "labels", "add", "--project", project, "--name", "EVENT", "--key", "e")
		runOK(t, "labels", "set", "--project", project, "PLACE", "--name", "LOCATION")
		runOK(t, "settings", "--project", project, "--allow-overlap", "on")
		runOK(t, "suggest", "--project", project, "--annotator", "bob", "--figures", "--dictionary")
		for _, cmd := range [][]string{
			{"stats", "--project", project, "--json"},
			{"stats", "--project", project},
			{"agree", "--project", project},
			{"agree", "--project", project, "--json"},
			{"labels", "--project", project},
			{"settings", "--project", project},
		} {
			stdout, _ := runOK(t, cmd...)
			// Document IDs are each store's own.
			stdout = uuidPattern.ReplaceAllString(stdout, "ID")
			key := strings.Join(cmd[:1], " ") + " " + strings.Join(cmd[3:], " ")
			a := answers[key]
			a[i] = stdout
			answers[key] = a
		}
		a := answers["export"]
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		a[i] = string(data)
		answers["export"] = a
	}
	for what, a := range answers {
		if a[0] != a[1] {
			t.Errorf("%s: from the team project\n%s\nfrom the project file\n%s", what, a[1], a[0])
		}
		if strings.TrimSpace(a[0]) == "" {
			t.Errorf("%s printed nothing", what)
		}
	}
	if !strings.Contains(answers["agree "][0], "alice") || !strings.Contains(answers["stats --json"][0], `"LOCATION"`) {
		t.Errorf("the answers miss what the data holds:\n%s\n%s", answers["agree "][0], answers["stats --json"][0])
	}

	// A project file merges into the team project.
	other := filepath.Join(t.TempDir(), "carol.inkspan")
	runOK(t, "import", "--project", other, "--format", "doccano", "--annotator", "carol", alice)
	stdout, _ := runOK(t, "merge", "--project", team, other)
	if !strings.Contains(stdout, "new annotators: carol") {
		t.Errorf("merge into the team project said\n%s", stdout)
	}
	stdout, _ = runOK(t, "stats", "--project", team)
	if !strings.Contains(stdout, "carol") {
		t.Errorf("after the merge, stats of the team project:\n%s", stdout)
	}

	// The team project merges into a project file: carol comes along, and
	// a second merge changes nothing.
	stdout, _ = runOK(t, "merge", "--project", file, team)
	if !strings.Contains(stdout, "new annotators: carol") || !strings.Contains(stdout, "0 new documents") {
		t.Errorf("merge from the team project said\n%s", stdout)
	}
	stdout, _ = runOK(t, "merge", "--project", file, team)
	if !strings.Contains(stdout, "0 replaced") || strings.Contains(stdout, "new annotators") || strings.Contains(stdout, "conflict") {
		t.Errorf("merging the team project again said\n%s", stdout)
	}
	fileStats, _ := runOK(t, "stats", "--project", file, "--json")
	teamStats, _ := runOK(t, "stats", "--project", team, "--json")
	if fileStats != teamStats {
		t.Errorf("after merging the team project into the file: the file's stats\n%s\nthe team project's\n%s", fileStats, teamStats)
	}
	for _, format := range []string{"doccano", "prodigy"} {
		var exports [2][]byte
		for i, project := range []string{file, team} {
			out := filepath.Join(t.TempDir(), "merged.jsonl")
			runOK(t, "export", "--project", project, "--format", format, "--all", "--out", out)
			var err error
			if exports[i], err = os.ReadFile(out); err != nil {
				t.Fatal(err)
			}
		}
		if string(exports[0]) != string(exports[1]) || !strings.Contains(string(exports[0]), "carol") {
			t.Errorf("%s export after the merges: the file's\n%s\nthe team project's\n%s", format, exports[0], exports[1])
		}
	}
	code, _, stderr := inkspan(t, "merge", "--project", team, team)
	if code != 1 || !strings.Contains(stderr, "this project itself") {
		t.Errorf("merging the team project into itself: exit %d\n%s", code, stderr)
	}
}

// A password in a team project's URL never reaches an error message, in
// the user part or as a parameter.
func TestTeamProjectURLPasswordNotShown(t *testing.T) {
	u, err := url.Parse(pgtest.Database(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("password", "s3cret-param")
	u.RawQuery = q.Encode()
	u.User = url.UserPassword(q.Get("user"), "s3cret-user")
	u.Path = "/no_such_database"
	for _, cmd := range []string{"stats", "export", "agree", "labels"} {
		args := []string{cmd, "--project", u.String()}
		if cmd == "export" {
			args = append(args, "--format", "doccano")
		}
		code, stdout, stderr := inkspan(t, args...)
		if code == 0 {
			t.Errorf("%s on a database that is not there succeeded", cmd)
		}
		if strings.Contains(stdout+stderr, "s3cret") {
			t.Errorf("%s shows the password:\n%s%s", cmd, stdout, stderr)
		}
		if !strings.Contains(stderr, "no_such_database") {
			t.Errorf("%s does not say which database:\n%s", cmd, stderr)
		}
	}
}

// A server that asks for a password gets it from PGPASSWORD or a pgpass
// file, as PostgreSQL's own programs do; without either the command says
// the server asks for one, and no password is ever shown. The cluster
// asks only the role made here (its other connections stay trusted).
func TestTeamProjectPasswordFromEnvironment(t *testing.T) {
	ctx := context.Background()
	raw := pgtest.Database(t, "")
	runOK(t, "import", "--project", raw, "--format", "doccano", "--annotator", "alice", func() string { a, _ := teamInputs(t); return a }())
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var hba string
	for _, stmt := range []string{
		"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pwuser') THEN CREATE ROLE pwuser LOGIN PASSWORD 'pw-s3cret'; END IF; END $$",
		"GRANT SELECT ON ALL TABLES IN SCHEMA public TO pwuser",
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := conn.QueryRow(ctx, "SHOW hba_file").Scan(&hba); err != nil {
		t.Fatal(err)
	}
	rules, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rules), "pwuser") {
		asked := "local all pwuser scram-sha-256\nhost all pwuser 127.0.0.1/32 scram-sha-256\nhost all pwuser ::1/128 scram-sha-256\n"
		if err := os.WriteFile(hba, append([]byte(asked), rules...), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "SELECT pg_reload_conf()"); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("user", "pwuser")
	u.RawQuery = q.Encode()
	project := u.String()

	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	code, stdout, stderr := inkspan(t, "stats", "--project", project)
	if code != 1 || !strings.Contains(stderr, "asks for a password") || strings.Contains(stdout+stderr, "s3cret") {
		t.Fatalf("stats without a password: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Setenv("PGPASSWORD", "pw-s3cret")
	if stdout, _ := runOK(t, "stats", "--project", project); !strings.Contains(stdout, "Documents  3") {
		t.Errorf("stats with PGPASSWORD:\n%s", stdout)
	}
	t.Setenv("PGPASSWORD", "")
	pgpass := write(t, filepath.Join(t.TempDir(), "pgpass"), "*:*:*:pwuser:pw-s3cret\n")
	if err := os.Chmod(pgpass, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSFILE", pgpass)
	if stdout, _ := runOK(t, "stats", "--project", project); !strings.Contains(stdout, "Documents  3") {
		t.Errorf("stats with a pgpass file:\n%s", stdout)
	}
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	code, stdout, stderr = inkspan(t, "stats", "--project", strings.Replace(project, "postgres://", "postgres://pwuser:wrong-s3cret@", 1))
	if code != 1 || !strings.Contains(stderr, "asks for a password") || strings.Contains(stdout+stderr, "s3cret") {
		t.Fatalf("stats with a wrong password: exit %d\n%s%s", code, stdout, stderr)
	}
}
