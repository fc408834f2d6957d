package rules

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/schema"
)

// DropConstraintNoop reports DROP CONSTRAINT IF EXISTS statements that drop
// nothing.
var DropConstraintNoop = &Rule{
	ID:       "drop-constraint-noop",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "DROP CONSTRAINT IF EXISTS matches no constraint",
	Doc: `At that point of the history the table has no constraint of that name,
so PostgreSQL prints a NOTICE and drops nothing. The usual cause is a
migration that guesses a foreign key's name from the convention
` + "`<table>_<col>_fkey`" + ` while the real key was named by hand, kept an old name
through a table rename, or had its name truncated to 63 bytes (a name written
longer is cut to 63 bytes too, and then matches nothing). The ADD CONSTRAINT
that usually follows then creates a second key, and the old one stays.

The message lists the constraints of the table that look intended: those of
the same kind on the same columns or to the same table. Drop the real name:

    ALTER TABLE sessions DROP CONSTRAINT fk_sessions_user;`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL,
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users(id)
);
-- later, a backfill that trusts the default name:
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL,
    CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users(id)
);
-- drop the key by its real name:
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS fk_sessions_user;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey
    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
CREATE INDEX ON sessions (user_id);`,
	Run: runDropConstraintNoop,
}

func runDropConstraintNoop(p *Pass) {
	for _, e := range p.Replay.Events {
		if e.Kind != schema.NoopDrop {
			continue
		}
		msg := fmt.Sprintf("DROP CONSTRAINT IF EXISTS %q drops nothing: table %s has no constraint of that name",
			e.Name, e.Table.QualifiedName())
		if len(e.Name) == 63 {
			msg += " (PostgreSQL cuts names to 63 bytes; was it written longer?)"
		}
		d := Diagnostic{Span: e.Span}
		cands := intended(e.Name, e.Constraints)
		if len(cands) > 0 {
			var list []string
			for _, c := range cands {
				list = append(list, fmt.Sprintf("%q (%s)", c.Name, c.Def))
				if c.Decl.File != nil {
					d.Related = append(d.Related, Related{Span: c.Decl, Message: fmt.Sprintf("constraint %q is declared here", c.Name)})
				}
			}
			msg += "; did you mean " + strings.Join(list, " or ") + "?"
		}
		if len(cands) == 1 && e.Table != nil {
			d.Fix = fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s;", e.Table.QualifiedName(), schema.QuoteIdent(cands[0].Name))
		}
		d.Message = msg
		p.ReportDiagnostic(d)
	}
}

// intended picks the constraints a DROP of name probably meant: those of the
// kind the name's suffix says, on the columns or to the table the name
// mentions, else all of that kind.
func intended(name string, cons []schema.Snapshot) []schema.Snapshot {
	kind := schema.ForeignKey
	for suffix, k := range map[string]schema.ConstraintType{"_pkey": schema.PrimaryKey, "_key": schema.Unique, "_check": schema.Check, "_excl": schema.Exclusion} {
		if strings.HasSuffix(name, suffix) {
			kind = k
		}
	}
	lower := strings.ToLower(name)
	var same, close []schema.Snapshot
	for _, c := range cons {
		if c.Type != kind {
			continue
		}
		same = append(same, c)
		if strings.Contains(lower, strings.ToLower(strings.Join(c.Columns, "_"))) ||
			c.RefTable != nil && strings.Contains(lower, strings.ToLower(c.RefTable.Name)) {
			close = append(close, c)
		}
	}
	if len(close) > 0 {
		return close
	}
	return same
}
