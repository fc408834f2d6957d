package oracle

import (
	"fmt"
	"slices"
	"strings"

	"github.com/miglint/miglint/report"
)

// The catalog is the JSON that `miglint schema --format json` prints (its
// types live in report); the query below makes PostgreSQL print the same
// shape.
type (
	Catalog    = report.SchemaDoc
	Table      = report.SchemaTable
	Column     = report.SchemaColumn
	Constraint = report.SchemaConstraint
	Ref        = report.SchemaRef
	Index      = report.SchemaIndex
)

// catalogQuery reads ordinary and partitioned tables outside the system
// schemas. An index column that is an expression comes in parentheses. Constraints with conparentid <> 0 are skipped: PostgreSQL adds
// them by itself when a foreign key or key is put on a partitioned table
// (one copy per partition, and one per partition of a referenced
// partitioned table); a migration never names them.
var catalogQuery = `
SELECT json_build_object('tables', coalesce(json_agg(t ORDER BY t.schema, t.name), '[]'))
FROM (
  SELECT n.nspname AS schema, c.relname AS name,
    (SELECT coalesce(json_agg(json_build_object('name', a.attname,
              'type', format_type(a.atttypid, a.atttypmod), 'not_null', a.attnotnull) ORDER BY a.attnum), '[]')
       FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
    (SELECT coalesce(json_agg(json_build_object(
              'name', k.conname,
              'type', CASE k.contype WHEN 'p' THEN 'primary_key' WHEN 'u' THEN 'unique'
                                     WHEN 'c' THEN 'check' ELSE 'foreign_key' END,
              'columns', (SELECT coalesce(json_agg(a.attname ORDER BY u.i), '[]')
                            FROM unnest(k.conkey) WITH ORDINALITY u(num, i)
                            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num),
              'references', CASE WHEN k.contype = 'f' THEN json_build_object(
                 'schema', fn.nspname, 'table', fc.relname,
                 'columns', (SELECT json_agg(a.attname ORDER BY u.i)
                               FROM unnest(k.confkey) WITH ORDINALITY u(num, i)
                               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num)) END,
              'on_delete', CASE WHEN k.contype = 'f' THEN ` + actionSQL("k.confdeltype") + ` END,
              'on_update', CASE WHEN k.contype = 'f' THEN ` + actionSQL("k.confupdtype") + ` END
            ) ORDER BY k.conname), '[]')
       FROM pg_constraint k
       LEFT JOIN pg_class fc ON fc.oid = k.confrelid
       LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE k.conrelid = c.oid AND k.contype IN ('p', 'u', 'c', 'f') AND k.conparentid = 0) AS constraints,
    (SELECT coalesce(json_agg(json_build_object('name', ic.relname, 'unique', i.indisunique,
              'columns', (SELECT json_agg(CASE WHEN i.indkey[g - 1] = 0 THEN '(' || pg_get_indexdef(i.indexrelid, g, true) || ')'
                                               ELSE (SELECT attname FROM pg_attribute
                                                      WHERE attrelid = c.oid AND attnum = i.indkey[g - 1]) END ORDER BY g)
                            FROM generate_series(1, i.indnkeyatts) g)) ORDER BY ic.relname), '[]')
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = c.oid) AS indexes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
) t;
`

func actionSQL(col string) string {
	return "CASE " + col + " WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' " +
		"WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END"
}

// Difference is one way miglint's catalog differs from PostgreSQL's.
type Difference struct {
	Kind string // table, column, constraint, fkey or index
	Sig  string // what differs, without names: groups differences that are likely one bug
	Text string
}

func (d Difference) String() string { return "[" + d.Kind + "] " + d.Text }

// Diff lists how got (miglint) differs from want (PostgreSQL). Column types
// are not compared.
func Diff(want, got *Catalog) []Difference {
	var out []Difference
	add := func(kind, sig, format string, args ...any) {
		out = append(out, Difference{kind, sig, fmt.Sprintf(format, args...)})
	}
	gotTables := map[string]*Table{}
	for i := range got.Tables {
		gotTables[tableKey(&got.Tables[i])] = &got.Tables[i]
	}
	for i := range want.Tables {
		w := &want.Tables[i]
		key := tableKey(w)
		g := gotTables[key]
		delete(gotTables, key)
		if g == nil {
			add("table", "only in PostgreSQL", "%s: only in PostgreSQL", key)
			continue
		}
		diffColumns(key, w, g, add)
		diffConstraints(key, w, g, add)
		diffIndexes(key, w, g, add)
	}
	for _, key := range slices.Sorted(mapKeys(gotTables)) {
		add("table", "only in miglint", "%s: only in miglint", key)
	}
	return out
}

func tableKey(t *Table) string { return t.Schema + "." + t.Name }

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type addFunc func(kind, sig, format string, args ...any)

