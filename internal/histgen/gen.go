// Package histgen generates random, reproducible migration histories for
// PostgreSQL that exercise how constraints, above all foreign keys, get
// their names and what later statements do to them.
package histgen

import (
	"fmt"
	"slices"
	"strings"
)

// File is one migration file.
type File struct {
	Name string // relative path, e.g. 003_alter.sql
	SQL  string
}

// History is a list of migration files, applied in order.
type History struct {
	Seed  int64
	Files []File
	// Mistake names the statement the generator wrote for PostgreSQL to
	// reject, in the last file; "" when every statement should apply.
	// Expect is the SQLSTATE the generator predicts for it.
	Mistake, Expect string
}

// Options tune Generate; zero fields take the defaults.
type Options struct {
	MaxFiles    int     // a history has 1..MaxFiles files (default 8)
	MaxStmts    int     // a file has 1..MaxStmts statements (default 4)
	MistakeRate float64 // share of histories with one deliberate mistake (default 0.1; negative: none)
}

func (o Options) withDefaults() Options {
	if o.MaxFiles <= 0 {
		o.MaxFiles = 8
	}
	if o.MaxStmts <= 0 {
		o.MaxStmts = 4
	}
	if o.MistakeRate == 0 {
		o.MistakeRate = 0.1
	}
	return o
}

type gen struct {
	r *rng
	w renderer
	m *model
}

// Generate returns the history for seed: the same seed and options give the same bytes.
func Generate(seed int64, opt Options) History {
	opt = opt.withDefaults()
	r := &rng{s: uint64(seed)}
	g := &gen{r: r, w: renderer{r}, m: newModel()}
	h := History{Seed: seed}

	nfiles := 1 + r.intn(opt.MaxFiles)
	sizes := make([]int, nfiles)
	total := 0
	for i := range sizes {
		sizes[i] = 1 + r.intn(opt.MaxStmts)
		total += sizes[i]
	}
	mistakeAt := -1
	if r.chance(opt.MistakeRate) {
		mistakeAt = r.intn(total)
	}
	n := 0
	for i, size := range sizes {
		var b strings.Builder
		label := ""
		tx := r.chance(0.1)
		if tx {
			b.WriteString("BEGIN;\n")
		}
		for j := 0; j < size; j++ {
			var s any
			var kind string
			if n == mistakeAt {
				s, kind, h.Expect = g.mistake()
				h.Mistake = kind
			} else {
				s, kind = g.statement()
			}
			n++
			if s == nil {
				continue
			}
			if label == "" {
				label = kind
			}
			if r.chance(0.15) {
				fmt.Fprintf(&b, "-- %s\n", kind)
			}
			b.WriteString(g.w.stmt(s) + ";\n")
			if r.chance(0.2) {
				b.WriteString("\n")
			}
		}
		if tx {
			b.WriteString("COMMIT;\n")
		}
		if label == "" {
			label = "empty"
		}
		h.Files = append(h.Files, File{Name: fmt.Sprintf("%03d_%s.sql", i+1, label), SQL: b.String()})
		if h.Mistake != "" {
			break // PostgreSQL stops here
		}
	}
	return h
}

type kind struct {
	name   string
	weight int
	make   func(*gen) any // nil when not possible now
}

var kinds = []kind{
	{"create_table", 14, (*gen).createTable},
	{"create_schema", 2, (*gen).createSchema},
	{"add_fkey", 12, (*gen).addFKey},
	{"add_column_fkey", 6, (*gen).addColumnFKey},
	{"add_check", 4, (*gen).addCheck},
	{"add_unique", 4, func(g *gen) any { return g.addKey('u') }},
	{"add_pkey", 3, func(g *gen) any { return g.addKey('p') }},
	{"alter_multi", 8, (*gen).alterMulti},
	{"convention_fix", 3, (*gen).conventionFix},
	{"repeat_fkey", 2, (*gen).repeatFKey},
	{"rename_table", 4, (*gen).renameTable},
	{"rename_column", 4, (*gen).renameColumn},
	{"rename_constraint", 4, (*gen).renameConstraint},
	{"set_schema", 3, (*gen).setSchema},
	{"drop_column", 4, (*gen).dropColumn},
	{"drop_table", 3, (*gen).dropTable},
	{"drop_constraint", 6, (*gen).dropConstraint},
	{"create_index", 4, (*gen).createIndex},
	{"drop_index", 2, (*gen).dropIndex},
	{"create_existing", 2, (*gen).createExisting},
}

