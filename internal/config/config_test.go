package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cfg, err := Parse(".miglint.yaml", []byte(`
dialect: cockroachdb
cockroachdb_version: "21.2"
convention: golang-migrate
baseline: [db/schema.sql]
paths: [db/migrations]
exclude: ["*.seed.sql"]
policies:
  - references: users(id)
    on_delete: cascade
  - references: auth.accounts
    on_delete: set null
owner_columns: [user_id, "*_owner_id"]
rules:
  fk-name-convention: {severity: off}
  duplicate-fk: {severity: warning}
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dialect != "cockroachdb" || cfg.Convention != "golang-migrate" || len(cfg.Policies) != 2 || cfg.Rules["duplicate-fk"].Severity != "warning" {
		t.Errorf("decoded %+v", cfg)
	}
	if p, err := cfg.Policies[1].Rule(); err != nil || p.String() != "auth.accounts()=set null" {
		t.Errorf("policy = %v, %v", p, err)
	}
	if _, err := Parse("empty.yaml", nil); err != nil {
		t.Errorf("an empty file: %v", err)
	}
}

// TestParseErrors: every mistake names the file and the line.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"dialect: postgres\npolicy: x\n", `c.yaml:2: field policy not found in type config.Config`},
		{"paths: db\n", "c.yaml:1: cannot unmarshal !!str `db` into []string"},
		{"dialect: mysql\n", `c.yaml:1: dialect "mysql": want postgres or cockroachdb`},
		{"convention: rails\n", `c.yaml:1: convention "rails": want one of auto, plain, golang-migrate`},
		{"policies:\n  - references: users(id)\n    on_delete: obliterate\n", `c.yaml:2: policy "users(id)=obliterate": unknown action "obliterate"`},
		{"policies:\n  - references: users(id)\n", `c.yaml:2: a policy needs references`},
		{"rules:\n  fk-on-delet: {severity: off}\n", `c.yaml:2: unknown rule "fk-on-delet"`},
		{"rules:\n  fk-on-delete:\n    severity: fatal\n", `c.yaml:3: rule fk-on-delete: severity "fatal": want error, warning, info or off`},
		{"rules:\n  fk-on-delete:\n    level: off\n", `c.yaml:3: field level not found in type config.RuleConfig`},
		{"dialect: [\n", `c.yaml:1: did not find expected node content`},
	} {
		_, err := Parse("c.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.src, err, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("Find without a file = %q, %v", got, err)
	}
	want := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(want, []byte("dialect: postgres\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != want {
		t.Errorf("Find = %q, %v; want %q", got, err, want)
	}
}
