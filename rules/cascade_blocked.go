package rules

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/schema"
)

// CascadeBlocked reports foreign keys deeper in a deletion tree that make
// deleting a policy target's row fail.
var CascadeBlocked = &Rule{
	ID:       "cascade-blocked",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "a foreign key further down the cascade makes deleting a policy target's row fail",
	Doc: `Deleting a user also deletes every row that cascades from it, and every
foreign key into those rows fires in turn. In the final schema, a key on such
a path fails the whole DELETE:

- ON DELETE NO ACTION or RESTRICT on a key into a table whose rows the
  cascade deletes (email_threads cascades from users, but
  email_messages.thread_id references email_threads with NO ACTION): the
  DELETE fails as soon as such a child row exists;
- ON DELETE SET NULL on a NOT NULL column, or SET DEFAULT on a NOT NULL
  column without a default: the DELETE fails with a not-null violation.

The message gives the whole path, such as
` + "`email_messages.thread_id → email_threads.id → users.id`" + `, and the finding
is placed on the key's declaration; the declarations of the cascading keys
on the way are attached as related locations. Every key that references a
table on the path counts, whichever of its keys it references.

A key that references a policy target's own key (users(id)) is left to
fk-on-delete, which judges it against the policy, so that no key is
reported twice; its SET NULL or SET DEFAULT failures are still reported
here, at any depth. Only policies whose action lets the delete go through
(cascade, set null, set default) are walked: a restrict or no action
policy wants the delete blocked. Each table is expanded once per policy
target, along a shortest path, so cycles of foreign keys end.

Fix the key with ON DELETE CASCADE (or SET NULL on a nullable column), or
let ` + "`miglint fix`" + ` write the migration.`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE email_threads (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX ON email_threads (user_id);
CREATE TABLE email_messages (
    id        bigint PRIMARY KEY,
    thread_id bigint NOT NULL REFERENCES email_threads(id)
);
CREATE INDEX ON email_messages (thread_id);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE email_threads (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX ON email_threads (user_id);
CREATE TABLE email_messages (
    id        bigint PRIMARY KEY,
    thread_id bigint NOT NULL REFERENCES email_threads(id) ON DELETE CASCADE
);
CREATE INDEX ON email_messages (thread_id);`,
	Run: runCascadeBlocked,
}

func runCascadeBlocked(p *Pass) {
	roots := p.roots()
	seen := map[*schema.Constraint]bool{}
	for _, tree := range p.trees() {
		root := tree.Root
		if !cascade.Deletes(root.Action) {
			continue
		}
		tree.Each(func(e *cascade.Edge) {
			if seen[e.FK] || !(e.Effect == cascade.Fails || e.Effect == cascade.Blocks && !wantedByPolicy(e.FK, roots)) {
				return
			}
			seen[e.FK] = true
			if !p.Wants(e.FK.Stmt.File) {
				return
			}
			fk, onDelete := e.FK, strings.ToUpper(string(e.FK.OnDelete))
			d := Diagnostic{Span: fk.Decl()}
			fix, twin := fixFor(fk, schema.Cascade)
			if twin == nil {
				d.Fix = fix
			}
			what := fmt.Sprintf("foreign key %q (ON DELETE %s) blocks deleting a row of %s once %s rows reference deleted %s rows",
				fk.Name, onDelete, root.Table.QualifiedName(), fk.Table.QualifiedName(), fk.RefTable.QualifiedName())
			if e.Effect == cascade.Fails {
				col := cascade.Columns(fk.Table, []*schema.Column{e.Column}) + " is NOT NULL"
				if fk.OnDelete == schema.SetDefault {
					col += " without a default"
				}
				what = fmt.Sprintf("foreign key %q is ON DELETE %s but %s: deleting a row of %s fails with a not-null violation once %s rows reference deleted %s rows",
					fk.Name, onDelete, col, root.Table.QualifiedName(), fk.Table.QualifiedName(), fk.RefTable.QualifiedName())
			}
			d.Message = fmt.Sprintf("%s: %s", what, e.Path())
			if twin != nil {
				d.Message += fmt.Sprintf("; drop it, %q already does ON DELETE CASCADE: %s", twin.Name, fix)
			} else {
				d.Message += "; fix: " + fix
			}
			for a := e.Parent; a != nil; a = a.Parent {
				d.Related = append(d.Related, Related{Span: a.FK.Decl(),
					Message: fmt.Sprintf("%s rows are deleted through foreign key %q (ON DELETE CASCADE), declared here", a.FK.Table.QualifiedName(), a.FK.Name)})
			}
			p.ReportDiagnostic(d)
		})
	}
}