func diffColumns(key string, w, g *Table, add addFunc) {
	var wn, gn []string
	for _, c := range w.Columns {
		wn = append(wn, c.Name)
	}
	for _, c := range g.Columns {
		gn = append(gn, c.Name)
	}
	if !slices.Equal(wn, gn) {
		add("column", "names", "%s: columns %s in PostgreSQL, %s in miglint", key, list(wn), list(gn))
		return
	}
	for i, c := range w.Columns {
		if c.NotNull != g.Columns[i].NotNull {
			add("column", "not_null", "%s.%s: not_null %v in PostgreSQL, %v in miglint", key, c.Name, c.NotNull, g.Columns[i].NotNull)
		}
	}
}

func diffConstraints(key string, w, g *Table, add addFunc) {
	gc := map[string]*Constraint{}
	for i := range g.Constraints {
		gc[g.Constraints[i].Name] = &g.Constraints[i]
	}
	for i := range w.Constraints {
		wc := &w.Constraints[i]
		c := gc[wc.Name]
		delete(gc, wc.Name)
		if c == nil {
			add("constraint", wc.Type+" only in PostgreSQL", "%s: %s %s only in PostgreSQL: %s", key, wc.Type, wc.Name, describe(wc))
			continue
		}
		if c.Type != wc.Type {
			add("constraint", "type", "%s: %s is a %s in PostgreSQL, a %s in miglint", key, wc.Name, wc.Type, c.Type)
			continue
		}
		if what, d := diffConstraint(wc, c); d != "" {
			kind := "constraint"
			if wc.Type == "foreign_key" {
				kind = "fkey"
			}
			add(kind, wc.Type+" "+what, "%s: %s %s: %s", key, wc.Type, wc.Name, d)
		}
	}
	for _, name := range slices.Sorted(mapKeys(gc)) {
		c := gc[name]
		add("constraint", c.Type+" only in miglint", "%s: %s %s only in miglint: %s", key, c.Type, name, describe(c))
	}
}

// diffConstraint compares what matters for a constraint of the same name
// and type; it returns the names of what differs and the details, or two
// empty strings.
func diffConstraint(w, g *Constraint) (string, string) {
	var what, d []string
	wcols, gcols := w.Columns, g.Columns
	if w.Type == "check" {
		// PostgreSQL lists a check's columns in the order its expression mentions them.
		wcols, gcols = slices.Sorted(slices.Values(wcols)), slices.Sorted(slices.Values(gcols))
	}
	if !slices.Equal(wcols, gcols) {
		what, d = append(what, "columns"), append(d, fmt.Sprintf("columns %s vs %s", list(w.Columns), list(g.Columns)))
	}
	if w.Type == "foreign_key" {
		if wr, gr := refString(w.References), refString(g.References); wr != gr {
			what, d = append(what, "references"), append(d, fmt.Sprintf("references %s vs %s", wr, gr))
		}
		if w.OnDelete != g.OnDelete {
			what, d = append(what, "on_delete"), append(d, fmt.Sprintf("on_delete %q vs %q", w.OnDelete, g.OnDelete))
		}
		if w.OnUpdate != g.OnUpdate {
			what, d = append(what, "on_update"), append(d, fmt.Sprintf("on_update %q vs %q", w.OnUpdate, g.OnUpdate))
		}
	}
	if len(d) == 0 {
		return "", ""
	}
	return strings.Join(what, "+"), strings.Join(d, "; ") + " (PostgreSQL vs miglint)"
}

func diffIndexes(key string, w, g *Table, add addFunc) {
	gi := map[string]*Index{}
	for i := range g.Indexes {
		gi[g.Indexes[i].Name] = &g.Indexes[i]
	}
	for i := range w.Indexes {
		wi := &w.Indexes[i]
		x := gi[wi.Name]
		delete(gi, wi.Name)
		switch {
		case x == nil:
			add("index", "only in PostgreSQL", "%s: index %s %s only in PostgreSQL", key, wi.Name, list(wi.Columns))
		case x.Unique != wi.Unique || !slices.EqualFunc(wi.Columns, x.Columns, sameIndexColumn):
			add("index", "definition", "%s: index %s: unique %v %s in PostgreSQL, unique %v %s in miglint",
				key, wi.Name, wi.Unique, list(wi.Columns), x.Unique, list(x.Columns))
		}
	}
	for _, name := range slices.Sorted(mapKeys(gi)) {
		add("index", "only in miglint", "%s: index %s %s only in miglint", key, name, list(gi[name].Columns))
	}
}

// sameIndexColumn compares an index column of PostgreSQL's with miglint's.
// The JSON interface does not say how to print an expression, and the
// catalog query puts PostgreSQL's in parentheses: any expression matches.
func sameIndexColumn(pg, ml string) bool {
	return pg == ml || strings.HasPrefix(pg, "(")
}

func describe(c *Constraint) string {
	s := list(c.Columns)
	if c.Type == "foreign_key" {
		s += " -> " + refString(c.References)
		if c.OnDelete != "" {
			s += " on delete " + c.OnDelete
		}
		if c.OnUpdate != "" {
			s += " on update " + c.OnUpdate
		}
	}
	return s
}

func refString(r *Ref) string {
	if r == nil {
		return "<none>"
	}
	return r.Schema + "." + r.Table + list(r.Columns)
}

func list(names []string) string { return "(" + strings.Join(names, ", ") + ")" }
