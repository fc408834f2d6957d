package rules

import (
	"regexp"

	"github.com/miglint/miglint/schema"
)

var numberedRE = regexp.MustCompile(`_fkey[0-9]+$`)

// FKNameConvention reports foreign keys to a policy target whose real name is
// not the one a convention-based migration would assume.
var FKNameConvention = &Rule{
	ID:       "fk-name-convention",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "foreign key to a policy target is not named <table>_<columns>_fkey",
	Doc: `A foreign key that references a policy target has a real name different
from <table>_<columns>_fkey computed from the table's and columns' current
names. Migrations that fix keys "by convention" (DROP CONSTRAINT IF EXISTS
<table>_<col>_fkey, then ADD CONSTRAINT) silently miss such a key: the DROP
matches nothing and the ADD creates a second key beside it.

Causes: a hand-written name; a table or column renamed after the key was
created (PostgreSQL keeps the old name); a name over 63 bytes that PostgreSQL
truncated; a number PostgreSQL appended because the name was taken.

The message names the real constraint, so a migration can drop it by that
name. Rename it to the convention to keep later migrations simple:

    ALTER TABLE mempalace RENAME CONSTRAINT mempalace_entries_user_id_fkey
        TO mempalace_user_id_fkey;`,
	Run: runFKNameConvention,
}

func runFKNameConvention(p *Pass) {
	p.policyFKs(func(fk *schema.Constraint, _ target) {
		cols := schema.ColumnNames(fk.Columns)
		want := schema.ConventionalFKName(fk.Table.Name, cols)
		if fk.Name == want {
			return
		}
		why := "it was named by hand, or its table or columns were renamed after it was created"
		switch def := schema.DefaultFKName(fk.Table.Name, cols); {
		case fk.Name == def:
			why = "PostgreSQL truncated the default name to 63 bytes"
		case numberedRE.MatchString(fk.Name):
			why = "PostgreSQL numbered the default name because it was taken"
		}
		p.Report(fk.Decl(), "foreign key on %s is named %q, not %q (%s); a migration that drops %q will miss it",
			keyText(fk), fk.Name, want, why, want)
	})
}
