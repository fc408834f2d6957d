package schema

import (
	"cmp"
	"slices"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/miglint/miglint/parser"
)

// ALTER TABLE runs its subcommands in passes, not in the order written:
// every DROP first, then type changes, new columns, column attributes, new
// keys, other new constraints (CHECKs before foreign keys), and the rest.
// So "ADD CONSTRAINT c ..., DROP CONSTRAINT IF EXISTS c" drops first.
const (
	passDrop = iota
	passAlterType
	passAddCol
	passColAttrs
	passAddIndex
	passAddCheck
	passAddFK
	passMisc
)

type step struct {
	pass int
	cmd  int // index of the subcommand, for its span
	run  func()
}

func (r *replayer) alterTable(at *pg_query.AlterTableStmt) {
	if at.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	t := r.table(at.Relation, at.MissingOk)
	if t == nil {
		return
	}
	var spans []parser.Span // computed only when a subcommand needs its span
	span := func(i int) parser.Span {
		if spans == nil {
			spans = r.s.Subcommands(at.Relation.Location)
		}
		if i < len(spans) {
			return spans[i]
		}
		return r.s.Span()
	}
	var steps []step
	var p pendingSet      // ADD CONSTRAINT's
	var cols []pendingSet // each ADD COLUMN's
	for i, n := range at.Cmds {
		cmd := n.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		i, cmd := i, cmd
		at := func() parser.Span { return span(i) }
		add := func(pass int, run func()) { steps = append(steps, step{pass, i, run}) }
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_DropConstraint:
			add(passDrop, func() { r.dropConstraint(t, cmd, at) })
		case pg_query.AlterTableType_AT_DropColumn:
			add(passDrop, func() { r.dropColumn(t, cmd, at) })
		case pg_query.AlterTableType_AT_AlterColumnType:
			add(passAlterType, func() {
				if c := r.column(t, cmd.Name, at); c != nil {
					c.Type = formatType(cmd.Def.GetColumnDef().GetTypeName())
				}
			})
		case pg_query.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if cd == nil {
				continue
			}
			// Whether the column exists is known only in its pass, after
			// the drops; its constraints wait for their passes and are
			// skipped if it was not added.
			added := new(bool)
			add(passAddCol, func() {
				if t.Column(cd.Colname) != nil {
					if !cmd.MissingOk {
						r.event(Exists, r.s.NameSpan(cd.Location), cd.Colname, t, "column %q of relation %q already exists", cd.Colname, t.Name)
					}
					return
				}
				var colp pendingSet
				*added = r.addColumn(t, cd, &colp, false) != nil
			})
			cols = append(cols, r.columnConstraints(cd, added))
		case pg_query.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil {
				p.add(con, nil, 0)
			}
		case pg_query.AlterTableType_AT_SetNotNull, pg_query.AlterTableType_AT_DropNotNull:
			add(passColAttrs, func() {
				if c := r.column(t, cmd.Name, at); c != nil {
					c.NotNull = cmd.Subtype == pg_query.AlterTableType_AT_SetNotNull
				}
			})
		case pg_query.AlterTableType_AT_ColumnDefault:
			add(passColAttrs, func() {
				if c := r.column(t, cmd.Name, at); c != nil {
					c.HasDefault = cmd.Def != nil
				}
			})
		case pg_query.AlterTableType_AT_AddIdentity:
			add(passColAttrs, func() {
				if c := r.column(t, cmd.Name, at); c != nil {
					c.NotNull, c.HasDefault = true, true
					r.ownSequence(t, c)
				}
			})
		case pg_query.AlterTableType_AT_ValidateConstraint:
			add(passMisc, func() {
				if c := t.Constraint(cmd.Name); c != nil {
					c.NotValid = false
				} else {
					r.event(Missing, at(), cmd.Name, t, "constraint %q of relation %q does not exist", cmd.Name, t.Name)
				}
			})
		}
	}
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.pass, b.pass) })
	for _, st := range steps {
		if st.pass <= passColAttrs {
			st.run()
		}
	}
	r.addQueued(t, cols, &p)
}

