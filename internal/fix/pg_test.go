package fix_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/internal/fix"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/internal/pgtest"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// TestFixOnPostgres proves the generated fix on a real PostgreSQL, for the
// bundled example and for seeded random histories of user-owned tables
// (see genHistory): it applies the history, fills every table that a
// deletion of users reaches so that every key of the deletion tree has a
// referencing row, and tries DELETE FROM users (rolled back); then it
// applies the fix and checks that
//
//   - miglint, run on the history and the fix, finds no fk-on-delete,
//     cascade-blocked or duplicate-fk;
//   - DELETE FROM users succeeds, and leaves no row referencing a deleted
//     one through a key of the fixed deletion tree;
//   - a DELETE that failed before the fix was predicted: the tree had a key
//     that blocks or fails (the converse need not hold: a NO ACTION key
//     passes when the cascade deletes its rows through another path first).
//
// MIGLINT_FIX_N sets the number of random histories (default 300).
func TestFixOnPostgres(t *testing.T) {
	c := pgtest.Start(t)
	ctx := context.Background()
	const workers = 2
	for i := range workers {
		if err := c.CreateDatabase(ctx, fmt.Sprintf("fix%d", i)); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("example", func(t *testing.T) {
		dir := filepath.Join("..", "..", "testdata", "examples", "cascade-backfill")
		files, errs := parser.Load([]string{dir})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var hist []histFile
		for _, f := range files {
			hist = append(hist, histFile{f.Path, f.Src()})
		}
		seed, err := os.ReadFile(filepath.Join("testdata", "example_rows.sql"))
		if err != nil {
			t.Fatal(err)
		}
		r := verify(ctx, t, c, "fix0", hist, string(seed), false)
		if !strings.HasPrefix(r.trial, "23503 ") {
			t.Errorf("DELETE FROM users before the fix: %s; want a foreign key violation (23503)", r.trial)
		}
	})

	t.Run("generated", func(t *testing.T) {
		n := 300
		if s := os.Getenv("MIGLINT_FIX_N"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				t.Fatalf("MIGLINT_FIX_N: %v", err)
			}
		}
		start := time.Now()
		seeds := make(chan int64)
		var mu sync.Mutex
		failedBefore, changed := 0, 0
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for seed := range seeds {
					h := genHistory(seed)
					r := verify(ctx, t, c, fmt.Sprintf("fix%d", w), h, "", seed%2 == 0)
					mu.Lock()
					if r.failedBefore {
						failedBefore++
					}
					if r.changes > 0 {
						changed++
					}
					mu.Unlock()
				}
			}()
		}
		for seed := int64(1); seed <= int64(n) && !t.Failed(); seed++ {
			seeds <- seed
		}
		close(seeds)
		wg.Wait()
		t.Logf("%d histories in %v: %d needed a fix, %d failed DELETE FROM users before it", n, time.Since(start).Round(time.Millisecond), changed, failedBefore)
		// The generator must exercise the fix, not only histories that are fine.
		if n >= 100 && (changed < n/2 || failedBefore < n/4) {
			t.Errorf("too few histories needed a fix (%d) or failed before it (%d)", changed, failedBefore)
		}
	})
}

type histFile struct{ name, sql string }

type result struct {
	failedBefore bool
	trial        string // the trial DELETE's outcome: ok, or SQLSTATE and message
	changes      int
}

