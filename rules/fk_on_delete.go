package rules

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/schema"
)

// FKOnDelete reports foreign keys that still break a deletion policy once
// every migration has run.
var FKOnDelete = &Rule{
	ID:       "fk-on-delete",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "foreign key to a policy target has the wrong ON DELETE action",
	Doc: `In the final schema, after every migration has run, a foreign key that
references a policy target (by default users(id), which must CASCADE) has a
different ON DELETE action. With NO ACTION or RESTRICT, deleting a user fails
as soon as such a row exists; with another action, the deletion does
something the policy does not want.

The finding is placed on the key's own REFERENCES or FOREIGN KEY clause in
the migration that created the key still in force, so a key that a later
migration replaced correctly is not reported. The message names the table,
the key's real name and the statement that fixes it.

Configure the policy with ` + "`--policy 'users(id)=cascade'`" + ` (repeatable;
actions: cascade, set null, set default, restrict, no action).`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id)
);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX ON sessions (user_id);`,
	Run: runFKOnDelete,
}

func runFKOnDelete(p *Pass) {
	p.policyFKs(func(fk *schema.Constraint, tg target) {
		if fk.OnDelete == tg.OnDelete || !p.Wants(fk.Stmt.File) {
			return
		}
		want := strings.ToUpper(string(tg.OnDelete))
		fix, twin := fixFor(fk, tg.OnDelete)
		d := Diagnostic{Span: fk.Decl(), Fix: fix}
		how := fix
		if twin != nil {
			how = fmt.Sprintf("%s (%q already does ON DELETE %s)", fix, twin.Name, want)
			d.Related = []Related{{Span: twin.Decl(), Message: fmt.Sprintf("foreign key %q, already ON DELETE %s, is declared here", twin.Name, want)}}
		}
		d.Message = fmt.Sprintf("foreign key %q on %s is ON DELETE %s; policy %s wants ON DELETE %s; fix: %s",
			fk.Name, keyText(fk), strings.ToUpper(string(fk.OnDelete)), tg.Policy, want, how)
		p.ReportDiagnostic(d)
	})
}

// fixFor is the statement that brings fk in line: drop it by its real name
// and, unless a compliant twin already exists (then returned), add it back
// under its conventional name with the wanted action.
func fixFor(fk *schema.Constraint, want schema.Action) (string, *schema.Constraint) {
	t := fk.Table
	drop := fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", t.QualifiedName(), schema.QuoteIdent(fk.Name))
	for _, other := range t.ForeignKeys() {
		if other != fk && other.OnDelete == want && sameKey(other, fk) {
			return drop + ";", other
		}
	}
	name := schema.DefaultFKName(t.Name, schema.ColumnNames(fk.Columns))
	def := fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s(%s)", strings.Join(quoted(fk.Columns), ", "),
		fk.RefTable.QualifiedName(), strings.Join(quoted(fk.RefColumns), ", "))
	if fk.OnUpdate != schema.NoAction {
		def += " ON UPDATE " + strings.ToUpper(string(fk.OnUpdate))
	}
	if want != schema.NoAction {
		def += " ON DELETE " + strings.ToUpper(string(want))
	}
	return fmt.Sprintf("%s, ADD CONSTRAINT %s %s;", drop, schema.QuoteIdent(name), def), nil
}

// sameKey reports whether two foreign keys tie the same column pairs
// together, whatever the order they list them in.
func sameKey(a, b *schema.Constraint) bool {
	if a.RefTable != b.RefTable || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		found := false
		for j := range b.Columns {
			found = found || a.Columns[i] == b.Columns[j] && a.RefColumns[i] == b.RefColumns[j]
		}
		if !found {
			return false
		}
	}
	return true
}
