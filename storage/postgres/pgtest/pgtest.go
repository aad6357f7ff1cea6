// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb
// into a temporary folder, a free port on 127.0.0.1, its socket in that
// folder, fsync off, started with pg_ctl. One cluster serves a test
// binary (started by the first test that asks, stopped by Main), and each
// test gets a database of its own, copied from a template database, which
// is much faster than building a schema per test. A watchdog process
// stops the cluster if the test binary dies without stopping it.
//
// The server comes from the distribution's packages (Debian's postgresql:
// `.ci/install-deps test` installs it). Without its binaries a test fails,
// saying how to install them: a store test that skipped would let a
// broken store pass CI.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the role the cluster's databases are reached as: initdb
// makes it the cluster's superuser, and every connection is trusted (the
// cluster listens on loopback and a socket only its user can reach).
const Superuser = "inkspan"

// cluster is the running server of this test binary.
type cluster struct {
	dir    string // holds data/, the socket and the log
	bindir string
	port   int
	run    runner // how to run the server's programs (as another user under root)
}

var (
	startOnce sync.Once
	running   *cluster
	startErr  error
	mainRan   atomic.Bool
	dbCount   atomic.Int64

	templatesMu sync.Mutex
	templates   = map[string]error{} // made templates, by name, with the error making them gave
)

// Main runs the tests of a package that uses the cluster and stops the
// cluster afterwards: call it from TestMain. The cluster starts only when
// a test asks for a database.
func Main(m *testing.M) {
	os.Exit(Run(m))
}

// Run is Main for a TestMain with more to do after the tests: it runs
// them, stops the cluster and returns the exit code instead of exiting.
func Run(m *testing.M) int {
	mainRan.Store(true)
	code := m.Run()
	if running != nil {
		if err := running.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// server returns the running cluster, starting it on first use; t fails
// when it cannot be started.
func server(t testing.TB) *cluster {
	t.Helper()
	if !mainRan.Load() {
		t.Fatal("pgtest: the package's TestMain must call pgtest.Main(m), which stops the cluster after the tests")
	}
	startOnce.Do(func() { running, startErr = start() })
	if startErr != nil {
		t.Fatalf("pgtest: %v", startErr)
	}
	return running
}

// URL is the connection URL of database name on the cluster.
func (c *cluster) URL(name string) string {
	q := url.Values{}
	q.Set("host", c.dir) // the socket: no TCP round trip through the loopback stack
	q.Set("port", strconv.Itoa(c.port))
	q.Set("user", Superuser)
	q.Set("sslmode", "disable")
	return (&url.URL{Scheme: "postgres", Path: "/" + name, RawQuery: q.Encode()}).String()
}

// admin runs statements on the cluster's postgres database.
func (c *cluster) admin(ctx context.Context, statements ...string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for _, s := range statements {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// Database creates a new database for t, a copy of template ("" for an
// empty one), and returns its URL. The cluster, and every database on it,
// goes when the test binary ends.
func Database(t testing.TB, template string) string {
	t.Helper()
	c := server(t)
	name := fmt.Sprintf("test_%d", dbCount.Add(1))
	if template == "" {
		template = "template0"
	}
	// WAL_LOG (the default) writes a copy of every page of the template
	// to the WAL; FILE_COPY copies the files and checkpoints, which with
	// fsync off costs nothing.
	stmt := fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY",
		pgx.Identifier{name}.Sanitize(), pgx.Identifier{template}.Sanitize())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.admin(ctx, stmt); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return c.URL(name)
}

// Template makes, once per test binary, a database called name that
// setup fills (given its URL), for Database to copy. setup must close
// every connection it opened: PostgreSQL copies only a database nobody is
// connected to.
func Template(t testing.TB, name string, setup func(ctx context.Context, url string) error) string {
	t.Helper()
	c := server(t)
	templatesMu.Lock()
	defer templatesMu.Unlock()
	err, made := templates[name]
	if !made {
		err = c.makeTemplate(name, setup)
		templates[name] = err
	}
	if err != nil {
		t.Fatalf("pgtest: template %s: %v", name, err)
	}
	return name
}

func (c *cluster) makeTemplate(name string, setup func(ctx context.Context, url string) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	id := pgx.Identifier{name}.Sanitize()
	if err := c.admin(ctx, "CREATE DATABASE "+id+" TEMPLATE template0"); err != nil {
		return err
	}
	if err := setup(ctx, c.URL(name)); err != nil {
		return err
	}
	return c.admin(ctx, "ALTER DATABASE "+id+" IS_TEMPLATE true")
}

// Binaries is where the server's programs are: initdb, pg_ctl and
// postgres in one folder. It looks where pg_config says, in Debian's
// /usr/lib/postgresql/VERSION/bin (newest first) and on PATH.
func Binaries() (string, error) {
	var candidates []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versions, func(i, j int) bool { return versionOf(versions[i]) > versionOf(versions[j]) })
	candidates = append(candidates, versions...)
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			candidates = append(candidates, filepath.Dir(real))
		}
		candidates = append(candidates, filepath.Dir(p))
	}
	for _, dir := range candidates {
		if hasServer(dir) {
			return dir, nil
		}
	}
	return "", errors.New(`the PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed: ` +
		`looked in pg_config --bindir, /usr/lib/postgresql/*/bin and PATH. ` +
		`Install them and run the tests again: on Debian or Ubuntu "sudo apt-get install postgresql" ` +
		`(or ".ci/install-deps test", which make test runs), on Fedora "sudo dnf install postgresql-server", ` +
		`on macOS "brew install postgresql"`)
}