// statement returns a statement the model accepts, and its kind.
func (g *gen) statement() (any, string) {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	for range 30 {
		k := kinds[0]
		x := g.r.intn(total)
		for _, kk := range kinds {
			if x < kk.weight {
				k = kk
				break
			}
			x -= kk.weight
		}
		if len(g.m.tables) == 0 && k.name != "create_schema" {
			k = kinds[0]
		}
		s := k.make(g)
		if s == nil {
			continue
		}
		m := g.m.clone()
		if m.exec(s) == nil {
			g.m = m
			return s, k.name
		}
	}
	return nil, ""
}

// mistake returns a statement the model rejects, what it is, and the SQLSTATE expected.
func (g *gen) mistake() (any, string, string) {
	mistakes := []struct {
		name string
		make func(*gen) any
	}{
		{"drop_missing_constraint", (*gen).dropMissing},
		{"duplicate_name", (*gen).duplicateName},
		{"missing_table", (*gen).missingTable},
		{"missing_column", (*gen).missingColumn},
		{"create_existing_table", (*gen).createExistingTable},
		{"drop_constraint_index", (*gen).dropConstraintIndex},
	}
	for range 30 {
		k := pick(g.r, mistakes)
		s := k.make(g)
		if s == nil {
			continue
		}
		if state := sqlState(g.m.clone().exec(s)); state != "" {
			return s, k.name, state
		}
	}
	// Always possible: a foreign key to a table that does not exist.
	s := &createTable{t: qname{name: "orphan_" + fmt.Sprint(g.r.intn(1000))}, elems: []any{
		&colDef{name: "id", typ: "integer", cons: []*conDef{{kind: 'f', ref: qname{name: "no_such_table"}}}}}}
	return s, "missing_table", "42P01"
}

// Helpers picking things from the model.

func (g *gen) table() *table {
	if len(g.m.tables) == 0 {
		return nil
	}
	return pick(g.r, g.m.tables)
}

func (g *gen) ref(t *table) qname {
	if t.schema == "public" && g.r.chance(0.8) {
		return qname{name: t.name}
	}
	return qname{t.schema, t.name}
}

func (g *gen) schema() string {
	if len(g.m.schemas) == 1 || g.r.chance(0.6) {
		return "public"
	}
	return pick(g.r, slices.Sorted(func(yield func(string) bool) {
		for s := range g.m.schemas {
			if !yield(s) {
				return
			}
		}
	}))
}

// fresh picks a pool name for which taken is false, or "".
func (g *gen) fresh(pool []string, taken func(string) bool) string {
	for range 10 {
		if n := pick(g.r, pool); !taken(n) {
			return n
		}
	}
	return ""
}

func (g *gen) colType() string {
	switch x := g.r.intn(10); {
	case x < 7:
		return "integer"
	case x < 9:
		return "bigint"
	}
	return "text"
}

func (g *gen) action() string {
	if g.r.chance(0.5) {
		return ""
	}
	return pick(g.r, actions)
}

// conName returns an explicit constraint name for table tname, or "" for
// a default name. Half the explicit names look like default names, to
// push later defaults to fkey1, key1, ...
func (g *gen) conName(tname string, cols []string, p float64) string {
	if !g.r.chance(p) {
		return ""
	}
	if g.r.chance(0.5) || len(cols) == 0 {
		return pick(g.r, constraintPool)
	}
	return makeObjectName(tname, nameAddition(cols), pick(g.r, []string{"fkey", "key", "check", "fkey1"}))
}

// columns tracks the columns a statement may use: the table's, plus those
// the statement adds through add.
type columns struct {
	names, types []string
	add          func(*colDef)
}

func tableColumns(t *table, add func(*colDef)) *columns {
	c := &columns{add: add}
	for _, col := range t.cols {
		c.names, c.types = append(c.names, col.name), append(c.types, col.typ)
	}
	return c
}

func (c *columns) newColumn(g *gen, typ string) *colDef {
	n := g.fresh(columnPool, func(n string) bool { return slices.Contains(c.names, n) })
	if n == "" {
		return nil
	}
	d := &colDef{name: n, typ: typ, notNull: g.r.chance(0.15)}
	c.names, c.types = append(c.names, n), append(c.types, typ)
	c.add(d)
	return d
}

