package histgen

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// The model is what the generator believes PostgreSQL 15 holds after each
// statement. It lets the generator write statements that apply (names that
// exist, keys that match) and mistakes that do not. It only needs to be
// right often: the oracle judges miglint against the real database, never
// against this model, and a statement the model got wrong merely turns a
// history into a rejected one.

type table struct {
	schema, name string
	cols         []*column
	cons         []*constraint
	indexes      []*constraint // CREATE INDEX: kind 'i'
}

type column struct {
	name, typ string
	notNull   bool
}

type constraint struct {
	name               string
	kind               byte
	cols               []*column
	ref                *table
	refCols            []*column
	dep                *constraint // foreign key: the referenced table's key or unique index it relies on
	onDelete, onUpdate string
	unique, expr       bool // index: UNIQUE; on lower(column)
	oid                int  // creation order
}

type model struct {
	schemas map[string]bool
	tables  []*table
	oids    int
}

func newModel() *model { return &model{schemas: map[string]bool{"public": true}} }

// pgError is a statement PostgreSQL would reject, with its SQLSTATE.
type pgError struct{ state, msg string }

func (e *pgError) Error() string { return e.state + ": " + e.msg }

// sqlState returns the SQLSTATE of a rejected statement, "" for nil.
func sqlState(err error) string {
	var e *pgError
	if errors.As(err, &e) {
		return e.state
	}
	return ""
}

func fail(state, format string, args ...any) error {
	return &pgError{state, fmt.Sprintf(format, args...)}
}

func (m *model) clone() *model {
	n := &model{schemas: maps.Clone(m.schemas), oids: m.oids}
	tabs := map[*table]*table{}
	cols := map[*column]*column{}
	cons := map[*constraint]*constraint{}
	for _, t := range m.tables {
		nt := &table{schema: t.schema, name: t.name}
		for _, c := range t.cols {
			nc := *c
			cols[c] = &nc
			nt.cols = append(nt.cols, &nc)
		}
		tabs[t] = nt
		n.tables = append(n.tables, nt)
	}
	for _, t := range m.tables {
		for _, k := range t.cons {
			nk := *k
			cons[k] = &nk
			tabs[t].cons = append(tabs[t].cons, &nk)
		}
		for _, k := range t.indexes {
			nk := *k
			cons[k] = &nk
			tabs[t].indexes = append(tabs[t].indexes, &nk)
		}
	}
	remap := func(cs []*column) []*column {
		out := make([]*column, len(cs))
		for i, c := range cs {
			out[i] = cols[c]
		}
		return out
	}
	for _, k := range cons {
		k.cols, k.refCols = remap(k.cols), remap(k.refCols)
		if k.ref != nil {
			k.ref = tabs[k.ref]
		}
		if k.dep != nil {
			k.dep = cons[k.dep]
		}
	}
	return n
}

func schemaOf(q qname) string {
	if q.schema == "" {
		return "public"
	}
	return q.schema
}

func (m *model) find(q qname) *table {
	s := schemaOf(q)
	for _, t := range m.tables {
		if t.schema == s && t.name == q.name {
			return t
		}
	}
	return nil
}

func (t *table) col(name string) *column {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (t *table) con(name string) *constraint {
	for _, k := range t.cons {
		if k.name == name {
			return k
		}
	}
	return nil
}

func (t *table) pkey() *constraint {
	for _, k := range t.cons {
		if k.kind == 'p' {
			return k
		}
	}
	return nil
}

func colNames(cs []*column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

// relExists: tables and indexes, those of primary keys and unique
// constraints included, share one name space per schema.
func (m *model) relExists(schema, name string) bool {
	for _, t := range m.tables {
		if t.schema != schema {
			continue
		}
		if t.name == name || t.index(name) != nil {
			return true
		}
		for _, k := range t.cons {
			if (k.kind == 'p' || k.kind == 'u') && k.name == name {
				return true
			}
		}
	}
	return false
}

func (t *table) index(name string) *constraint {
	for _, k := range t.indexes {
		if k.name == name {
			return k
		}
	}
	return nil
}

// add records a new constraint or index of t.
func (m *model) add(t *table, k *constraint) {
	m.oids++
	k.oid = m.oids
	if k.kind == 'i' {
		t.indexes = append(t.indexes, k)
	} else {
		t.cons = append(t.cons, k)
	}
}

func (m *model) conExists(schema, name string) bool {
	for _, t := range m.tables {
		if t.schema == schema && t.con(name) != nil {
			return true
		}
	}
	return false
}

// chooseName is ChooseConstraintName (avoiding constraint names),
// ChooseRelationName (relation names) or ChooseRelationName with
// isconstraint (both): label, label1, label2, ... until the name is free in
// the schema and not among others.
func (m *model) chooseName(schema, name1, name2, label string, avoid avoidNames, others []string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = fmt.Sprint(label, pass)
		}
		n := makeObjectName(name1, name2, l)
		if !slices.Contains(others, n) && !(avoid&constraints != 0 && m.conExists(schema, n)) &&
			!(avoid&relations != 0 && m.relExists(schema, n)) {
			return n
		}
	}
}

