package rules

import (
	"fmt"
	"strings"
)

// DuplicateFK reports tables left with several foreign keys over the same
// columns.
var DuplicateFK = &Rule{
	ID:       "duplicate-fk",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "two or more foreign keys on the same columns and referenced key",
	Doc: `In the final schema a table has several foreign keys on the same columns
referencing the same table and columns. PostgreSQL enforces every one of
them, so the strictest wins: a NO ACTION key left beside a new CASCADE one
still blocks the delete. This is what a convention-based "drop if exists, then
add" backfill leaves behind when the DROP missed the real name.

Reported at the statement that created the last of them, naming all. Drop the
extra ones by their real names:

    ALTER TABLE sessions DROP CONSTRAINT fk_sessions_user;`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL CONSTRAINT fk_sessions_user REFERENCES users(id)
);
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL CONSTRAINT fk_sessions_user REFERENCES users(id)
);
ALTER TABLE sessions DROP CONSTRAINT fk_sessions_user;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX ON sessions (user_id);`,
	Run: runDuplicateFK,
}

func runDuplicateFK(p *Pass) {
	for _, t := range p.tables() {
		fks := t.ForeignKeys()
		seen := make([]bool, len(fks))
		for i, fk := range fks {
			if seen[i] || fk.Inherited {
				continue
			}
			group := []int{i}
			for j := i + 1; j < len(fks); j++ {
				if !seen[j] && !fks[j].Inherited && sameKey(fk, fks[j]) {
					group = append(group, j)
					seen[j] = true
				}
			}
			if len(group) < 2 || !p.Wants(fks[group[len(group)-1]].Stmt.File) {
				continue
			}
			var names []string
			var related []Related
			for n, k := range group {
				names = append(names, fmt.Sprintf("%q (ON DELETE %s)", fks[k].Name, strings.ToUpper(string(fks[k].OnDelete))))
				if n < len(group)-1 {
					related = append(related, Related{Span: fks[k].Decl(), Message: fmt.Sprintf("foreign key %q is declared here", fks[k].Name)})
				}
			}
			last := fks[group[len(group)-1]]
			p.ReportDiagnostic(Diagnostic{Span: last.Decl(), Related: related,
				Message: fmt.Sprintf("table %s now has %d foreign keys on %s: %s; drop all but one",
					t.QualifiedName(), len(group), keyText(fk), strings.Join(names, ", "))})
		}
	}
}
