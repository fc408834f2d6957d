// Package cascade computes the deletion tree of a key: what deleting one of
// its rows does, foreign key by foreign key, to every table that references
// it, and transitively to the tables whose rows the deletion removes in turn.
// The rules cascade-blocked and fk-missing-index, `miglint schema --root`
// and `miglint fix` all walk the tree computed here.
package cascade

import (
	"strings"

	"github.com/miglint/miglint/schema"
)

// Root is where a deletion starts: a key of a table, such as users(id), and
// the ON DELETE action a policy wants on the foreign keys that reference
// exactly that key (empty when there is no policy, as for schema --root).
type Root struct {
	Table   *schema.Table
	Columns []*schema.Column
	Action  schema.Action
	Label   string // how to name the root to people, e.g. users(id)=cascade
}

// Wants reports whether fk references exactly r's key, the keys a policy
// speaks for.
func (r Root) Wants(fk *schema.Constraint) bool { return fk.References(r.Table, r.Columns) }

// Effect is what deleting a parent row does to the child rows that
// reference it through one foreign key.
type Effect string

const (
	Deleted    Effect = "deleted"     // ON DELETE CASCADE: the child rows go too
	SetNull    Effect = "set null"    // the child rows stay, their key set to NULL
	SetDefault Effect = "set default" // the child rows stay, their key set to its default
	// Blocks: NO ACTION or RESTRICT, the deletion fails while child rows exist.
	Blocks Effect = "blocks"
	// Fails: SET NULL on a NOT NULL column, or SET DEFAULT on a NOT NULL
	// column without a default: the deletion fails with a not-null violation.
	Fails Effect = "fails"
)

// Edge is one foreign key into a table whose rows the deletion removes.
type Edge struct {
	FK *schema.Constraint
	// Action is the ON DELETE action the walk followed: the key's own, or
	// the one the caller chose (a fix's planned action).
	Action schema.Action
	Effect Effect
	// Column is, for Fails, the NOT NULL column that cannot take the
	// NULL or default.
	Column *schema.Column
	// Parent is the edge through which the rows of FK.RefTable are
	// deleted; nil when FK.RefTable is the root's table.
	Parent *Edge
	// Depth is 1 for a key on the root's table, 2 for one on a table that
	// cascades from it, and so on.
	Depth int
	// Children are the edges into FK.Table, set on the first edge that
	// deletes its rows. Repeat marks later ones: the table's edges are
	// listed under the first, so that cycles end.
	Children []*Edge
	Repeat   bool
}

// Tree is the deletion tree of a root.
type Tree struct {
	Root  Root
	Edges []*Edge // the keys that reference the root's table
}

// ActionFunc chooses the ON DELETE action the walk follows for an edge
// (whose FK, Parent and Depth are set).
type ActionFunc func(e *Edge) schema.Action

// Walk computes root's deletion tree over the final catalog, breadth
// first, so that each table is reached by a shortest path; each table's
// rows are expanded once. Keys are visited in catalog order (referencing
// table by schema and name, then creation order), so the tree is
// deterministic. Every key that references the table counts, whichever of
// its keys it references. Copies of keys on partitions are left out: the
// partitioned table's key speaks for them. With action nil each key's own
// ON DELETE action is followed.
func Walk(cat *schema.Catalog, root Root, action ActionFunc) *Tree {
	refBy := map[*schema.Table][]*schema.Constraint{}
	for _, t := range cat.Tables() {
		for _, fk := range t.ForeignKeys() {
			if !fk.Inherited {
				refBy[fk.RefTable] = append(refBy[fk.RefTable], fk)
			}
		}
	}
	tree := &Tree{Root: root}
	reached := map[*schema.Table]bool{root.Table: true}
	type item struct {
		table *schema.Table
		via   *Edge
	}
	queue := []item{{root.Table, nil}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		var edges []*Edge
		for _, fk := range refBy[it.table] {
			e := &Edge{FK: fk, Parent: it.via, Depth: 1, Action: fk.OnDelete}
			if it.via != nil {
				e.Depth = it.via.Depth + 1
			}
			if action != nil {
				e.Action = action(e)
			}
			e.Effect, e.Column = EffectOf(fk, e.Action)
			if e.Effect == Deleted {
				if reached[fk.Table] {
					e.Repeat = true
				} else {
					reached[fk.Table] = true
					queue = append(queue, item{fk.Table, e})
				}
			}
			edges = append(edges, e)
		}
		if it.via == nil {
			tree.Edges = edges
		} else {
			it.via.Children = edges
		}
	}
	return tree
}

// EffectOf is what action on fk does to the child rows, and for Fails the
// column at fault. A SET DEFAULT column with a default is taken to work:
// whether the default value references an existing row is data, not schema.
func EffectOf(fk *schema.Constraint, action schema.Action) (Effect, *schema.Column) {
	switch action {
	case schema.Cascade:
		return Deleted, nil
	case schema.SetNull:
		for _, c := range fk.Columns {
			if c.NotNull {
				return Fails, c
			}
		}
		return SetNull, nil
	case schema.SetDefault:
		for _, c := range fk.Columns {
			if c.NotNull && !c.HasDefault {
				return Fails, c
			}
		}
		return SetDefault, nil
	}
	return Blocks, nil
}

// Each calls fn for every edge of the tree, depth first in tree order.
func (t *Tree) Each(fn func(*Edge)) {
	var walk func([]*Edge)
	walk = func(es []*Edge) {
		for _, e := range es {
			fn(e)
			walk(e.Children)
		}
	}
	walk(t.Edges)
}

// Path is the chain of keys from e's referencing columns up to the root,
// e.g. email_messages.thread_id → email_threads.id → users.id: e's columns,
// then the key each table on the way is deleted through.
func (e *Edge) Path() string {
	parts := []string{Columns(e.FK.Table, e.FK.Columns), Columns(e.FK.RefTable, e.FK.RefColumns)}
	for p := e.Parent; p != nil; p = p.Parent {
		parts = append(parts, Columns(p.FK.RefTable, p.FK.RefColumns))
	}
	return strings.Join(parts, " → ")
}

// Columns names columns of t as SQL: t.col, or t(a, b) for several.
func Columns(t *schema.Table, cols []*schema.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = schema.QuoteIdent(c.Name)
	}
	if len(names) == 1 {
		return t.QualifiedName() + "." + names[0]
	}
	return t.QualifiedName() + "(" + strings.Join(names, ", ") + ")"
}

// Deletes reports whether a policy action means that deleting a root row
// must succeed (CASCADE, SET NULL, SET DEFAULT), so that whatever blocks it
// deeper down is a finding; RESTRICT and NO ACTION policies want it blocked.
func Deletes(a schema.Action) bool {
	return a == schema.Cascade || a == schema.SetNull || a == schema.SetDefault
}
