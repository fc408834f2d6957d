package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/report"
)

// corpus returns the path of a real migration history beside the
// repository, skipping the test when it is absent (a user's clone).
func corpus(t *testing.T, name string) string {
	dir := filepath.Join("..", "..", "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus %s not available (%v): it lives beside the repository, in ../shared/corpora", name, err)
	}
	return dir
}

// TestCorpora lints real histories end to end: no crash, one JSON document,
// exit 0 or 1, and only the findings that are really there.
func TestCorpora(t *testing.T) {
	for _, tc := range []struct {
		name string
		// allowed reports whether a finding is expected in this history.
		allowed func(d report.JSONDiagnostic) bool
		// args lints the corpus at dir; nil means lint dir.
		args func(dir string) []string
	}{
		{"documenso", func(report.JSONDiagnostic) bool { return false }, nil},
		{"hatchet", func(report.JSONDiagnostic) bool { return false }, nil},
		// Two down migrations lack a comma between ALTER TABLE actions.
		{"ente", func(d report.JSONDiagnostic) bool {
			return d.Rule == "syntax-error" && strings.HasSuffix(d.File, ".down.sql")
		}, nil},
		// Down migrations use PostgreSQL 18's ADD CONSTRAINT ... NOT NULL col.
		{"lemmy", func(d report.JSONDiagnostic) bool {
			return d.Rule == "syntax-error" && strings.HasSuffix(d.File, "down.sql")
		}, nil},
		// Migrations touch golang-migrate's own schema_migrations table.
		{"harbor", func(d report.JSONDiagnostic) bool {
			return d.Rule == "unknown-object" && strings.Contains(d.Message, `"schema_migrations"`)
		}, nil},
		// CockroachDB: the baseline schema, then the migrations. Every
		// statement is understood and the 061 backfill leaves no key to
		// users without CASCADE. Four indexes are created twice (by the
		// baseline and again, without IF NOT EXISTS, by 013-015), and 034
		// drops a CHECK by a name that does exist. The backfill fixed only
		// the keys to users: keys deeper down still block (decisions
		// cascades from users, candidate_actions.decision_id is NO
		// ACTION), five user_id columns have no key at all, and many keys
		// of the deletion tree have no index (or only a partial one).
		{"skytwin", func(d report.JSONDiagnostic) bool {
			switch d.Rule {
			case "cascade-blocked":
				return strings.Contains(d.Message, "(ON DELETE NO ACTION) blocks deleting a row of users")
			case "owner-column-without-fk":
				return strings.Contains(d.Message, `.user_id matches the owner pattern "user_id"`)
			case "fk-missing-index":
				return true
			}
			return d.Rule == "duplicate-object" && strings.Contains(d.Message, `relation "idx_`)
		}, func(dir string) []string {
			db := filepath.Join(dir, "packages", "db", "src")
			return []string{"--dialect", "cockroachdb", filepath.Join(db, "schemas", "schema.sql"), filepath.Join(db, "migrations")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := corpus(t, tc.name)
			var stdout, stderr bytes.Buffer
			args := []string{dir}
			if tc.args != nil {
				args = tc.args(dir)
			}
			code := cli.Main(append([]string{"lint", "--format", "json"}, args...), nil, &stdout, &stderr)
			if code != cli.ExitOK && code != cli.ExitFindings {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var doc report.JSONReport
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatalf("output is not one JSON document: %v", err)
			}
			if doc.Summary.Files == 0 || doc.Summary.Statements == 0 {
				t.Fatalf("nothing was linted: %+v", doc.Summary)
			}
			for _, d := range doc.Diagnostics {
				if !tc.allowed(d) {
					t.Errorf("%s:%d:%d: %s: %s", d.File, d.Line, d.Column, d.Rule, d.Message)
				}
			}
		})
	}
}
