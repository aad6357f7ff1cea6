package projectopen

import (
	"context"
	neturl "net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/inkspan/inkspan/storage/postgres/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestDisplayAndIsURL(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://ana:pw@h:5432/ner?sslmode=verify-full&sslrootcert=%2Fca.pem": "postgres://ana@h:5432/ner?sslmode=verify-full&sslrootcert=%2Fca.pem",
		"POSTGRESQL://h/ner?password=pw":                                         "POSTGRESQL://h/ner",
		"project.inkspan":                                                        "project.inkspan",
		"/data/postgres:/x.inkspan":                                              "/data/postgres:/x.inkspan",
	} {
		if got := Display(in); !strings.EqualFold(got, want) {
			t.Errorf("Display(%q) = %q, want %q", in, got, want)
		}
	}
	for name, want := range map[string]bool{"postgres://h/db": true, "postgresql://h/db": true, "Postgres://h/db": true,
		"p.inkspan": false, "mysql://h/db": false, "./postgres://x": false} {
		if IsURL(name) != want {
			t.Errorf("IsURL(%q) = %v", name, !want)
		}
	}
}

// A file and a URL open the store each names; a URL's TLS settings reach
// the server (the test cluster has no TLS, so requiring it fails, saying
// so), and no password is in what is shown.
func TestOpenFileOrURL(t *testing.T) {
	ctx := context.Background()
	file, created, err := Open(ctx, filepath.Join(t.TempDir(), "p.inkspan"), Options{Create: true})
	if err != nil || created {
		t.Fatalf("a new file: %v, created %v (a file says nothing)", err, created)
	}
	file.Close()
	url := pgtest.Database(t, "")
	team, created, err := Open(ctx, url, Options{Create: true})
	if err != nil || !created {
		t.Fatalf("an empty database: %v, created %v", err, created)
	}
	if team.Path() != Display(url) || !IsURL(team.Path()) {
		t.Errorf("a team project's Path is %q", team.Path())
	}
	team.Close()
	again, created, err := Open(ctx, url, Options{Create: true})
	if err != nil || created {
		t.Fatalf("the same database again: %v, created %v", err, created)
	}
	again.Close()
	// Over TCP: TLS does not apply to the Unix socket the URL names.
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("host", "127.0.0.1")
	q.Set("sslmode", "require")
	q.Set("password", "s3cret")
	u.RawQuery = q.Encode()
	_, _, err = Open(ctx, u.String(), Options{})
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "tls") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("sslmode=require on a server without TLS: %v", err)
	}
}