// pickTyped returns distinct columns with the given types, reusing existing
// ones or adding new ones.
func (c *columns) pickTyped(g *gen, types []string) []string {
	var out []string
	for _, typ := range types {
		var cands []string
		for i, n := range c.names {
			if c.types[i] == typ && !slices.Contains(out, n) {
				cands = append(cands, n)
			}
		}
		if len(cands) > 0 && g.r.chance(0.6) {
			out = append(out, pick(g.r, cands))
			continue
		}
		d := c.newColumn(g, typ)
		if d == nil {
			return nil
		}
		out = append(out, d.name)
	}
	return out
}

// subset returns 1..max distinct columns in random order.
func (c *columns) subset(g *gen, max int) []string {
	if len(c.names) == 0 {
		return nil
	}
	names := slices.Clone(c.names)
	shuffle(g.r, names)
	return names[:1+g.r.intn(min(max, len(names)))]
}

// fkey returns a foreign key from columns of c to a key of some table, the
// table of c included once it exists.
func (g *gen) fkey(c *columns) *conDef {
	var targets []*table
	for _, t := range g.m.tables {
		if len(t.keys()) > 0 {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	r := pick(g.r, targets)
	key := pick(g.r, r.keys())
	refCols := colNames(key.cols)
	shuffle(g.r, refCols) // any order of the key's columns matches it
	var types []string
	if key.kind == 'p' && g.r.chance(0.3) {
		refCols = nil // REFERENCES r means r's primary key, in its order
		for _, col := range key.cols {
			types = append(types, col.typ)
		}
	} else {
		for _, n := range refCols {
			types = append(types, r.col(n).typ)
		}
	}
	cols := c.pickTyped(g, types)
	if cols == nil {
		return nil
	}
	return &conDef{kind: 'f', cols: cols, ref: g.ref(r), refCols: refCols, onDelete: g.action(), onUpdate: g.action()}
}

// Statement makers.

func (g *gen) createSchema() any {
	if g.r.chance(0.2) {
		return &createSchema{name: pick(g.r, schemaPool), ifNotExists: true}
	}
	n := g.fresh(schemaPool, func(n string) bool { return g.m.schemas[n] })
	if n == "" {
		return nil
	}
	return &createSchema{name: n}
}

func (g *gen) createTable() any {
	schema := g.schema()
	name := g.fresh(tablePool, func(n string) bool { return g.m.relExists(schema, n) })
	if name == "" {
		return nil
	}
	q := qname{name: name}
	if schema != "public" || g.r.chance(0.1) {
		q.schema = schema
	}
	var defs []*colDef
	c := &columns{add: func(d *colDef) { defs = append(defs, d) }}
	for range 1 + g.r.intn(4) {
		c.newColumn(g, g.colType())
	}
	if len(defs) == 0 {
		return nil
	}
	var tcons []*conDef
	// inline puts a one-column constraint on its column, sometimes.
	inline := func(k *conDef) {
		if len(k.cols) == 1 && g.r.chance(0.5) {
			d := defs[slices.IndexFunc(defs, func(d *colDef) bool { return d.name == k.cols[0] })]
			k.cols = nil
			d.cons = append(d.cons, k)
			return
		}
		tcons = append(tcons, k)
	}
	var pk []string
	if g.r.chance(0.6) {
		pk = c.subset(g, 2)
		inline(&conDef{kind: 'p', cols: slices.Clone(pk), name: g.conName(name, pk, 0.2)})
	}
	for range g.r.intn(3) {
		if k := g.fkey(c); k != nil {
			k.name = g.conName(name, k.cols, 0.3)
			inline(k)
		}
	}
	for range g.r.intn(3) {
		cols := c.subset(g, 3)
		if pk != nil && g.r.chance(0.25) {
			cols = slices.Clone(pk) // folded into the primary key
		}
		inline(&conDef{kind: 'u', cols: cols, name: g.conName(name, cols, 0.3)})
	}
	for range g.r.intn(3) {
		cols := c.subset(g, 2)
		inline(&conDef{kind: 'c', cols: cols, name: g.conName(name, cols, 0.3)})
	}
	ct := &createTable{t: q, ifNotExists: g.r.chance(0.15)}
	for _, d := range defs {
		ct.elems = append(ct.elems, d)
	}
	shuffle(g.r, tcons)
	for _, k := range tcons {
		ct.elems = append(ct.elems, k)
	}
	return ct
}

// createExisting repeats CREATE TABLE IF NOT EXISTS for a table that exists: a no-op.
func (g *gen) createExisting() any {
	t := g.table()
	return &createTable{t: g.ref(t), ifNotExists: true, elems: []any{
		&colDef{name: "id", typ: "integer", cons: []*conDef{{kind: 'p'}}},
		&colDef{name: "zz_ignored", typ: "integer", cons: []*conDef{{kind: 'u'}}},
	}}
}

func (g *gen) alter(t *table) (*alterTable, *columns) {
	at := &alterTable{t: g.ref(t)}
	return at, tableColumns(t, func(d *colDef) { at.cmds = append(at.cmds, d) })
}

// insert puts cmd at a random place among the subcommands: PostgreSQL runs
// them by kind, not in the order written.
func (g *gen) insert(at *alterTable, cmd any) {
	at.cmds = slices.Insert(at.cmds, g.r.intn(len(at.cmds)+1), cmd)
}

func (g *gen) addFKey() any {
	t := g.table()
	at, c := g.alter(t)
	k := g.fkey(c)
	if k == nil {
		return nil
	}
	k.name = g.conName(t.name, k.cols, 0.3)
	k.notValid = g.r.chance(0.2)
	g.insert(at, k)
	return at
}

func (g *gen) addColumnFKey() any {
	t := g.table()
	at, c := g.alter(t)
	var d *colDef
	c.add = func(nd *colDef) { d = nd }
	k := g.fkey(c)
	if k == nil || d == nil || len(k.cols) != 1 {
		return nil
	}
	k.cols = nil
	k.name = g.conName(t.name, []string{d.name}, 0.3)
	d.cons = append(d.cons, k)
	at.cmds = append(at.cmds, d)
	if g.r.chance(0.1) {
		// IF NOT EXISTS on a column that exists skips its REFERENCES too.
		d.ifNotExists = true
		if len(t.cols) > 0 && g.r.chance(0.5) {
			d.name = pick(g.r, t.cols).name
		}
	}
	return at
}

func (g *gen) addCheck() any {
	t := g.table()
	at, c := g.alter(t)
	var cols []string
	if g.r.chance(0.9) {
		cols = c.subset(g, 2)
	}
	at.cmds = append(at.cmds, &conDef{kind: 'c', cols: cols, name: g.conName(t.name, cols, 0.3), notValid: g.r.chance(0.15)})
	return at
}

func (g *gen) addKey(kind byte) any {
	t := g.table()
	at, c := g.alter(t)
	if len(c.names) == 0 || g.r.chance(0.2) {
		c.newColumn(g, g.colType())
	}
	cols := c.subset(g, 2)
	if cols == nil {
		return nil
	}
	g.insert(at, &conDef{kind: kind, cols: cols, name: g.conName(t.name, cols, 0.3)})
	return at
}

// alterMulti is one ALTER TABLE with several subcommands, among them drop
// and re-add under the same name.
func (g *gen) alterMulti() any {
	t := g.table()
	at, c := g.alter(t)
	for range 2 + g.r.intn(3) {
		switch g.r.intn(6) {
		case 0:
			if d := c.newColumn(g, g.colType()); d != nil && g.r.chance(0.4) {
				kind := pick(g.r, []byte{'u', 'c'})
				d.cons = append(d.cons, &conDef{kind: kind, name: g.conName(t.name, []string{d.name}, 0.3)})
			}
		case 1:
			if k := g.fkey(c); k != nil {
				k.name = g.conName(t.name, k.cols, 0.3)
				g.insert(at, k)
			}
		case 2:
			cols := c.subset(g, 2)
			g.insert(at, &conDef{kind: pick(g.r, []byte{'u', 'c'}), cols: cols, name: g.conName(t.name, cols, 0.3)})
		case 3:
			if len(t.cons) > 0 {
				k := pick(g.r, t.cons)
				g.insert(at, dropCon{name: k.name, ifExists: g.r.chance(0.3), cascade: g.r.chance(0.5)})
			}
		case 4:
			if len(t.cols) > 1 {
				g.insert(at, dropCol{name: pick(g.r, t.cols).name, ifExists: g.r.chance(0.2), cascade: g.r.chance(0.7)})
			}
		case 5:
			// Drop and re-add under the same name; the drop runs first wherever it is written.
			if len(t.cons) > 0 {
				old := pick(g.r, t.cons)
				g.insert(at, dropCon{name: old.name, cascade: true})
				if k := g.fkey(c); k != nil {
					k.name = old.name
					g.insert(at, k)
				}
			}
		}
	}
	if len(at.cmds) == 0 {
		return nil
	}
	return at
}

// conventionFix is the hand-written repair seen in real histories: drop the
// foreign key under the name the convention predicts for the table's
// current name (IF EXISTS) and add it again under that name. After a rename
// the drop misses, and the table ends up with two foreign keys.
func (g *gen) conventionFix() any {
	var fks []*constraint
	var owners []*table
	for _, t := range g.m.tables {
		for _, k := range t.cons {
			if k.kind == 'f' {
				fks, owners = append(fks, k), append(owners, t)
			}
		}
	}
	if len(fks) == 0 {
		return nil
	}
	i := g.r.intn(len(fks))
	k, t := fks[i], owners[i]
	conv := makeObjectName(t.name, nameAddition(colNames(k.cols)), "fkey")
	return &alterTable{t: g.ref(t), cmds: []any{
		dropCon{name: conv, ifExists: true},
		&conDef{kind: 'f', name: conv, cols: colNames(k.cols), ref: g.ref(k.ref), refCols: colNames(k.refCols),
			onDelete: "CASCADE", onUpdate: g.action()},
	}}
}

// repeatFKey adds an unnamed copy of an existing foreign key: PostgreSQL
// allows it and names it fkey1, fkey2, ...
func (g *gen) repeatFKey() any {
	t := g.table()
	for _, k := range t.cons {
		if k.kind == 'f' {
			return &alterTable{t: g.ref(t), cmds: []any{&conDef{kind: 'f', cols: colNames(k.cols), ref: g.ref(k.ref),
				refCols: colNames(k.refCols), onDelete: g.action(), onUpdate: g.action()}}}
		}
	}
	return nil
}

func (g *gen) renameTable() any {
	t := g.table()
	to := g.fresh(tablePool, func(n string) bool { return g.m.relExists(t.schema, n) })
	if to == "" {
		return nil
	}
	return &renameTable{t: g.ref(t), to: to}
}

func (g *gen) renameColumn() any {
	t := g.table()
	if len(t.cols) == 0 {
		return nil
	}
	to := g.fresh(columnPool, func(n string) bool { return t.col(n) != nil })
	if to == "" {
		return nil
	}
	return &renameColumn{t: g.ref(t), from: pick(g.r, t.cols).name, to: to}
}

func (g *gen) renameConstraint() any {
	t := g.table()
	if len(t.cons) == 0 {
		return nil
	}
	k := pick(g.r, t.cons)
	to := g.conName(t.name, colNames(k.cols), 1)
	return &renameCon{t: g.ref(t), from: k.name, to: to}
}

func (g *gen) setSchema() any {
	t := g.table()
	to := g.schema()
	if to == t.schema {
		return nil
	}
	return &setSchema{t: g.ref(t), to: to}
}

func (g *gen) dropColumn() any {
	t := g.table()
	if len(t.cols) == 0 {
		return nil
	}
	at := &alterTable{t: g.ref(t), cmds: []any{dropCol{name: pick(g.r, t.cols).name, ifExists: g.r.chance(0.2), cascade: g.r.chance(0.3)}}}
	return g.cascadeIfNeeded(at, func() { at.cmds[0] = dropCol{name: at.cmds[0].(dropCol).name, cascade: true} })
}

func (g *gen) dropTable() any {
	t := g.table()
	s := &dropTable{t: g.ref(t), ifExists: g.r.chance(0.2), cascade: g.r.chance(0.3)}
	return g.cascadeIfNeeded(s, func() { s.cascade = true })
}

func (g *gen) dropConstraint() any {
	t := g.table()
	if len(t.cons) == 0 || g.r.chance(0.15) {
		// A name that is not there, with IF EXISTS: a notice, nothing else.
		name := g.conName(t.name, colNames(t.cols), 1)
		if t.con(name) != nil {
			return nil
		}
		return &alterTable{t: g.ref(t), cmds: []any{dropCon{name: name, ifExists: true}}}
	}
	k := pick(g.r, t.cons)
	at := &alterTable{t: g.ref(t), cmds: []any{dropCon{name: k.name, ifExists: g.r.chance(0.3), cascade: g.r.chance(0.2)}}}
	return g.cascadeIfNeeded(at, func() { at.cmds[0] = dropCon{name: k.name, cascade: true} })
}

// createIndex makes a plain or unique index, sometimes on lower(text
// column), sometimes under a name a constraint would get by default: index
// names take room in the schema's relation names.
func (g *gen) createIndex() any {
	t := g.table()
	c := tableColumns(t, nil)
	if len(c.names) == 0 {
		return nil
	}
	ci := &createIndex{t: g.ref(t), unique: g.r.chance(0.5), cols: c.subset(g, 2)}
	var texts []string
	for i, n := range c.names {
		if c.types[i] == "text" {
			texts = append(texts, n)
		}
	}
	if len(texts) > 0 && g.r.chance(0.3) {
		ci.expr, ci.cols = true, []string{pick(g.r, texts)}
	}
	if g.r.chance(0.5) {
		ci.name = g.conName(t.name, ci.cols, 1)
		ci.ifNotExists = g.r.chance(0.2)
	}
	return ci
}

func (g *gen) dropIndex() any {
	var idx []*constraint
	var owners []*table
	for _, t := range g.m.tables {
		for _, k := range t.indexes {
			idx, owners = append(idx, k), append(owners, t)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	i := g.r.intn(len(idx))
	s := &dropIndex{name: idx[i].name, ifExists: g.r.chance(0.2), cascade: g.r.chance(0.2)}
	if owners[i].schema != "public" || g.r.chance(0.2) {
		s.schema = owners[i].schema
	}
	return g.cascadeIfNeeded(s, func() { s.cascade = true })
}

// cascadeIfNeeded adds CASCADE when the drop would fail without it.
func (g *gen) cascadeIfNeeded(s any, setCascade func()) any {
	if sqlState(g.m.clone().exec(s)) == "2BP01" {
		setCascade()
	}
	return s
}

// Mistake makers: each returns a statement PostgreSQL rejects (if the model is right).

func (g *gen) dropMissing() any {
	t := g.table()
	if t == nil {
		return nil
	}
	name := g.conName(t.name, colNames(t.cols), 1)
	if t.con(name) != nil {
		return nil
	}
	return &alterTable{t: g.ref(t), cmds: []any{dropCon{name: name}}}
}

func (g *gen) duplicateName() any {
	t := g.table()
	if t == nil || len(t.cons) == 0 || len(t.cols) == 0 {
		return nil
	}
	at, c := g.alter(t)
	k := &conDef{kind: 'c', cols: c.subset(g, 1)}
	if g.r.chance(0.5) {
		if fk := g.fkey(c); fk != nil {
			k = fk
		}
	}
	k.name = pick(g.r, t.cons).name
	g.insert(at, k)
	return at
}

func (g *gen) missingTable() any {
	t := g.table()
	if t == nil {
		return nil
	}
	at, c := g.alter(t)
	cols := c.pickTyped(g, []string{"integer"})
	if cols == nil {
		return nil
	}
	missing := g.fresh(tablePool, func(n string) bool { return g.m.find(qname{name: n}) != nil })
	if missing == "" {
		return nil
	}
	g.insert(at, &conDef{kind: 'f', cols: cols, ref: qname{name: missing}, refCols: []string{"id"}})
	return at
}

func (g *gen) missingColumn() any {
	t := g.table()
	if t == nil {
		return nil
	}
	at, c := g.alter(t)
	k := g.fkey(c)
	if k == nil {
		return nil
	}
	r := g.m.find(k.ref)
	missing := g.fresh(columnPool, func(n string) bool { return r.col(n) != nil })
	if missing == "" {
		return nil
	}
	if k.refCols == nil {
		k.refCols = colNames(r.pkey().cols)
	}
	k.refCols[g.r.intn(len(k.refCols))] = missing
	g.insert(at, k)
	return at
}

func (g *gen) createExistingTable() any {
	t := g.table()
	if t == nil {
		return nil
	}
	return &createTable{t: g.ref(t), elems: []any{&colDef{name: "id", typ: "integer"}}}
}

// dropConstraintIndex drops the index of a primary key or unique constraint
// with DROP INDEX, which PostgreSQL refuses.
func (g *gen) dropConstraintIndex() any {
	t := g.table()
	if t == nil {
		return nil
	}
	for _, k := range t.cons {
		if k.kind == 'p' || k.kind == 'u' {
			s := &dropIndex{name: k.name, cascade: g.r.chance(0.3)}
			if t.schema != "public" {
				s.schema = t.schema
			}
			return s
		}
	}
	return nil
}