// versionOf is the major version in /usr/lib/postgresql/VERSION/bin.
func versionOf(bin string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return v
}

func hasServer(dir string) bool {
	for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
		if info, err := os.Stat(filepath.Join(dir, p)); err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// start makes and starts a cluster.
func start() (*cluster, error) {
	bindir, err := Binaries()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "inkspan-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, bindir: bindir}
	if c.run, err = newRunner(dir); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// No locale: text compares byte-wise, the same on every machine, and
	// the encoding is UTF-8, which Inkspan's stores require.
	if out, err := c.run.command(filepath.Join(bindir, "initdb"), "-D", c.data(), "-U", Superuser,
		"--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v%s\n%s", err, c.run.hint(), out)
	}
	// A free port can be taken between asking and listening: try again.
	for try := 0; ; try++ {
		if c.port, err = freePort(); err != nil {
			break
		}
		if err = c.startServer(); err == nil || try == 2 {
			break
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := watch(c.dir, c.data()); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// startServer starts the server on c.port. fsync and full page writes are
// off: a crash of a test machine loses a throwaway cluster, nothing else.
func (c *cluster) startServer() error {
	opts := strings.Join([]string{
		"-c listen_addresses=127.0.0.1",
		"-p " + strconv.Itoa(c.port),
		"-c unix_socket_directories=" + c.dir,
		"-c fsync=off",
		"-c synchronous_commit=off",
		"-c full_page_writes=off",
		"-c max_connections=200",
	}, " ")
	logFile := filepath.Join(c.dir, "server.log")
	cmd := c.run.command(filepath.Join(c.bindir, "pg_ctl"), "-D", c.data(), "-l", logFile, "-w", "-t", "60", "-o", opts, "start")
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(logFile)
		return fmt.Errorf("pg_ctl start: %v%s\n%s\n%s", err, c.run.hint(), out, log)
	}
	return nil
}

// stop stops the server at once (nothing in it is worth a clean
// shutdown) and removes the cluster.
func (c *cluster) stop() error {
	out, err := c.run.command(filepath.Join(c.bindir, "pg_ctl"), "-D", c.data(), "-m", "immediate", "-w", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s (the cluster stays in %s)", err, out, c.dir)
	}
	return os.RemoveAll(c.dir)
}

// ImmediateStop stops t's cluster as a crash would (pg_ctl -m immediate:
// no checkpoint, every connection cut), for tests of what clients do
// when the server goes away; Start brings it back on the same port, with
// crash recovery. Every test of the binary shares the cluster: a test
// that stops it must not run beside others (no t.Parallel), and must
// start it again (a t.Cleanup of Start does).
//
// Only what was committed with synchronous_commit on survives an
// immediate stop: the cluster runs with it off, so a test of durability
// asks for it on its connections (&synchronous_commit=on in the URL).
func ImmediateStop(t testing.TB) {
	t.Helper()
	c := server(t)
	if out, err := c.run.command(filepath.Join(c.bindir, "pg_ctl"), "-D", c.data(), "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
		t.Fatalf("pgtest: pg_ctl stop: %v\n%s", err, out)
	}
}

// Start starts t's cluster after ImmediateStop; a running cluster is left
// as it is.
func Start(t testing.TB) {
	t.Helper()
	c := server(t)
	if c.running() {
		return
	}
	if err := c.startServer(); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
}

// Restart stops t's cluster at once and starts it again (ImmediateStop,
// then Start).
func Restart(t testing.TB) {
	t.Helper()
	ImmediateStop(t)
	Start(t)
}

// running reports whether the server is up (pg_ctl status exits 0).
func (c *cluster) running() bool {
	return c.run.command(filepath.Join(c.bindir, "pg_ctl"), "-D", c.data(), "status").Run() == nil
}

// freePort asks the kernel for a port nobody listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