// columnConstraints queues the constraints of a column added by ALTER
// TABLE; the column itself is resolved by name when they run.
func (r *replayer) columnConstraints(cd *pg_query.ColumnDef, added *bool) pendingSet {
	var p pendingSet
	for i, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		var limit int32
		if i+1 < len(cd.Constraints) {
			limit = cd.Constraints[i+1].GetConstraint().GetLocation()
		}
		col := &Column{Name: cd.Colname}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
			p.keys = append(p.keys, pending{con, col, limit, added})
		case pg_query.ConstrType_CONSTR_FOREIGN:
			p.fks = append(p.fks, pending{con, col, limit, added})
		case pg_query.ConstrType_CONSTR_CHECK:
			p.checks = append(p.checks, pending{con, col, limit, added})
		}
	}
	return p
}

// addQueued runs ALTER TABLE's queued keys, CHECKs and foreign keys in
// PostgreSQL's order (seen on PostgreSQL 15). Each subcommand is
// transformed on its own, and what it makes is queued for a later pass:
// ADD COLUMN's pass comes before ADD CONSTRAINT's, so a new column's keys,
// CHECKs and foreign keys come before those of ADD CONSTRAINT, whatever the
// order written. Keys made from an existing index (USING INDEX) have a pass
// of their own before other keys; a column's own keys are merged and its
// primary key comes first, as in CREATE TABLE, but the keys of different
// subcommands are neither (ADD CONSTRAINT c_pkey UNIQUE (x), ADD PRIMARY
// KEY (y) names the primary key c_pkey1). A column's CHECKs come before its
// foreign keys; ADD CONSTRAINT's CHECKs and foreign keys come in the order
// written (ADD CONSTRAINT t_check FOREIGN KEY ..., ADD CHECK (...) names
// the check t_check1).
func (r *replayer) addQueued(t *Table, cols []pendingSet, p *pendingSet) {
	keys := live(p.keys)
	for _, k := range keys {
		if k.con.Indexname != "" {
			r.addKeys(t, []pending{k}, false)
		}
	}
	for _, c := range cols {
		r.addKeys(t, live(c.keys), true)
	}
	for _, k := range keys {
		if k.con.Indexname == "" {
			r.addKeys(t, []pending{k}, false)
		}
	}
	for _, c := range cols {
		for _, ck := range live(c.checks) {
			r.addQueuedOne(t, ck)
		}
		for _, fk := range live(c.fks) {
			r.addQueuedOne(t, fk)
		}
	}
	for _, c := range live(p.rest) {
		r.addQueuedOne(t, c)
	}
}

// addQueuedOne adds a CHECK or a foreign key that ALTER TABLE queued.
func (r *replayer) addQueuedOne(t *Table, c pending) {
	if c.con.Contype == pg_query.ConstrType_CONSTR_CHECK {
		var names []string // each ALTER TABLE command names its CHECK alone
		r.addCheck(t, c, &names)
		return
	}
	r.addFK(t, c.con, c.columns(c.con.FkAttrs), c.limit)
}

// live drops the constraints of columns that were not added.
func live(ps []pending) []pending {
	var out []pending
	for _, p := range ps {
		if p.added == nil || *p.added {
			out = append(out, p)
		}
	}
	return out
}

// column finds a column of t, recording a Missing event when there is none.
func (r *replayer) column(t *Table, name string, span func() parser.Span) *Column {
	c := t.Column(name)
	if c == nil && !t.Opaque {
		r.event(Missing, span(), name, t, "column %q of relation %q does not exist", name, t.Name)
	}
	return c
}

