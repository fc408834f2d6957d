package rules

import (
	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/schema"
)

// Roots resolves policies against the final catalog into deletion roots,
// in policy order, leaving out those whose table or key does not exist.
func Roots(cat *schema.Catalog, policies []Policy) []cascade.Root {
	p := &Pass{Replay: &schema.Result{Catalog: cat}, Policies: policies}
	return p.roots()
}

func (p *Pass) roots() []cascade.Root {
	var out []cascade.Root
	for _, tg := range p.targets() {
		out = append(out, cascade.Root{Table: tg.table, Columns: tg.cols, Action: tg.OnDelete, Label: tg.String()})
	}
	return out
}

// wantedByPolicy reports whether fk references a policy target's key
// exactly: fk-on-delete judges such keys, so the cascade rules leave them.
func wantedByPolicy(fk *schema.Constraint, roots []cascade.Root) bool {
	for _, r := range roots {
		if r.Wants(fk) {
			return true
		}
	}
	return false
}

// SameKey reports whether two foreign keys tie the same column pairs
// together, whatever the order they list them in: duplicates.
func SameKey(a, b *schema.Constraint) bool { return sameKey(a, b) }