type avoidNames int

const (
	constraints avoidNames = 1 << iota
	relations
)

func (m *model) exec(s any) error {
	switch s := s.(type) {
	case *createSchema:
		if m.schemas[s.name] {
			if s.ifNotExists {
				return nil
			}
			return fail("42P06", "schema %q already exists", s.name)
		}
		m.schemas[s.name] = true
		return nil
	case *createTable:
		return m.createTable(s)
	case *alterTable:
		return m.alterTable(s)
	case *dropTable:
		t := m.find(s.t)
		if t == nil {
			if s.ifExists {
				return nil
			}
			return fail("42P01", "table %q does not exist", s.t.name)
		}
		var deps []*constraint
		for _, o := range m.tables {
			for _, k := range o.cons {
				if o != t && k.ref == t {
					deps = append(deps, k)
				}
			}
		}
		if len(deps) > 0 && !s.cascade {
			return fail("2BP01", "cannot drop table %q: foreign keys depend on it", t.name)
		}
		m.dropCons(deps)
		m.tables = slices.DeleteFunc(m.tables, func(o *table) bool { return o == t })
		return nil
	case *renameTable:
		t, err := m.mustFind(s.t)
		if err != nil {
			return err
		}
		if m.relExists(t.schema, s.to) {
			return fail("42P07", "relation %q already exists", s.to)
		}
		t.name = s.to
		return nil
	case *renameColumn:
		t, err := m.mustFind(s.t)
		if err != nil {
			return err
		}
		c := t.col(s.from)
		if c == nil {
			return fail("42703", "column %q does not exist", s.from)
		}
		if t.col(s.to) != nil {
			return fail("42701", "column %q already exists", s.to)
		}
		c.name = s.to
		return nil
	case *renameCon:
		t, err := m.mustFind(s.t)
		if err != nil {
			return err
		}
		k := t.con(s.from)
		if k == nil {
			return fail("42704", "constraint %q does not exist", s.from)
		}
		if t.con(s.to) != nil {
			return fail("42710", "constraint %q already exists", s.to)
		}
		if (k.kind == 'p' || k.kind == 'u') && m.relExists(t.schema, s.to) {
			return fail("42P07", "relation %q already exists", s.to)
		}
		k.name = s.to
		return nil
	case *setSchema:
		t, err := m.mustFind(s.t)
		if err != nil {
			return err
		}
		if !m.schemas[s.to] {
			return fail("3F000", "schema %q does not exist", s.to)
		}
		if m.relExists(s.to, t.name) {
			return fail("42P07", "relation %q already exists in %q", t.name, s.to)
		}
		for _, k := range append(slices.Clone(t.cons), t.indexes...) {
			if (k.kind == 'p' || k.kind == 'u' || k.kind == 'i') && m.relExists(s.to, k.name) {
				return fail("42P07", "relation %q already exists in %q", k.name, s.to)
			}
		}
		t.schema = s.to
		return nil
	case *createIndex:
		return m.createIndex(s)
	case *dropIndex:
		return m.dropIndex(s)
	}
	panic(fmt.Sprintf("histgen: unknown statement %T", s))
}

func (m *model) mustFind(q qname) (*table, error) {
	if t := m.find(q); t != nil {
		return t, nil
	}
	return nil, fail("42P01", "relation %q does not exist", q.name)
}

func (m *model) dropCons(ks []*constraint) {
	for _, t := range m.tables {
		t.cons = slices.DeleteFunc(t.cons, func(k *constraint) bool { return slices.Contains(ks, k) })
		t.indexes = slices.DeleteFunc(t.indexes, func(k *constraint) bool { return slices.Contains(ks, k) })
	}
}