func (r *replayer) dropConstraint(t *Table, cmd *pg_query.AlterTableCmd, span func() parser.Span) {
	c := t.Constraint(cmd.Name)
	if c == nil {
		if cmd.MissingOk {
			r.event(NoopDrop, span(), cmd.Name, t, "constraint %q of relation %q does not exist, skipping", cmd.Name, t.Name)
		} else {
			r.event(Missing, span(), cmd.Name, t, "constraint %q of relation %q does not exist", cmd.Name, t.Name)
		}
		return
	}
	if c.Inherited {
		return // PostgreSQL refuses to drop an inherited constraint
	}
	deps := dependents(c.index, nil)
	if len(deps) > 0 && cmd.Behavior != pg_query.DropBehavior_DROP_CASCADE {
		r.event(Depended, span(), c.Name, t, "cannot drop constraint %s on table %s because other objects depend on it", c.Name, t.Name)
		return
	}
	for _, d := range deps {
		r.detach(d)
	}
	r.detach(c)
}

// dependents are the foreign keys that rely on idx, except those of tables
// being dropped along with it.
func dependents(idx *Index, dropping map[*Table]bool) []*Constraint {
	if idx == nil {
		return nil
	}
	var out []*Constraint
	for _, fk := range idx.Table.refBy.all() {
		if fk.refIndex == idx && !dropping[fk.Table] {
			out = append(out, fk)
		}
	}
	return out
}

// detach removes a constraint, with the index behind it.
func (r *replayer) detach(c *Constraint) {
	t := c.Table
	t.Constraints = remove(t.Constraints, c)
	t.Schema.conNames[c.Name]--
	if c.index != nil {
		r.removeIndex(c.index)
	}
	if c.RefTable != nil {
		c.RefTable.refBy.remove(c)
	}
}

