package load_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inkspan/inkspan/app"
	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/edit"
	"github.com/inkspan/inkspan/storage/postgres"
	"github.com/inkspan/inkspan/storage/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// words is the number of words of a document, about a news article's
// (1,400 characters); an annotator who has labeled every word of one goes
// on to their next.
const words = 200

// perAnnotator is the number of documents each of 20 annotators has: more
// words than a 60-second run at full speed labels, so every add has a
// free place and no span is refused. Fewer annotators share the same
// documents out (one annotator alone labels fastest).
const perAnnotator = 20

// wordAt is where word i of a document starts: every word is "w" and
// five digits, then a space.
func wordAt(i int) int { return 7 * i }

func documentText() string {
	var b strings.Builder
	for i := range words {
		fmt.Fprintf(&b, "w%05d ", i)
	}
	return b.String()
}

// project makes (once) the template of the load tests: a project with n
// documents, and returns a copy of it: the URL (synchronous commit on,
// so that an immediate stop keeps what was acknowledged, as a production
// server's default does) and the documents' IDs in order.
func project(t testing.TB, n int) (url string, docs []string) {
	t.Helper()
	tmpl := pgtest.Template(t, fmt.Sprintf("tmpl_load_%d", n), func(ctx context.Context, url string) error {
		db, err := postgres.Create(ctx, url)
		if err != nil {
			return err
		}
		defer db.Close()
		text := documentText()
		for i := range n {
			// Texts differ (at their end) or the store would keep one.
			d := model.Document{Text: fmt.Sprintf("%send %02d", text, i), ExternalID: fmt.Sprintf("doc%02d", i)}
			if _, added, err := db.AddDocument(ctx, d); err != nil || !added {
				return fmt.Errorf("document %d: added %v, %v", i, added, err)
			}
		}
		return nil
	})
	url = pgtest.Database(t, tmpl) + "&synchronous_commit=on"
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Read(context.Background(), func(tx app.ReadTx) error {
		after := ""
		for range n {
			id, err := tx.NextUnfinished(context.Background(), "nobody", after)
			if err != nil {
				return err
			}
			docs, after = append(docs, id), id
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(slices.Compact(slices.Clone(docs))) != n {
		t.Fatalf("documents %v, want %d distinct", docs, n)
	}
	return url, docs
}

// annotator is one simulated annotator: a client of its own on their own
// documents, adding a span on the next word (the next document's first
// when one is full), and every eighth step undoing the newest add, as a
// person corrects a slip. A word is numbered across the annotator's
// documents: word g is word g%words of docs[g/words].
type annotator struct {
	name   string
	docs   []string
	db     *postgres.DB
	editor *app.Editor
	layer  app.Layer

	next    int            // the next word to label
	added   []int          // words of the adds in effect, oldest first
	want    map[int]string // word -> label: what the database must hold once every step is acknowledged
	acked   int            // steps acknowledged
	lat     []time.Duration
	first   time.Duration // the session's first edit, made before the run
	offline bool          // the editor said it was offline at some point
	mu      sync.Mutex
}

var labels = []string{"ACTOR", "PLACE", "FIGURE"}

func newAnnotator(t testing.TB, url, name string, docs []string) *annotator {
	t.Helper()
	// A window's pool: the editor takes one connection at a time.
	db, err := postgres.Open(context.Background(), url+"&pool_max_conns=2")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &annotator{name: name, docs: docs, db: db, editor: app.NewEditor(db), layer: app.Layer{Person: name}, want: map[int]string{}}
	a.editor.OnLink(func(l app.Link) {
		if l.Offline {
			a.mu.Lock()
			a.offline = true
			a.mu.Unlock()
		}
	})
	// A session's first edit is slow: its connection is made, and each of
	// the edit's statements is prepared on it (a round trip more each),
	// all while it holds the project's write lock, so twenty clients
	// starting at once queue behind each other for 100-270 ms. That
	// happens once a session, when the window opens; the run measures the
	// edits after it, and keeps the first one's time apart (first).
	if err := a.step(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.first, a.lat = a.lat[0], nil
	return a
}

// spansIn counts the wanted spans on the document of word g.
func (a *annotator) spansIn(g int) int {
	n := 0
	for w := range a.want {
		if w/words == g/words {
			n++
		}
	}
	return n
}

// step makes one edit and waits for its acknowledgement.
func (a *annotator) step(ctx context.Context) error {
	started := time.Now()
	if a.acked%8 == 7 && len(a.added) > 0 {
		g := a.added[len(a.added)-1]
		cmd, _, err := a.editor.Undo(ctx, a.docs[g/words], a.layer)
		if err != nil {
			return fmt.Errorf("%s: undo: %w", a.name, err)
		}
		if cmd == nil {
			return fmt.Errorf("%s: nothing to undo", a.name)
		}
		a.added = a.added[:len(a.added)-1]
		delete(a.want, g)
	} else {
		g := a.next
		if g/words >= len(a.docs) {
			return fmt.Errorf("%s: every word of its %d documents is labeled", a.name, len(a.docs))
		}
		doc, label := a.docs[g/words], labels[g%len(labels)]
		span := model.Span{Start: wordAt(g % words), End: wordAt(g%words) + 6, Label: label}
		state, err := a.editor.Do(ctx, doc, a.layer, edit.AddSpan(doc, a.name, span, ""))
		if err != nil {
			return fmt.Errorf("%s: add word %d: %w", a.name, g, err)
		}
		if want := a.spansIn(g) + 1; len(state.Spans) != want {
			return fmt.Errorf("%s: the state after adding word %d holds %d spans, want %d", a.name, g, len(state.Spans), want)
		}
		a.next++
		a.added = append(a.added, g)
		a.want[g] = label
	}
	a.lat = append(a.lat, time.Since(started))
	a.acked++
	return nil
}

// run makes steps until ctx ends, one every pace (none when pace is 0),
// starting at a random moment of the first interval so the annotators do
// not move in step. The step running when ctx ends is finished.
func (a *annotator) run(ctx context.Context, pace time.Duration) error {
	next := time.Now()
	if pace > 0 {
		next = next.Add(rand.N(pace))
	}
	for {
		if pace > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Until(next)):
			}
			next = next.Add(pace)
			if now := time.Now(); next.Before(now) {
				next = now // late: go on at once, no burst to catch up
			}
		} else if ctx.Err() != nil {
			return nil
		}
		if err := a.step(context.Background()); err != nil {
			return err
		}
	}
}

// result is what a run of many annotators measured.
type result struct {
	steps    int
	elapsed  time.Duration
	p50, p99 time.Duration
	max      time.Duration
	offline  int           // annotators whose editor said it was offline
	first    time.Duration // the slowest first edit of a session, made before the run
}

func (r result) perSecond() float64 { return float64(r.steps) / r.elapsed.Seconds() }

func (r result) String() string {
	return fmt.Sprintf("%d edits in %.1f s: %.0f edits/s, latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; a session's first edit at most %.1f ms",
		r.steps, r.elapsed.Seconds(), r.perSecond(), ms(r.p50), ms(r.p99), ms(r.max), ms(r.first))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// runAll runs n annotators, the documents shared out among them, for d, each a step every pace (0: back to
// back); during, if given, runs beside them (a fault). Every annotator's
// last step is acknowledged before it returns.
func runAll(t testing.TB, url string, docs []string, n int, d, pace time.Duration, during func()) ([]*annotator, result) {
	t.Helper()
	team := make([]*annotator, n)
	each := len(docs) / n
	for i := range team {
		team[i] = newAnnotator(t, url, fmt.Sprintf("annotator%02d", i), docs[i*each:(i+1)*each])
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	errs := make(chan error, len(team))
	started := time.Now()
	for _, a := range team {
		go func() { errs <- a.run(ctx, pace) }()
	}
	if during != nil {
		during()
	}
	for range team {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	r := result{elapsed: time.Since(started)}
	var all []time.Duration
	for _, a := range team {
		r.steps += a.acked
		all = append(all, a.lat...)
		if a.offline {
			r.offline++
		}
		r.first = max(r.first, a.first)
	}
	slices.Sort(all)
	if len(all) > 0 {
		r.p50, r.p99, r.max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return team, r
}

// verify compares the database with what the annotators were told: each
// one's spans are exactly the adds acknowledged and not undone, each
// once, and the ledger holds one row for every acknowledged step.
func verify(t testing.TB, url string, team []*annotator) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	steps := 0
	for _, a := range team {
		steps += a.acked
		got := map[int]string{}
		n := 0
		err := db.Read(ctx, func(tx app.ReadTx) error {
			for i, doc := range a.docs {
				spans, err := tx.Spans(ctx, doc, a.name)
				if err != nil {
					return err
				}
				for _, s := range spans {
					got[i*words+s.Start/wordAt(1)] = s.Label
				}
				n += len(spans)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(got) {
			t.Errorf("%s: %d spans on %d words: a span is doubled", a.name, n, len(got))
		}
		for w, label := range a.want {
			if got[w] != label {
				t.Errorf("%s: acknowledged %s on word %d, the database has %q", a.name, label, w, got[w])
			}
		}
		for w, label := range got {
			if _, ok := a.want[w]; !ok {
				t.Errorf("%s: the database has %s on word %d, which was never acknowledged or was undone", a.name, label, w)
			}
		}
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var ledger int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM applied_edits").Scan(&ledger); err != nil {
		t.Fatal(err)
	}
	if ledger != steps {
		t.Errorf("the ledger holds %d edits, the annotators were told of %d", ledger, steps)
	}
}
