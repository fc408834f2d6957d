package rules

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/schema"
)

// Policy says which ON DELETE action foreign keys to a key must have.
type Policy struct {
	Schema   string // empty: resolved through the search path
	Table    string
	Columns  []string // empty: the table's primary key
	OnDelete schema.Action
}

// DefaultPolicies is what applies when none is given: deleting a user
// deletes what is theirs.
var DefaultPolicies = []Policy{{Table: "users", Columns: []string{"id"}, OnDelete: schema.Cascade}}

func (p Policy) String() string {
	name := p.Table
	if p.Schema != "" {
		name = p.Schema + "." + name
	}
	return fmt.Sprintf("%s(%s)=%s", name, strings.Join(p.Columns, ","), p.OnDelete)
}

var policyRE = lazy.Regexp(`^\s*(?:([A-Za-z_][\w$]*)\.)?([A-Za-z_][\w$]*)\s*(?:\(\s*([^)]*)\))?\s*=\s*(.+?)\s*$`)

// ParsePolicy reads "[schema.]table[(col, ...)]=action", as in
// users(id)=cascade. Names fold to lower case as unquoted SQL does.
func ParsePolicy(s string) (Policy, error) {
	m := policyRE().FindStringSubmatch(s)
	if m == nil {
		return Policy{}, fmt.Errorf("policy %q: want [schema.]table(columns)=action, e.g. users(id)=cascade", s)
	}
	p := Policy{Schema: strings.ToLower(m[1]), Table: strings.ToLower(m[2])}
	for _, c := range strings.Split(m[3], ",") {
		if c = strings.TrimSpace(c); c != "" {
			p.Columns = append(p.Columns, strings.ToLower(c))
		}
	}
	a, err := ParseAction(m[4])
	if err != nil {
		return Policy{}, fmt.Errorf("policy %q: %w", s, err)
	}
	p.OnDelete = a
	return p, nil
}

// ParseAction reads a referential action: cascade, set null, set default,
// restrict or no action (spaces, underscores and hyphens alike, any case).
func ParseAction(s string) (schema.Action, error) {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), " ")
	for _, a := range []schema.Action{schema.Cascade, schema.SetNull, schema.SetDefault, schema.Restrict, schema.NoAction} {
		if norm == string(a) {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown action %q: want cascade, set null, set default, restrict or no action", s)
}

// target is a policy resolved against the final catalog.
type target struct {
	Policy
	table *schema.Table
	cols  []*schema.Column
}

// targets resolves the policies whose table exists in the final schema.
func (p *Pass) targets() []target {
	var out []target
	for _, pol := range p.Policies {
		t := p.Replay.Catalog.Lookup(pol.Schema, pol.Table)
		if t == nil {
			continue
		}
		var cols []*schema.Column
		if len(pol.Columns) == 0 {
			if pk := t.PrimaryKey(); pk != nil {
				cols = pk.Columns
			}
		}
		for _, name := range pol.Columns {
			if c := t.Column(name); c != nil {
				cols = append(cols, c)
			}
		}
		if len(cols) == 0 || len(pol.Columns) > 0 && len(cols) != len(pol.Columns) {
			continue
		}
		out = append(out, target{pol, t, cols})
	}
	return out
}

// policyFKs calls fn for every foreign key of the final schema that
// references a policy target, once per key and policy. Copies on partitions
// are left out: the partitioned table's key speaks for them.
func (p *Pass) policyFKs(fn func(fk *schema.Constraint, tg target)) {
	tgs := p.targets()
	for _, t := range p.tables() {
		for _, fk := range t.ForeignKeys() {
			if fk.Inherited {
				continue
			}
			for _, tg := range tgs {
				if fk.References(tg.table, tg.cols) {
					fn(fk, tg)
				}
			}
		}
	}
}

// keyText renders "table (cols) → reftable(refcols)".
func keyText(fk *schema.Constraint) string {
	return fmt.Sprintf("%s(%s) → %s(%s)", fk.Table.QualifiedName(), strings.Join(quoted(fk.Columns), ", "),
		fk.RefTable.QualifiedName(), strings.Join(quoted(fk.RefColumns), ", "))
}

func quoted(cols []*schema.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = schema.QuoteIdent(c.Name)
	}
	return out
}
