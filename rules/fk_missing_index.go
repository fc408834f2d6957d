package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/schema"
)

// FKMissingIndex reports foreign keys in a deletion tree that no index
// serves.
var FKMissingIndex = &Rule{
	ID:       "fk-missing-index",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "a foreign key in a deletion tree has no index on its columns",
	Doc: `PostgreSQL does not index the referencing side of a foreign key. When a row
of the referenced table is deleted, the key's action (or its check, for NO
ACTION and RESTRICT) looks up the referencing rows; without an index whose
leading columns are the key's columns, that is a scan of the whole
referencing table, once per deleted row. Along a deletion tree, where one
account deletion deletes many rows in many tables, that turns deleting a
user into minutes of sequential scans holding locks.

Reported for every foreign key of a policy target's deletion tree (see
cascade-blocked) whose columns, in any order, are not the leading columns
of some index or primary key or unique constraint of the table. A partial
index (with a WHERE clause) does not count: the deletion's lookup does not
imply its predicate. Fix with an index, built without blocking writes:

    CREATE INDEX CONCURRENTLY ON email_messages (thread_id);`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX ON sessions (user_id);`,
	Run: runFKMissingIndex,
}

func runFKMissingIndex(p *Pass) {
	// One finding per table and set of columns: duplicate keys share the
	// missing index.
	type key struct {
		table *schema.Table
		cols  string
	}
	seen := map[key]bool{}
	for _, tree := range p.trees() {
		root := tree.Root
		tree.Each(func(e *cascade.Edge) {
			fk := e.FK
			cols := schema.ColumnNames(fk.Columns)
			sort.Strings(cols)
			k := key{fk.Table, strings.Join(cols, "\x00")}
			if seen[k] || indexed(fk) {
				return
			}
			seen[k] = true
			if !p.Wants(fk.Stmt.File) {
				return
			}
			fix := fmt.Sprintf("CREATE INDEX ON %s (%s);", fk.Table.QualifiedName(), strings.Join(quoted(fk.Columns), ", "))
			p.ReportDiagnostic(Diagnostic{Span: fk.Decl(), Fix: fix, Message: fmt.Sprintf(
				"no index of %s starts with %s, the columns of foreign key %q (ON DELETE %s): deleting a row of %s scans the whole table (%s); fix: %s",
				fk.Table.QualifiedName(), strings.Join(quoted(fk.Columns), ", "), fk.Name, strings.ToUpper(string(fk.OnDelete)),
				root.Table.QualifiedName(), e.Path(), fix)})
		})
	}
}

// indexed reports whether some complete index of fk's table starts with
// fk's columns, in any order.
func indexed(fk *schema.Constraint) bool {
	for _, idx := range fk.Table.Indexes {
		if idx.Partial || len(idx.Columns) < len(fk.Columns) {
			continue
		}
		lead := idx.Columns[:len(fk.Columns)]
		if !slices.ContainsFunc(fk.Columns, func(c *schema.Column) bool { return !slices.Contains(lead, c.Name) }) {
			return true
		}
	}
	return false
}