// verify runs the checks of TestFixOnPostgres on one history in database
// db. seed fills the tables; empty means seedRows of the final schema.
func verify(ctx context.Context, t *testing.T, c *pgtest.Cluster, db string, hist []histFile, seed string, notValid bool) result {
	t.Helper()
	var files []*parser.File
	for _, h := range hist {
		files = append(files, parser.NewFile(h.name, h.sql))
	}
	before := lint.Files(files, nil, lint.Options{})
	roots := rules.Roots(before.Replay.Catalog, rules.DefaultPolicies)
	if len(roots) != 1 {
		t.Fatalf("%s: users(id) not found in the final schema", describe(hist))
	}
	plan := fix.Make(before.Replay.Catalog, roots, parser.Postgres, nil)
	fixSQL := ""
	if !plan.Empty() {
		fixSQL = plan.SQL(fix.Options{Policies: []string{roots[0].Label}, NotValid: notValid})
	}
	blocked := false
	cascade.Walk(before.Replay.Catalog, roots[0], nil).Each(func(e *cascade.Edge) {
		blocked = blocked || e.Effect == cascade.Blocks || e.Effect == cascade.Fails
	})

	after := lint.Files(append(files, parser.NewFile("fix.sql", fixSQL)), nil, lint.Options{})
	for _, d := range after.Diagnostics {
		switch d.Rule {
		case rules.FKOnDelete.ID, rules.CascadeBlocked.ID, rules.DuplicateFK.ID:
			t.Errorf("%s\nafter the fix:\n%s\n%s:%d: %s: %s", describe(hist), fixSQL, d.Span.File.Path, d.Span.StartPos().Line, d.Rule, d.Message)
		}
	}
	fixed := cascade.Walk(after.Replay.Catalog, rules.Roots(after.Replay.Catalog, rules.DefaultPolicies)[0], nil)
	if seed == "" {
		seed = seedRows(before.Replay.Catalog)
	}

	// One psql run: the history, the rows, a trial DELETE (rolled back),
	// the fix, and the real DELETE with its checks.
	var script strings.Builder
	type phase struct {
		end  int // the script's last line of the phase
		name string
	}
	var phases []phase
	add := func(name, sql string) {
		script.WriteString(sql + "\n")
		phases = append(phases, phase{strings.Count(script.String(), "\n"), name})
	}
	add("reset", pgtest.ResetSQL)
	for _, h := range hist {
		add("history "+h.name, h.sql)
	}
	add("rows", seed+"\n"+checks(fixed, true))
	add("trial delete", trialDelete)
	add("fix", fixSQL)
	add("delete", "DELETE FROM users;\n"+checks(fixed, false))
	file := filepath.Join(t.TempDir(), "script.sql") // psql names the line of an error in a file
	if err := os.WriteFile(file, []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := c.Psql(ctx, db, "", "-tA", "-f", file)
	r := result{changes: len(plan.Changes)}
	if err != nil {
		where := "?"
		if e := (*pgtest.SQLError)(nil); errors.As(err, &e) {
			for i := len(phases) - 1; i >= 0 && e.Line <= phases[i].end; i-- {
				where = phases[i].name
			}
		}
		t.Errorf("%s\nfailed in %s: %v\nfix:\n%s", describe(hist), where, err, fixSQL)
		return r
	}
	r.trial = strings.TrimSpace(string(out))
	r.failedBefore = r.trial != "ok"
	switch {
	case r.failedBefore && !strings.HasPrefix(r.trial, "23503 ") && !strings.HasPrefix(r.trial, "23502 "):
		t.Errorf("%s\nDELETE FROM users before the fix: %q; want ok, a foreign key (23503) or not-null violation (23502)", describe(hist), r.trial)
	case r.failedBefore && !blocked:
		t.Errorf("%s\nDELETE FROM users failed before the fix (%s), but the deletion tree saw nothing that blocks or fails it", describe(hist), r.trial)
	}
	return r
}

// trialDelete tries DELETE FROM users and rolls it back, printing ok or
// the error.
const trialDelete = `CREATE TEMP TABLE trial (outcome text);
DO $trial$
BEGIN
  DELETE FROM users;
  RAISE SQLSTATE 'MGLOK';
EXCEPTION
  WHEN SQLSTATE 'MGLOK' THEN INSERT INTO trial VALUES ('ok');
  WHEN OTHERS THEN INSERT INTO trial VALUES (SQLSTATE || ' ' || SQLERRM);
END
$trial$;
SELECT outcome FROM trial;
DROP TABLE trial;`

// checks are DO blocks that fail unless every key of the tree has a
// referencing row (before), or, after the deletion, none of the keys that
// delete or set null has one left.
func checks(tree *cascade.Tree, before bool) string {
	var b strings.Builder
	tree.Each(func(e *cascade.Edge) {
		var conds []string
		for _, col := range e.FK.Columns {
			conds = append(conds, schema.QuoteIdent(col.Name)+" IS NOT NULL")
		}
		exists := fmt.Sprintf("EXISTS (SELECT FROM %s WHERE %s)", e.FK.Table.QualifiedName(), strings.Join(conds, " AND "))
		msg := "rows are left that reference deleted rows through"
		switch {
		case before:
			exists, msg = "NOT "+exists, "no row references the deletion tree through"
		case e.Effect == cascade.Blocks || e.Effect == cascade.Fails:
			return
		}
		fmt.Fprintf(&b, "DO $check$ BEGIN IF %s THEN RAISE EXCEPTION '%%', %s; END IF; END $check$;\n",
			exists, literal(msg+" "+e.FK.Name))
	})
	return b.String()
}

func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// describe is a history in full, for failure messages.
func describe(hist []histFile) string {
	var b strings.Builder
	for _, h := range hist {
		fmt.Fprintf(&b, "-- %s --\n%s\n", h.name, strings.TrimRight(h.sql, "\n"))
	}
	return b.String()
}
