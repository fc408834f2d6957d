// Package fix writes the migration that makes a final schema follow its
// deletion policies: every foreign key to a policy target gets the policy's
// ON DELETE action, every key that would block or fail a deletion deeper in
// the cascade (see package cascade) gets ON DELETE CASCADE, and duplicate
// keys are dropped. Keys are dropped by their real names, as the replayed
// catalog knows them, and added back under the conventional name.
package fix

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// Kind is what the fix does to one foreign key.
type Kind int

const (
	// Replace drops the key and adds it back with another action.
	Replace Kind = iota
	// Drop drops a duplicate key: another key on the same columns to the
	// same key stays.
	Drop
	// Keep leaves a key alone although a policy or a cascade path wants
	// another action, because it was decided on purpose: ON DELETE
	// RESTRICT, or a miglint:ignore comment on the finding. A decision is
	// for people: reported, not overruled.
	Keep
)

// Change is the fix of one foreign key.
type Change struct {
	Kind Kind
	FK   *schema.Constraint
	// Action and Name are, for Replace, the new ON DELETE action and the
	// name the key is added back under.
	Action schema.Action
	Name   string
	// Why says, for people, why the key changes.
	Why string
}

// Plan is every change, ordered by table (schema, name), then drops
// before replacements, each in creation order.
type Plan struct {
	Changes []Change
}

// Make plans the fix of cat for roots (the resolved policies). Dialect
// chooses the conventional names: PostgreSQL's default name (cut to 63
// bytes) or CockroachDB's (never cut). Kept are the keys whose findings a
// miglint:ignore comment silences, with why: they stay as they are.
func Make(cat *schema.Catalog, roots []cascade.Root, dialect string, kept map[*schema.Constraint]string) *Plan {
	effective := func(fk *schema.Constraint, a schema.Action) schema.Action {
		if _, ok := kept[fk]; ok || fk.OnDelete == schema.Restrict {
			return fk.OnDelete
		}
		return a
	}
	want := map[*schema.Constraint]schema.Action{}
	why := map[*schema.Constraint]string{}
	// Keys to a policy target's key get the policy's action.
	for _, t := range cat.Tables() {
		for _, fk := range t.ForeignKeys() {
			for _, r := range roots {
				if _, done := want[fk]; !done && !fk.Inherited && r.Wants(fk) {
					want[fk] = r.Action
					why[fk] = fmt.Sprintf("policy %s wants ON DELETE %s", r.Label, upper(r.Action))
				}
			}
		}
	}
	// Keys deeper in a deletion that must succeed get CASCADE when they
	// would block or fail it. The walk follows the actions the fix gives,
	// so that the keys under a repaired blocker are seen too.
	for _, r := range roots {
		if !cascade.Deletes(r.Action) {
			continue
		}
		cascade.Walk(cat, r, func(e *cascade.Edge) schema.Action {
			fk := e.FK
			if a, ok := want[fk]; ok {
				return effective(fk, a)
			}
			if blocking(fk) {
				want[fk] = schema.Cascade
				why[fk] = fmt.Sprintf("deleting a row of %s fails on it (%s)", r.Table.QualifiedName(), e.Path())
				return effective(fk, schema.Cascade)
			}
			return fk.OnDelete
		})
	}

	plan := &Plan{}
	for _, t := range cat.Tables() {
		plan.Changes = append(plan.Changes, planTable(t, want, why, kept, dialect)...)
	}
	return plan
}

// blocking reports whether fk, on a table whose rows a deletion removes,
// makes it fail: NO ACTION, RESTRICT, or a SET NULL or SET DEFAULT that
// the column cannot take.
func blocking(fk *schema.Constraint) bool {
	e, _ := cascade.EffectOf(fk, fk.OnDelete)
	return e == cascade.Blocks || e == cascade.Fails
}

