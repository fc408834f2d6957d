package rules

import (
	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/schema"
)

var numberedRE = lazy.Regexp(`_fkey[0-9]+$`)

// FKNameConvention reports foreign keys to a policy target whose real name is
// not the one a convention-based migration would assume.
var FKNameConvention = &Rule{
	ID:       "fk-name-convention",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "foreign key to a policy target is not named <table>_<columns>_fkey",
	Doc: `A foreign key that references a policy target has a real name different
from the conventional ` + "`<table>_<columns>_fkey`" + `, computed from the table's
and columns' current names. Migrations that fix keys by convention (drop
` + "`<table>_<col>_fkey`" + ` if it exists, then add the key again) silently
miss such a key: the DROP matches nothing and the ADD creates a second key
beside it.

Causes: a hand-written name; a table or column renamed after the key was
created (PostgreSQL keeps the old name); a name over 63 bytes that PostgreSQL
truncated; a number PostgreSQL appended because the name was taken.

The message names the real constraint, so a migration can drop it by that
name. Rename it to the convention to keep later migrations simple:

    ALTER TABLE mempalace RENAME CONSTRAINT mempalace_entries_user_id_fkey
        TO mempalace_user_id_fkey;`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE mempalace_entries (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
ALTER TABLE mempalace_entries RENAME TO mempalace;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE mempalace_entries (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
ALTER TABLE mempalace_entries RENAME TO mempalace;
ALTER TABLE mempalace RENAME CONSTRAINT mempalace_entries_user_id_fkey
    TO mempalace_user_id_fkey;
CREATE INDEX ON mempalace (user_id);`,
	Run: runFKNameConvention,
}

func runFKNameConvention(p *Pass) {
	p.policyFKs(func(fk *schema.Constraint, _ target) {
		cols := schema.ColumnNames(fk.Columns)
		want := schema.ConventionalFKName(fk.Table.Name, cols)
		if fk.Name == want || !p.Wants(fk.Stmt.File) {
			return
		}
		why := "it was named by hand, or its table or columns were renamed after it was created"
		switch def := schema.DefaultFKName(fk.Table.Name, cols); {
		case fk.Name == def:
			why = "PostgreSQL truncated the default name to 63 bytes"
		case numberedRE().MatchString(fk.Name):
			why = "PostgreSQL numbered the default name because it was taken"
		}
		p.Report(fk.Decl(), "foreign key on %s is named %q, not %q (%s); a migration that drops %q will miss it",
			keyText(fk), fk.Name, want, why, want)
	})
}