func remove[T comparable](list []T, x T) []T {
	for i, y := range list {
		if y == x {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func (r *replayer) dropColumn(t *Table, cmd *pg_query.AlterTableCmd, span func() parser.Span) {
	col := t.Column(cmd.Name)
	if col == nil {
		if !cmd.MissingOk && !t.Opaque {
			r.event(Missing, span(), cmd.Name, t, "column %q of relation %q does not exist", cmd.Name, t.Name)
		}
		return
	}
	uses := func(cols []*Column) bool {
		for _, c := range cols {
			if c == col {
				return true
			}
		}
		return false
	}
	// Constraints and indexes of t on the column go with it; foreign keys
	// elsewhere that reference it need CASCADE.
	var own, deps []*Constraint
	for _, c := range t.Constraints {
		if uses(c.Columns) {
			own = append(own, c)
		}
	}
	for _, fk := range t.refBy.all() {
		if uses(fk.RefColumns) && !(fk.Table == t && uses(fk.Columns)) {
			deps = append(deps, fk)
		}
	}
	if len(deps) > 0 && cmd.Behavior != pg_query.DropBehavior_DROP_CASCADE {
		r.event(Depended, span(), col.Name, t, "cannot drop column %s of table %s because other objects depend on it", col.Name, t.Name)
		return
	}
	for _, c := range append(deps, own...) {
		if contains2(c.Table.Constraints, c) {
			r.detach(c)
		}
	}
	for _, idx := range append([]*Index(nil), t.Indexes...) {
		if idx.Constraint == nil && idx.uses(col) {
			r.removeIndex(idx)
		}
	}
	t.Columns = remove(t.Columns, col)
	t.indexColumns()
}

func contains2[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// --- RENAME, SET SCHEMA --------------------------------------------------------

func (r *replayer) rename(rs *pg_query.RenameStmt) {
	switch rs.RenameType {
	case pg_query.ObjectType_OBJECT_TABLE, pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW,
		pg_query.ObjectType_OBJECT_SEQUENCE, pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		r.renameRelation(rs)
	case pg_query.ObjectType_OBJECT_INDEX:
		r.renameIndex(rs)
	case pg_query.ObjectType_OBJECT_COLUMN:
		if rs.RelationType != pg_query.ObjectType_OBJECT_TABLE {
			return
		}
		t := r.table(rs.Relation, rs.MissingOk)
		if t == nil {
			return
		}
		c := r.column(t, rs.Subname, r.s.Span)
		if c == nil {
			return
		}
		if t.Column(rs.Newname) != nil {
			r.event(Exists, r.s.Span(), rs.Newname, t, "column %q of relation %q already exists", rs.Newname, t.Name)
			return
		}
		c.Name = rs.Newname
		t.indexColumns()
		for _, idx := range t.Indexes {
			idx.renameColumn(c)
		}
	case pg_query.ObjectType_OBJECT_TABCONSTRAINT:
		t := r.table(rs.Relation, rs.MissingOk)
		if t == nil {
			return
		}
		c := t.Constraint(rs.Subname)
		if c == nil {
			r.event(Missing, r.s.Span(), rs.Subname, t, "constraint %q for table %q does not exist", rs.Subname, t.Name)
			return
		}
		if t.Constraint(rs.Newname) != nil {
			r.event(Exists, r.s.Span(), rs.Newname, t, "constraint %q for relation %q already exists", rs.Newname, t.Name)
			return
		}
		if c.index != nil {
			if r.relationTaken(t, rs.Newname) {
				r.event(Exists, r.s.Span(), rs.Newname, t, "relation %q already exists", rs.Newname)
				return
			}
			r.renameIndexTo(c.index, rs.Newname)
			return
		}
		t.Schema.conNames[c.Name]--
		c.Name = rs.Newname
		t.Schema.conNames[c.Name]++
	case pg_query.ObjectType_OBJECT_SCHEMA:
		s := r.cat.schemas[rs.Subname]
		if s == nil {
			r.event(Missing, r.s.Span(), rs.Subname, nil, "schema %q does not exist", rs.Subname)
			return
		}
		if r.cat.schemas[rs.Newname] != nil {
			r.event(Exists, r.s.Span(), rs.Newname, nil, "schema %q already exists", rs.Newname)
			return
		}
		delete(r.cat.schemas, s.Name)
		s.Name = rs.Newname
		r.cat.schemas[s.Name] = s
	}
}

func (r *replayer) renameRelation(rs *pg_query.RenameStmt) {
	t, s := r.lookup(rs.Relation)
	if s == nil {
		if !rs.MissingOk {
			r.missingRelation(rs.Relation)
		}
		return
	}
	if s.relations[rs.Newname] > 0 {
		r.event(Exists, r.s.Span(), rs.Newname, t, "relation %q already exists", rs.Newname)
		return
	}
	if t == nil {
		if idx := s.indexNamed(rs.Relation.Relname); idx != nil { // ALTER TABLE RENAME works on indexes too
			r.renameIndexTo(idx, rs.Newname)
			return
		}
		s.relations[rs.Relation.Relname]--
		s.relations[rs.Newname]++
		return
	}
	delete(s.tables, t.Name)
	s.relations[t.Name]--
	t.Name = rs.Newname
	s.tables[t.Name] = t
	s.relations[t.Name]++
}

func (r *replayer) findIndex(schema, name string) *Index {
	path := r.cat.searchPath
	if schema != "" {
		path = []string{schema}
	}
	for _, sn := range path {
		if s := r.cat.schemas[sn]; s != nil && (r.crdb || s.relations[name] > 0) {
			if idx := s.indexNamed(name); idx != nil {
				return idx
			}
		}
	}
	return nil
}

func (r *replayer) renameIndex(rs *pg_query.RenameStmt) {
	idx := r.findIndex(rs.Relation.GetSchemaname(), rs.Relation.GetRelname())
	if idx == nil {
		return // an index we could not see (a partition's, say): nothing to check
	}
	if r.relationTaken(idx.Table, rs.Newname) {
		r.event(Exists, r.s.Span(), rs.Newname, idx.Table, "relation %q already exists", rs.Newname)
		return
	}
	r.renameIndexTo(idx, rs.Newname)
}

// renameIndexTo renames an index and the constraint it implements, which
// always share a name.
func (r *replayer) renameIndexTo(idx *Index, name string) {
	s := idx.Table.Schema
	if !r.crdb {
		s.relations[idx.Name]--
		s.relations[name]++
	}
	if c := idx.Constraint; c != nil {
		s.conNames[c.Name]--
		c.Name = name
		s.conNames[name]++
	}
	s.removeIndexName(idx)
	idx.Name = name
	s.addIndexName(idx)
}

func (r *replayer) setSchema(as *pg_query.AlterObjectSchemaStmt) {
	if as.ObjectType != pg_query.ObjectType_OBJECT_TABLE {
		return
	}
	t := r.table(as.Relation, as.MissingOk)
	if t == nil {
		return
	}
	to := r.cat.schemas[as.Newschema]
	if to == nil {
		r.event(Missing, r.s.Span(), as.Newschema, t, "schema %q does not exist", as.Newschema)
		return
	}
	from := t.Schema
	if to == from {
		return
	}
	rels := append([]string{t.Name}, t.sequences...)
	for _, idx := range t.Indexes {
		if !r.crdb {
			rels = append(rels, idx.Name)
		}
	}
	for _, n := range rels {
		if to.relations[n] > 0 {
			r.event(Exists, r.s.Span(), n, t, "relation %q already exists in schema %q", n, to.Name)
			return
		}
	}
	for _, n := range rels {
		from.relations[n]--
		to.relations[n]++
	}
	for _, c := range t.Constraints {
		from.conNames[c.Name]--
		to.conNames[c.Name]++
	}
	for _, idx := range t.Indexes {
		from.removeIndexName(idx)
		to.addIndexName(idx)
	}
	delete(from.tables, t.Name)
	to.tables[t.Name] = t
	t.Schema = to
}

// --- DROP, CREATE INDEX ---------------------------------------------------------

func (r *replayer) drop(ds *pg_query.DropStmt) {
	cascade := ds.Behavior == pg_query.DropBehavior_DROP_CASCADE
	switch ds.RemoveType {
	case pg_query.ObjectType_OBJECT_TABLE:
		var tables []*Table
		dropping := map[*Table]bool{}
		for _, obj := range ds.Objects {
			rv := rangeVar(strs(obj.GetList().GetItems()))
			if t := r.table(rv, ds.MissingOk); t != nil && !dropping[t] {
				tables = append(tables, t)
				dropping[t] = true
			}
		}
		var deps []*Constraint
		for _, t := range tables {
			for _, fk := range t.refBy.all() {
				if !dropping[fk.Table] {
					deps = append(deps, fk)
				}
			}
		}
		if len(deps) > 0 && !cascade {
			r.event(Depended, r.s.Span(), tables[0].Name, tables[0], "cannot drop table %s because other objects depend on it", deps[0].RefTable.Name)
			return
		}
		for _, fk := range deps {
			r.detach(fk)
		}
		for _, t := range tables {
			r.dropTable(t)
		}
	case pg_query.ObjectType_OBJECT_INDEX:
		for _, obj := range ds.Objects {
			names := strs(obj.GetList().GetItems())
			rv := rangeVar(names)
			idx := r.findIndex(rv.Schemaname, rv.Relname)
			if idx == nil {
				continue // possibly an index made where we cannot see
			}
			if c := idx.Constraint; c != nil {
				// CockroachDB drops a unique constraint with its index
				// when asked to CASCADE; PostgreSQL never does.
				if r.crdb && cascade {
					for _, fk := range dependents(idx, nil) {
						r.detach(fk)
					}
					r.detach(c)
					continue
				}
				r.event(Depended, r.s.Span(), idx.Name, idx.Table, "cannot drop index %s because constraint %s on table %s requires it", idx.Name, c.Name, idx.Table.Name)
				continue
			}
			deps := dependents(idx, nil)
			if len(deps) > 0 && !cascade {
				r.event(Depended, r.s.Span(), idx.Name, idx.Table, "cannot drop index %s because other objects depend on it", idx.Name)
				continue
			}
			for _, fk := range deps {
				r.detach(fk)
			}
			r.removeIndex(idx)
		}
	case pg_query.ObjectType_OBJECT_SCHEMA:
		for _, obj := range ds.Objects {
			name := obj.GetString_().GetSval()
			s := r.cat.schemas[name]
			if s == nil {
				if !ds.MissingOk {
					r.event(Missing, r.s.Span(), name, nil, "schema %q does not exist", name)
				}
				continue
			}
			if len(s.relations) > 0 && !cascade && nonEmpty(s) {
				r.event(Depended, r.s.Span(), name, nil, "cannot drop schema %s because other objects depend on it", name)
				continue
			}
			for _, t := range s.tables {
				for _, fk := range t.refBy.all() {
					if fk.Table.Schema != s {
						r.detach(fk)
					}
				}
			}
			delete(r.cat.schemas, name)
		}
	case pg_query.ObjectType_OBJECT_VIEW, pg_query.ObjectType_OBJECT_MATVIEW, pg_query.ObjectType_OBJECT_SEQUENCE,
		pg_query.ObjectType_OBJECT_FOREIGN_TABLE:
		for _, obj := range ds.Objects {
			rv := rangeVar(strs(obj.GetList().GetItems()))
			if t, s := r.lookup(rv); s != nil && t == nil {
				s.relations[rv.Relname]--
			}
		}
	}
}

func nonEmpty(s *Schema) bool {
	for _, n := range s.relations {
		if n > 0 {
			return true
		}
	}
	return false
}

func rangeVar(names []string) *pg_query.RangeVar {
	rv := &pg_query.RangeVar{Location: -1}
	switch n := len(names); {
	case n >= 2:
		rv.Schemaname, rv.Relname = names[n-2], names[n-1]
	case n == 1:
		rv.Relname = names[0]
	}
	return rv
}

func (r *replayer) dropTable(t *Table) {
	for _, c := range append([]*Constraint(nil), t.Constraints...) {
		r.detach(c)
	}
	s := t.Schema
	for _, idx := range append([]*Index(nil), t.Indexes...) {
		r.removeIndex(idx)
	}
	for _, seq := range t.sequences {
		s.relations[seq]--
	}
	s.relations[t.Name]--
	delete(s.tables, t.Name)
}

func (r *replayer) createIndex(is *pg_query.IndexStmt) {
	t := r.table(is.Relation, false)
	if t == nil {
		return
	}
	var names []string
	var cols, deps []*Column
	for _, p := range is.IndexParams {
		e := p.GetIndexElem()
		if e == nil {
			continue
		}
		c := t.Column(e.Name)
		if e.Name != "" && c == nil && !t.Opaque {
			r.event(Missing, r.s.Span(), e.Name, t, "column %q does not exist", e.Name)
			return
		}
		names, cols = append(names, indexElemName(e)), append(cols, c)
		deps = append(deps, columnsOf(t, exprColumns(e.Expr))...)
	}
	deps = append(deps, columnsOf(t, exprColumns(is.WhereClause))...)
	name := is.Idxname
	if name == "" {
		name = r.indexName(t, names)
	} else if r.relationTaken(t, name) {
		if !is.IfNotExists {
			r.event(Exists, r.s.Span(), name, t, "relation %q already exists", name)
		}
		return
	}
	idx := newIndex(t, name, names, cols)
	idx.Unique, idx.Partial = is.Unique, is.WhereClause != nil
	idx.deps = append(idx.deps, deps...)
	r.addIndex(idx)
}