// planTable plans t's keys: duplicates first, then the keys to replace.
func planTable(t *schema.Table, want map[*schema.Constraint]schema.Action, why, kept map[*schema.Constraint]string, dialect string) []Change {
	var drops, replaces []Change
	gone := map[*schema.Constraint]bool{}
	fks := t.ForeignKeys()
	grouped := map[*schema.Constraint]bool{}
	var keep []*schema.Constraint
	for i, fk := range fks {
		if fk.Inherited || grouped[fk] {
			continue
		}
		group := []*schema.Constraint{fk}
		for _, other := range fks[i+1:] {
			if !other.Inherited && !grouped[other] && rules.SameKey(fk, other) {
				group = append(group, other)
				grouped[other] = true
			}
		}
		k := pick(group, want, dialect)
		keep = append(keep, k)
		for _, d := range group {
			if d != k {
				gone[d] = true
				drops = append(drops, Change{Kind: Drop, FK: d, Why: fmt.Sprintf("it duplicates %s", quote(k.Name))})
			}
		}
	}
	// A replacement may take a name that no constraint has when its
	// statement runs: the statements before it have dropped the
	// duplicates and renamed the keys replaced earlier, but the keys
	// replaced later still have their names.
	taken := map[string]bool{}
	for _, c := range t.Constraints {
		taken[c.Name] = !gone[c]
	}
	for _, fk := range keep {
		a, ok := want[fk]
		if !ok || a == fk.OnDelete {
			continue
		}
		if reason, ok := kept[fk]; ok {
			replaces = append(replaces, Change{Kind: Keep, FK: fk, Why: why[fk] + "; kept by a miglint:ignore comment: " + reason})
			continue
		}
		if fk.OnDelete == schema.Restrict {
			replaces = append(replaces, Change{Kind: Keep, FK: fk, Why: why[fk]})
			continue
		}
		name := conventional(t, fk, dialect)
		if taken[name] && name != fk.Name {
			name = fk.Name // the convention is taken: keep the real name
		}
		taken[fk.Name], taken[name] = false, true
		replaces = append(replaces, Change{Kind: Replace, FK: fk, Action: a, Name: name, Why: why[fk]})
	}
	return append(drops, replaces...)
}

// pick chooses the key of a group of duplicates that stays: a RESTRICT one
// (a decision, and what the group enforces today), else one that already
// has the wanted action, else the first; among equals, the one with the
// conventional name.
func pick(group []*schema.Constraint, want map[*schema.Constraint]schema.Action, dialect string) *schema.Constraint {
	if len(group) == 1 {
		return group[0]
	}
	score := func(fk *schema.Constraint) int {
		s := 0
		if a, ok := want[fk]; fk.OnDelete == schema.Restrict && ok && a != schema.Restrict {
			s += 4
		}
		if a, ok := want[fk]; !ok || a == fk.OnDelete {
			s += 2
		}
		if fk.Name == conventional(fk.Table, fk, dialect) {
			s++
		}
		return s
	}
	best := group[0]
	for _, fk := range group[1:] {
		if score(fk) > score(best) {
			best = fk
		}
	}
	return best
}

// conventional is the name the key would get without one: PostgreSQL's
// default name, or CockroachDB's <table>_<cols>_fkey, which is never cut.
func conventional(t *schema.Table, fk *schema.Constraint, dialect string) string {
	cols := schema.ColumnNames(fk.Columns)
	if dialect == parser.Cockroach {
		return schema.ConventionalFKName(t.Name, cols)
	}
	return schema.DefaultFKName(t.Name, cols)
}

func upper(a schema.Action) string { return strings.ToUpper(string(a)) }

func quote(name string) string { return schema.QuoteIdent(name) }

// keyText is t(cols) → ref(cols).
func keyText(fk *schema.Constraint) string {
	return cascade.Columns(fk.Table, fk.Columns) + " → " + cascade.Columns(fk.RefTable, fk.RefColumns)
}