// dependents returns the foreign keys, on any table, that rely on one of keys.
func (m *model) dependents(keys []*constraint) []*constraint {
	var out []*constraint
	for _, t := range m.tables {
		for _, k := range t.cons {
			if k.kind == 'f' && slices.Contains(keys, k.dep) && !slices.Contains(keys, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

func (m *model) createTable(s *createTable) error {
	schema := schemaOf(s.t)
	if !m.schemas[schema] {
		return fail("3F000", "schema %q does not exist", schema)
	}
	if m.relExists(schema, s.t.name) {
		if s.ifNotExists {
			return nil
		}
		return fail("42P07", "relation %q already exists", s.t.name)
	}
	t := &table{schema: schema, name: s.t.name}
	// CREATE TABLE makes its checks first, then its indexes, then its
	// foreign keys, each group in the order written.
	var checks, indexes, fkeys []*conDef
	sort := func(k *conDef) {
		switch k.kind {
		case 'c':
			checks = append(checks, k)
		case 'f':
			fkeys = append(fkeys, k)
		default:
			indexes = append(indexes, k)
		}
	}
	for _, e := range s.elems {
		switch e := e.(type) {
		case *colDef:
			if t.col(e.name) != nil {
				return fail("42701", "column %q specified more than once", e.name)
			}
			t.cols = append(t.cols, &column{name: e.name, typ: e.typ, notNull: e.notNull})
			for _, k := range e.cons {
				k := *k
				k.cols = []string{e.name}
				sort(&k)
			}
		case *conDef:
			sort(e)
		}
	}
	m.tables = append(m.tables, t)

	var checkNames []string
	for _, k := range checks {
		name, err := m.checkName(t, k, checkNames)
		if err != nil {
			return err
		}
		if err := m.addCon(t, k, name); err != nil {
			return err
		}
		checkNames = append(checkNames, name)
	}
	for _, k := range mergeIndexes(indexes) {
		if err := m.addIndexCon(t, k); err != nil {
			return err
		}
	}
	for _, k := range fkeys {
		if err := m.addFKey(t, k); err != nil {
			return err
		}
	}
	return nil
}

// mergeIndexes is what transformIndexConstraints does within one CREATE
// TABLE: the primary key goes first, and a unique constraint on exactly the
// same columns as an earlier one (the primary key included) is dropped,
// lending its name to the earlier one if that had none.
func mergeIndexes(ks []*conDef) []*conDef {
	var out []*conDef
	for _, k := range ks {
		if k.kind == 'p' {
			out = append(out, k)
		}
	}
	if len(out) > 1 {
		return ks // two primary keys: addIndexCon reports it
	}
next:
	for _, k := range ks {
		if k.kind == 'p' {
			continue
		}
		for i, prior := range out {
			if slices.Equal(prior.cols, k.cols) {
				if prior.name == "" && k.name != "" {
					named := *prior
					named.name = k.name
					out[i] = &named
				}
				continue next
			}
		}
		out = append(out, k)
	}
	return out
}

func (m *model) checkName(t *table, k *conDef, others []string) (string, error) {
	if k.name != "" {
		if t.con(k.name) != nil || slices.Contains(others, k.name) {
			return "", fail("42710", "constraint %q for relation %q already exists", k.name, t.name)
		}
		return k.name, nil
	}
	var col string
	if distinct := slices.Compact(slices.Sorted(slices.Values(k.cols))); len(distinct) == 1 {
		col = distinct[0]
	}
	return m.chooseName(t.schema, t.name, col, "check", constraints, others), nil
}

// addCon adds a check constraint named name.
func (m *model) addCon(t *table, k *conDef, name string) error {
	cols, err := resolve(t, k.cols)
	if err != nil {
		return err
	}
	m.add(t, &constraint{name: name, kind: 'c', cols: cols})
	return nil
}

func resolve(t *table, names []string) ([]*column, error) {
	var cols []*column
	for _, n := range names {
		c := t.col(n)
		if c == nil {
			return nil, fail("42703", "column %q of %q does not exist", n, t.name)
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func (m *model) addIndexCon(t *table, k *conDef) error {
	cols, err := resolve(t, k.cols)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return fail("42601", "syntax error: a key needs columns")
	}
	for i, c := range cols {
		if slices.Contains(cols[:i], c) {
			return fail("42701", "column %q appears twice", c.name)
		}
	}
	if k.kind == 'p' && t.pkey() != nil {
		return fail("42P16", "multiple primary keys for table %q are not allowed", t.name)
	}
	name := k.name
	switch {
	case name == "" && k.kind == 'p':
		name = m.chooseName(t.schema, t.name, "", "pkey", constraints|relations, nil)
	case name == "":
		name = m.chooseName(t.schema, t.name, nameAddition(k.cols), "key", constraints|relations, nil)
	case m.relExists(t.schema, name):
		return fail("42P07", "relation %q already exists", name)
	case t.con(name) != nil:
		return fail("42710", "constraint %q for relation %q already exists", name, t.name)
	}
	if k.kind == 'p' {
		for _, c := range cols {
			c.notNull = true
		}
	}
	m.add(t, &constraint{name: name, kind: k.kind, cols: cols})
	return nil
}

func (m *model) addFKey(t *table, k *conDef) error {
	cols, err := resolve(t, k.cols)
	if err != nil {
		return err
	}
	r := m.find(k.ref)
	if r == nil {
		return fail("42P01", "relation %q does not exist", k.ref.name)
	}
	var refCols []*column
	if k.refCols == nil {
		pk := r.pkey()
		if pk == nil {
			return fail("42704", "there is no primary key for referenced table %q", r.name)
		}
		refCols = pk.cols
	} else if refCols, err = resolve(r, k.refCols); err != nil {
		return err
	}
	if len(cols) != len(refCols) {
		return fail("42830", "number of referencing and referenced columns for foreign key disagree")
	}
	for i := range cols {
		if cols[i].typ != refCols[i].typ {
			return fail("42804", "foreign key columns %q and %q are of incompatible types", cols[i].name, refCols[i].name)
		}
	}
	// The first unique index, in OID order, on exactly the referenced set of columns.
	dep := r.pkey()
	if k.refCols != nil {
		// The oldest unique index on exactly the referenced set of columns.
		dep = nil
		for _, key := range r.keys() {
			if sameSet(key.cols, refCols) && (dep == nil || key.oid < dep.oid) {
				dep = key
			}
		}
	}
	if dep == nil {
		return fail("42830", "there is no unique constraint matching given keys for referenced table %q", r.name)
	}
	name := k.name
	if name == "" {
		name = m.chooseName(t.schema, t.name, nameAddition(k.cols), "fkey", constraints, nil)
	} else if t.con(name) != nil {
		return fail("42710", "constraint %q for relation %q already exists", name, t.name)
	}
	m.add(t, &constraint{name: name, kind: 'f', cols: cols, ref: r, refCols: refCols,
		dep: dep, onDelete: k.onDelete, onUpdate: k.onUpdate})
	return nil
}

// keys returns what a foreign key to t can rely on: its primary key, unique
// constraints and unique indexes on plain columns.
func (t *table) keys() []*constraint {
	var ks []*constraint
	for _, k := range append(slices.Clone(t.cons), t.indexes...) {
		if k.kind == 'p' || k.kind == 'u' || k.kind == 'i' && k.unique && !k.expr {
			ks = append(ks, k)
		}
	}
	return ks
}

func (m *model) createIndex(s *createIndex) error {
	t, err := m.mustFind(s.t)
	if err != nil {
		return err
	}
	if s.name != "" && m.relExists(t.schema, s.name) {
		if s.ifNotExists {
			return nil
		}
		return fail("42P07", "relation %q already exists", s.name)
	}
	cols, err := resolve(t, s.cols)
	if err != nil {
		return err
	}
	name := s.name
	if name == "" {
		// An expression's part of the name is what it calls: lower.
		addition := nameAddition(s.cols)
		if s.expr {
			addition = "lower"
		}
		name = m.chooseName(t.schema, t.name, addition, "idx", relations, nil)
	}
	m.add(t, &constraint{name: name, kind: 'i', cols: cols, unique: s.unique, expr: s.expr})
	return nil
}

func (m *model) dropIndex(s *dropIndex) error {
	schema := schemaOf(qname{schema: s.schema})
	for _, t := range m.tables {
		if t.schema != schema {
			continue
		}
		if k := t.index(s.name); k != nil {
			deps := m.dependents([]*constraint{k})
			if len(deps) > 0 && !s.cascade {
				return fail("2BP01", "cannot drop index %q: foreign keys depend on it", k.name)
			}
			m.dropCons(append(deps, k))
			return nil
		}
		if k := t.con(s.name); k != nil && (k.kind == 'p' || k.kind == 'u') {
			return fail("2BP01", "cannot drop index %q because constraint %q requires it", k.name, k.name)
		}
		if t.name == s.name {
			return fail("42809", "%q is not an index", s.name)
		}
	}
	if s.ifExists {
		return nil
	}
	return fail("42704", "index %q does not exist", s.name)
}

func sameSet(a, b []*column) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !slices.Contains(b, c) {
			return false
		}
	}
	return true
}

// alterTable runs the subcommands in PostgreSQL's passes: all drops, then
// all added columns, then index constraints (those of added columns first),
// then checks and foreign keys (likewise), each pass in the order written.
func (m *model) alterTable(s *alterTable) error {
	t, err := m.mustFind(s.t)
	if err != nil {
		return err
	}
	for _, c := range s.cmds {
		switch c := c.(type) {
		case dropCon:
			if err := m.dropConstraint(t, c); err != nil {
				return err
			}
		case dropCol:
			if err := m.dropColumn(t, c); err != nil {
				return err
			}
		}
	}
	var indexes, others []*conDef
	for _, c := range s.cmds {
		if c, ok := c.(*colDef); ok {
			if t.col(c.name) != nil {
				if c.ifNotExists {
					continue // skipped with its constraints
				}
				return fail("42701", "column %q of relation %q already exists", c.name, t.name)
			}
			t.cols = append(t.cols, &column{name: c.name, typ: c.typ, notNull: c.notNull})
			for _, k := range c.cons {
				k := *k
				k.cols = []string{c.name}
				if k.kind == 'p' || k.kind == 'u' {
					indexes = append(indexes, &k)
				} else {
					others = append(others, &k)
				}
			}
		}
	}
	for _, c := range s.cmds {
		if k, ok := c.(*conDef); ok {
			if k.kind == 'p' || k.kind == 'u' {
				indexes = append(indexes, k)
			} else {
				others = append(others, k)
			}
		}
	}
	for _, k := range indexes {
		if err := m.addIndexCon(t, k); err != nil {
			return err
		}
	}
	for _, k := range others {
		if k.kind == 'f' {
			err = m.addFKey(t, k)
		} else {
			var name string
			if name, err = m.checkName(t, k, nil); err == nil {
				err = m.addCon(t, k, name)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (m *model) dropConstraint(t *table, c dropCon) error {
	k := t.con(c.name)
	if k == nil {
		if c.ifExists {
			return nil
		}
		return fail("42704", "constraint %q of relation %q does not exist", c.name, t.name)
	}
	deps := m.dependents([]*constraint{k})
	if len(deps) > 0 && !c.cascade {
		return fail("2BP01", "cannot drop constraint %q: foreign keys depend on it", k.name)
	}
	m.dropCons(append(deps, k))
	return nil
}

// dropColumn drops the column with every constraint of the table that uses
// it; foreign keys elsewhere that rely on it need CASCADE.
func (m *model) dropColumn(t *table, c dropCol) error {
	col := t.col(c.name)
	if col == nil {
		if c.ifExists {
			return nil
		}
		return fail("42703", "column %q of relation %q does not exist", c.name, t.name)
	}
	var own []*constraint
	for _, k := range append(slices.Clone(t.cons), t.indexes...) {
		if slices.Contains(k.cols, col) {
			own = append(own, k)
		}
	}
	var deps []*constraint
	for _, o := range m.tables {
		for _, k := range o.cons {
			if k.kind == 'f' && !slices.Contains(own, k) && (slices.Contains(k.refCols, col) || slices.Contains(own, k.dep)) {
				deps = append(deps, k)
			}
		}
	}
	if len(deps) > 0 && !c.cascade {
		return fail("2BP01", "cannot drop column %q: foreign keys depend on it", col.name)
	}
	m.dropCons(append(own, deps...))
	t.cols = slices.DeleteFunc(t.cols, func(o *column) bool { return o == col })
	return nil
}
