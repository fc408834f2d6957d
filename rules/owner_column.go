package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

// DefaultOwnerColumns are the owner-column patterns used when none are given.
var DefaultOwnerColumns = []string{"user_id"}

// OwnerColumnWithoutFK reports columns that by their name hold a policy
// target's key but have no foreign key to it.
var OwnerColumnWithoutFK = &Rule{
	ID:       "owner-column-without-fk",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "an owner column such as user_id has no foreign key to the policy target",
	Doc: `In the final schema a column whose name matches an owner pattern (by default
` + "`user_id`" + `) has no foreign key to a policy target's table (by default
users). Nothing ties its rows to the user: deleting the user leaves them
behind, personal data that "delete my account" promised to remove, and
nothing stops rows from pointing at users that never existed.

Patterns are globs in Go's path.Match syntax, given with
` + "`--owner-column PATTERN`" + ` (repeatable; the patterns given replace the
default), such as ` + "`--owner-column user_id --owner-column '*_user_id'`" + `.
The finding is placed on the column's definition (in its CREATE TABLE, or the
ALTER TABLE that added it), or on the table's name when that cannot be
found. Add the foreign key, after deleting the orphaned rows:

    DELETE FROM search_history s
     WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id);
    ALTER TABLE search_history ADD FOREIGN KEY (user_id)
        REFERENCES users(id) ON DELETE CASCADE;`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE search_history (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL,
    query   text NOT NULL
);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE search_history (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    query   text NOT NULL
);
CREATE INDEX ON search_history (user_id);`,
	Run: runOwnerColumnWithoutFK,
}

func runOwnerColumnWithoutFK(p *Pass) {
	roots := p.roots()
	if len(roots) == 0 {
		return
	}
	given := p.OwnerColumns
	if len(given) == 0 {
		given = DefaultOwnerColumns
	}
	patterns := ownerPatterns(given)
	var targets []string
	for _, r := range roots {
		targets = append(targets, r.Table.QualifiedName())
	}
	for _, t := range p.tables() {
		for _, col := range t.Columns {
			// Whether a finding would be wanted last: it costs lookups
			// (see mayWant), and most columns are no owner's or are owned.
			pat := matching(patterns, col.Name)
			if pat == "" || ownedBy(t, col, roots) || !p.mayWant(t, col) {
				continue
			}
			d := Diagnostic{Span: p.columnDecl(t, col)}
			d.Message = fmt.Sprintf("column %s matches the owner pattern %q but no foreign key ties it to %s: deleting a user leaves its rows behind",
				cascade.Columns(t, []*schema.Column{col}), pat, strings.Join(targets, " or "))
			// The fix is only certain for a single-column key of the same
			// type: the column then takes the target's place.
			switch r := roots[0]; {
			case len(r.Columns) != 1:
			case !strings.EqualFold(col.Type, r.Columns[0].Type):
				d.Message += fmt.Sprintf(" (and its type, %s, is not that of %s, %s)", col.Type, cascade.Columns(r.Table, r.Columns), r.Columns[0].Type)
			default:
				name := schema.DefaultFKName(t.Name, []string{col.Name})
				d.Fix = fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s(%s) ON DELETE %s;",
					t.QualifiedName(), schema.QuoteIdent(name), schema.QuoteIdent(col.Name),
					r.Table.QualifiedName(), schema.QuoteIdent(r.Columns[0].Name), strings.ToUpper(string(r.Action)))
				d.Message += "; fix (after deleting orphaned rows): " + d.Fix
			}
			p.ReportDiagnostic(d)
		}
	}
}

// ownerPattern is an owner-column pattern, and whether it has wildcards.
type ownerPattern struct {
	text string
	glob bool
}

func ownerPatterns(l []string) []ownerPattern {
	out := make([]ownerPattern, len(l))
	for i, pat := range l {
		out[i] = ownerPattern{pat, strings.ContainsAny(pat, `*?[\`)}
	}
	return out
}

// matching returns the first pattern that name matches, or "". It runs on
// every column of the schema: a pattern without wildcards, such as the
// default, is compared, not matched (path.Match took a seventh of the
// rules' time on an editor's run).
func matching(patterns []ownerPattern, name string) string {
	for _, pat := range patterns {
		if !pat.glob {
			if pat.text == name {
				return pat.text
			}
		} else if ok, _ := path.Match(pat.text, name); ok {
			return pat.text
		}
	}
	return ""
}

// ownedBy reports whether some foreign key of t (copies on partitions
// included) uses col and references a policy target's table.
func ownedBy(t *schema.Table, col *schema.Column, roots []cascade.Root) bool {
	for _, fk := range t.ForeignKeys() {
		for _, r := range roots {
			if fk.RefTable != r.Table {
				continue
			}
			for _, c := range fk.Columns {
				if c == col {
					return true
				}
			}
		}
	}
	return false
}

// columnDecl finds where col of t is defined: its column definition in the
// CREATE TABLE of t, else the last ALTER TABLE ... ADD COLUMN of it; else
// t's name. The replay recorded both, as statement trees are dropped once
// replayed.
func (p *Pass) columnDecl(t *schema.Table, col *schema.Column) parser.Span {
	if sp, ok := t.ColumnDef(col.Name); ok {
		return sp
	}
	if a, ok := p.addedColumn(t, col); ok {
		return a.Stmt.NameSpan(a.Location)
	}
	return t.Decl()
}

// mayWant reports whether columnDecl(t, col) may be in a file whose
// findings are reported: it is in the statement that created t or in one
// that added col.
func (p *Pass) mayWant(t *schema.Table, col *schema.Column) bool {
	if p.Wants(t.Stmt.File) {
		return true
	}
	a, ok := p.addedColumn(t, col)
	return ok && p.Wants(a.Stmt.File)
}

// addedColumn is the last ALTER TABLE ... ADD COLUMN of col of t, if any.
func (p *Pass) addedColumn(t *schema.Table, col *schema.Column) (schema.AddedColumn, bool) {
	if p.added == nil {
		// ADD COLUMNs by the table they name in the final catalog, the
		// last one winning.
		p.added = map[*schema.Table]map[string]schema.AddedColumn{}
		for _, a := range p.Replay.AddedColumns {
			at := p.Replay.Catalog.Lookup(a.Schema, a.Table)
			if at == nil {
				continue
			}
			if p.added[at] == nil {
				p.added[at] = map[string]schema.AddedColumn{}
			}
			p.added[at][a.Column] = a
		}
	}
	a, ok := p.added[t][col.Name]
	return a, ok
}
