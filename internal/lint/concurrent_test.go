package lint_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
)

// TestConcurrentRuns runs lint.Run from several goroutines at once, as an
// editor's server or a test suite may, and checks that each gets what a run
// alone gets. The parser serializes its calls into libpg_query (see
// parser's pgMu), and standard error stays where it was; under -race (as
// CI runs this test) it also checks the Go side.
func TestConcurrentRuns(t *testing.T) {
	hostile := t.TempDir()
	for name, src := range map[string]string{
		"001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
		"002_deep.sql":  "SELECT 1" + strings.Repeat("+1", 30_000) + ";\nCREATE TABLE a (user_id int REFERENCES users);\n",
		"003_nul.sql":   "SELECT '\x00';\nSELECT '\xff';\nCREATE TABLE b (user_id int REFERENCES users);\n",
		"004_open.sql":  "CREATE TABLE c (user_id int REFERENCES users);\nSELECT 'unterminated;\n",
	} {
		if err := os.WriteFile(filepath.Join(hostile, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	example := filepath.Join("..", "..", "testdata", "examples", "cascade-backfill")
	runs := []lint.Options{
		{Paths: []string{example}},
		{Paths: []string{example}, Dialect: parser.Cockroach},
		{Paths: []string{hostile}},
	}
	render := func(opts lint.Options) string {
		res := lint.Run(opts)
		var b bytes.Buffer
		if err := report.JSON(&b, res.Diagnostics, report.Summarize(len(res.Files), res.Statements, res.Diagnostics)); err != nil {
			t.Error(err)
		}
		return b.String()
	}
	want := make([]string, len(runs))
	for i, opts := range runs {
		want[i] = render(opts)
	}
	if !strings.Contains(want[2], "nested deeper than") || !strings.Contains(want[0], "fk-on-delete") {
		t.Fatalf("the runs do not find what they should:\n%s\n%s", want[0], want[2])
	}
	// A libpg_query built to catch its messages (without DEBUG) points
	// standard error at a pipe around each call: overlapping calls would
	// leave it there, and the next write to it would kill the process.
	var before, after syscall.Stat_t
	if err := syscall.Fstat(2, &before); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 2 * len(runs) {
				i := (g + k) % len(runs)
				if got := render(runs[i]); got != want[i] {
					t.Errorf("goroutine %d: run %d differs from the same run alone", g, i)
				}
			}
		})
	}
	wg.Wait()
	if err := syscall.Fstat(2, &after); err != nil || after.Dev != before.Dev || after.Ino != before.Ino {
		t.Fatalf("standard error is no longer what it was (%v): calls into libpg_query overlapped", err)
	}
}
