package schema

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/miglint/miglint/parser"
)

// Result is what a replay produced.
type Result struct {
	Catalog *Catalog
	Events  []Event
	// AddedColumns are the ADD COLUMN subcommands of the replayed
	// statements, in order.
	AddedColumns []AddedColumn
}

// Options tune the replay.
type Options struct {
	// Dialect is parser.Postgres (the default) or parser.Cockroach, whose
	// default names and name scopes differ.
	Dialect string
	// CockroachVersion, as "major.minor", selects CockroachDB's naming
	// scheme: before 22.1 foreign keys were named fk_<col>_ref_<table>.
	// Empty means the current scheme.
	CockroachVersion string
}

// Replay applies the statements of files, in order, to an empty
// PostgreSQL database. Down files and sections are skipped, and so are
// statements that did not parse.
func Replay(files []*parser.File) *Result { return ReplayWith(files, Options{}) }

// ReplayWith is Replay for a dialect.
func ReplayWith(files []*parser.File, opts Options) *Result {
	x := NewReplayer(opts)
	for _, f := range files {
		x.File(f)
	}
	return x.Result()
}

var defaultPath = []string{"public"}

type replayer struct {
	cat    *Catalog
	events []Event
	opts   Options
	crdb   bool
	s      *parser.Statement
	// opaque holds the bodies of DO blocks and functions: they may create
	// objects we cannot see, so a missing object they mention is not reported.
	opaque   []string // in lower case
	searched map[string]search
	added    []AddedColumn
	pathBuf  []string // path's, reused: a path per name looked up
}

func (c *Catalog) addSchema(name string) *Schema {
	s := &Schema{Name: name, tables: map[string]*Table{}, relations: map[string]int{}, conNames: map[string]int{},
		indexes: map[string][]*Index{}}
	c.schemas[name] = s
	return s
}

func (r *replayer) event(kind EventKind, span parser.Span, name string, t *Table, format string, args ...any) {
	if kind == Missing && r.mayExist(name) {
		return
	}
	e := Event{Kind: kind, Stmt: r.s, Span: span, Name: name, Table: t, Msg: fmt.Sprintf(format, args...)}
	if kind == NoopDrop {
		e.Constraints = snapshot(t)
	}
	r.events = append(r.events, e)
}

// mayExist reports whether code we cannot analyse mentions name, or its
// stem without a numbered suffix (partitions made in a loop: t_0, t_1, ...).
func (r *replayer) mayExist(name string) bool {
	name = strings.ToLower(name)
	stem := strings.TrimRight(name, "0123456789")
	if stem != name {
		stem = strings.TrimSuffix(stem, "_")
	}
	return r.mentions(name) || len(stem) > 3 && r.mentions(stem)
}

func (r *replayer) stmt(n *pg_query.Node) {
	switch x := n.Node.(type) {
	case *pg_query.Node_CreateStmt:
		r.createTable(x.CreateStmt)
	case *pg_query.Node_AlterTableStmt:
		r.alterTable(x.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		r.rename(x.RenameStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		r.setSchema(x.AlterObjectSchemaStmt)
	case *pg_query.Node_DropStmt:
		r.drop(x.DropStmt)
	case *pg_query.Node_IndexStmt:
		r.createIndex(x.IndexStmt)
	case *pg_query.Node_CreateSchemaStmt:
		r.createSchema(x.CreateSchemaStmt)
	case *pg_query.Node_CreateSeqStmt:
		r.createRelation(x.CreateSeqStmt.Sequence, x.CreateSeqStmt.IfNotExists)
	case *pg_query.Node_ViewStmt:
		r.createView(x.ViewStmt.View)
	case *pg_query.Node_CompositeTypeStmt:
		r.createRelation(x.CompositeTypeStmt.Typevar, false)
	case *pg_query.Node_CreateTableAsStmt:
		r.createTableAs(x.CreateTableAsStmt)
	case *pg_query.Node_VariableSetStmt:
		r.set(x.VariableSetStmt)
	case *pg_query.Node_CreateDomainStmt:
		r.createDomain(x.CreateDomainStmt)
	case *pg_query.Node_DoStmt:
		r.addOpaque(bodies(x.DoStmt.Args))
	case *pg_query.Node_CreateFunctionStmt:
		r.addOpaque(bodies(x.CreateFunctionStmt.Options))
	}
}

// bodies returns the code of a DO block or function ("AS" options).
func bodies(opts []*pg_query.Node) []string {
	var out []string
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == "as" {
			if s := d.Arg.GetString_(); s != nil {
				out = append(out, s.Sval)
			}
			out = append(out, strs(d.Arg.GetList().GetItems())...)
		}
	}
	return out
}

// --- name resolution ---------------------------------------------------------

// path lists the schemas rv may name, in the order they are searched; the
// list is good until the next call.
func (r *replayer) path(rv *pg_query.RangeVar) []string {
	if rv.GetSchemaname() != "" {
		r.pathBuf = append(r.pathBuf[:0], rv.Schemaname)
	} else {
		r.pathBuf = append(append(r.pathBuf[:0], "pg_temp"), r.cat.searchPath...)
	}
	return r.pathBuf
}

// lookup finds the table rv names, the schema whose relation it is when it is
// some other relation (a view, sequence, ...), or neither.
func (r *replayer) lookup(rv *pg_query.RangeVar) (*Table, *Schema) {
	for _, name := range r.path(rv) {
		if s := r.cat.schemas[name]; s != nil && s.relations[rv.GetRelname()] > 0 {
			return s.tables[rv.Relname], s
		}
	}
	return nil, nil
}

// table finds the table rv names; when there is none it records a Missing
// event unless missingOK or the name is some other relation.
func (r *replayer) table(rv *pg_query.RangeVar, missingOK bool) *Table {
	t, s := r.lookup(rv)
	if t == nil && s == nil && !missingOK {
		r.missingRelation(rv)
	}
	return t
}

// refTable is the table a foreign key references. PostgreSQL refuses any
// other relation (42809, oracle seed 58634), where other statements on a
// table may take a view or a sequence.
func (r *replayer) refTable(rv *pg_query.RangeVar) *Table {
	t, s := r.lookup(rv)
	switch {
	case t != nil:
	case s == nil:
		r.missingRelation(rv)
	case s.indexNamed(rv.Relname) != nil:
		r.event(Missing, r.s.NameSpan(rv.Location), rv.Relname, nil, "%q is an index", rv.Relname)
	default:
		r.event(Missing, r.s.NameSpan(rv.Location), rv.Relname, nil, "referenced relation %q is not a table", rv.Relname)
	}
	return t
}

func (r *replayer) missingRelation(rv *pg_query.RangeVar) {
	if rv.GetSchemaname() != "" && r.cat.schemas[rv.Schemaname] == nil {
		r.event(Missing, r.s.NameSpan(rv.Location), rv.Schemaname, nil, "schema %q does not exist", rv.Schemaname)
		return
	}
	r.event(Missing, r.s.NameSpan(rv.Location), rv.GetRelname(), nil, "relation %q does not exist", qualified(rv))
}

func qualified(rv *pg_query.RangeVar) string {
	if rv.GetSchemaname() != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.GetRelname()
}

// creationSchema is where rv is created: its own schema, or the first
// existing schema of the search path.
func (r *replayer) creationSchema(rv *pg_query.RangeVar) *Schema {
	if rv.GetRelpersistence() == "t" && rv.GetSchemaname() == "" {
		if s := r.cat.schemas["pg_temp"]; s != nil {
			return s
		}
		return r.cat.addSchema("pg_temp")
	}
	if rv.GetSchemaname() != "" {
		s := r.cat.schemas[rv.Schemaname]
		if s == nil {
			r.event(Missing, r.s.NameSpan(rv.Location), rv.Schemaname, nil, "schema %q does not exist", rv.Schemaname)
		}
		return s
	}
	for _, name := range r.cat.searchPath {
		if s := r.cat.schemas[name]; s != nil {
			return s
		}
	}
	r.event(Missing, r.s.NameSpan(rv.Location), "", nil, "no schema has been selected to create in")
	return nil
}

// createRelation records a relation that is not a table (sequence, view,
// composite type): its name takes part in default index names.
func (r *replayer) createRelation(rv *pg_query.RangeVar, ifNotExists bool) {
	s := r.creationSchema(rv)
	if s == nil {
		return
	}
	if s.relations[rv.Relname] > 0 {
		if !ifNotExists {
			r.event(Exists, r.s.NameSpan(rv.Location), rv.Relname, nil, "relation %q already exists", rv.Relname)
		}
		return
	}
	s.relations[rv.Relname]++
}

// --- CREATE TABLE --------------------------------------------------------------

// pending is a constraint waiting for its turn: PostgreSQL creates a table's
// CHECK constraints first, then its keys (primary key first), then its
// foreign keys, each group in the order written.
type pending struct {
	con   *pg_query.Constraint
	col   *Column // for a column constraint
	limit int32   // where the next constraint of the same column starts
	added *bool   // for ALTER TABLE ADD COLUMN: whether the column was added
}

// columns are the columns a key or foreign key constrains: its column's,
// for a column constraint, else those its table constraint names.
func (p pending) columns(named []*pg_query.Node) []string {
	if p.col != nil {
		return []string{p.col.Name}
	}
	return strs(named)
}

// pendingSet queues constraints by kind; rest holds the CHECKs and foreign
// keys together in the order written, which is the order ALTER TABLE adds
// them in (CREATE TABLE adds all CHECKs first).
type pendingSet struct{ checks, keys, fks, rest []pending }

func (p *pendingSet) add(con *pg_query.Constraint, col *Column, limit int32) {
	switch con.Contype {
	case pg_query.ConstrType_CONSTR_CHECK:
		p.checks = append(p.checks, pending{con, col, limit, nil})
		p.rest = append(p.rest, pending{con, col, limit, nil})
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE, pg_query.ConstrType_CONSTR_EXCLUSION:
		p.keys = append(p.keys, pending{con, col, limit, nil})
	case pg_query.ConstrType_CONSTR_FOREIGN:
		p.fks = append(p.fks, pending{con, col, limit, nil})
		p.rest = append(p.rest, pending{con, col, limit, nil})
	}
}

// newTable starts the table rv creates, or is nil when rv cannot be
// created. The callers add it to its schema themselves, once its columns
// are known.
func (r *replayer) newTable(rv *pg_query.RangeVar, ifNotExists bool) *Table {
	s := r.creationSchema(rv)
	if s == nil {
		return nil
	}
	if s.relations[rv.Relname] > 0 {
		if !ifNotExists {
			r.event(Exists, r.s.NameSpan(rv.Location), rv.Relname, nil, "relation %q already exists", rv.Relname)
		}
		return nil
	}
	return &Table{Schema: s, Name: rv.Relname, Stmt: r.s, at: rv.Location}
}

func (r *replayer) createTable(cs *pg_query.CreateStmt) {
	t := r.newTable(cs.Relation, cs.IfNotExists)
	if t == nil {
		return
	}
	var parents []*Table
	for _, n := range cs.InhRelations {
		if p := r.table(n.GetRangeVar(), false); p != nil {
			parents = append(parents, p)
			t.Opaque = t.Opaque || p.Opaque
			for _, c := range p.Columns {
				if t.Column(c.Name) == nil {
					cp := *c
					t.addColumn(&cp)
				}
			}
		}
	}
	var p pendingSet
	var likes []*pg_query.TableLikeClause
	for _, elt := range cs.TableElts {
		switch x := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			r.addColumn(t, x.ColumnDef, &p, len(parents) > 0)
		case *pg_query.Node_Constraint:
			p.add(x.Constraint, nil, 0)
		case *pg_query.Node_TableLikeClause:
			likes = append(likes, x.TableLikeClause)
			r.like(t, x.TableLikeClause)
		}
	}
	t.Schema.tables[t.Name] = t
	t.Schema.relations[t.Name]++
	for _, parent := range parents {
		r.inherit(t, parent, cs.Partbound != nil)
	}
	for _, l := range likes {
		r.likeConstraints(t, l)
	}
	r.addPending(t, &p)
}

func (r *replayer) addPending(t *Table, p *pendingSet) {
	var names []string
	for _, c := range p.checks {
		r.addCheck(t, c, &names)
	}
	r.addKeys(t, p.keys, true)
	for _, c := range p.fks {
		r.addFK(t, c.con, c.columns(c.con.FkAttrs), c.limit)
	}
}

// addColumn adds a column definition and queues its constraints.
func (r *replayer) addColumn(t *Table, cd *pg_query.ColumnDef, p *pendingSet, inherited bool) *Column {
	if existing := t.Column(cd.Colname); existing != nil {
		if !inherited {
			r.event(Exists, r.s.NameSpan(cd.Location), cd.Colname, t, "column %q specified more than once", cd.Colname)
		}
		return nil
	}
	col := &Column{Name: cd.Colname, Type: formatType(cd.TypeName)}
	names := strs(cd.TypeName.GetNames())
	if len(names) == 1 && serialTypes[names[0]] != "" && len(cd.TypeName.GetArrayBounds()) == 0 {
		col.Type, col.NotNull, col.HasDefault = serialTypes[names[0]], true, true
		r.ownSequence(t, col)
	}
	for i, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		switch con.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL, pg_query.ConstrType_CONSTR_PRIMARY:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
			col.NotNull = false
		case pg_query.ConstrType_CONSTR_DEFAULT, pg_query.ConstrType_CONSTR_GENERATED:
			col.HasDefault = true
		case pg_query.ConstrType_CONSTR_IDENTITY:
			col.NotNull, col.HasDefault = true, true
			r.ownSequence(t, col)
		}
		var limit int32
		if i+1 < len(cd.Constraints) {
			limit = cd.Constraints[i+1].GetConstraint().GetLocation()
		}
		p.add(con, col, limit)
	}
	t.addColumn(col)
	return col
}

// ownSequence names the sequence behind a serial or identity column.
func (r *replayer) ownSequence(t *Table, col *Column) {
	name := t.Schema.chooseRelationName(t.Name, col.Name, "seq", false)
	t.Schema.relations[name]++
	t.sequences = append(t.sequences, name)
}

func (r *replayer) addCheck(t *Table, p pending, names *[]string) {
	name := p.con.Conname
	refs := exprColumns(p.con.RawExpr)
	if name == "" {
		single := ""
		if len(refs) == 1 {
			single = refs[0]
		}
		name = r.checkName(t, refs, single, *names)
	} else if t.Constraint(name) != nil || contains(*names, name) {
		r.event(Exists, r.clause(p), name, t, "constraint %q for relation %q already exists", name, t.Name)
		return
	}
	*names = append(*names, name)
	r.attach(&Constraint{Name: name, Type: Check, Table: t, Columns: columnsOf(t, refs), NotValid: p.con.SkipValidation,
		Stmt: r.s, at: p.con.Location, limit: p.limit})
}

func (r *replayer) clause(p pending) parser.Span {
	limit := 0
	if p.limit > 0 {
		limit = r.s.At(p.limit)
	}
	return r.s.ClauseSpan(r.s.At(p.con.Location), limit)
}

// attach adds c to its table and the schema's constraint names.
func (r *replayer) attach(c *Constraint) {
	c.Table.Constraints = append(c.Table.Constraints, c)
	c.Table.Schema.conNames[c.Name]++
}

type keySpec struct {
	p       pending
	cols    []string
	name    string
	primary bool
}

// addKeys creates primary key, unique and exclusion constraints the way
// transformIndexConstraints does: the primary key first, and, in CREATE
// TABLE only (merge), a key that repeats an earlier one's columns merged
// into it; ALTER TABLE creates every one.
func (r *replayer) addKeys(t *Table, keys []pending, merge bool) {
	var specs []keySpec
	for _, p := range keys {
		cols := p.columns(p.con.Keys)
		if p.con.Contype == pg_query.ConstrType_CONSTR_EXCLUSION {
			cols = nil
			for _, ex := range p.con.Exclusions {
				if items := ex.GetList().GetItems(); len(items) > 0 {
					cols = append(cols, indexElemName(items[0].GetIndexElem()))
				}
			}
		}
		spec := keySpec{p: p, cols: cols, name: p.con.Conname, primary: p.con.Contype == pg_query.ConstrType_CONSTR_PRIMARY}
		if spec.primary {
			specs = append([]keySpec{spec}, specs...)
		} else {
			specs = append(specs, spec)
		}
	}
	var final []keySpec
	for _, k := range specs {
		merged := false
		for i := range final {
			if !merge {
				break
			}
			if k.p.con.Contype != pg_query.ConstrType_CONSTR_EXCLUSION && final[i].p.con.Contype != pg_query.ConstrType_CONSTR_EXCLUSION &&
				strings.Join(final[i].cols, "\x00") == strings.Join(k.cols, "\x00") &&
				final[i].p.con.Deferrable == k.p.con.Deferrable && final[i].p.con.NullsNotDistinct == k.p.con.NullsNotDistinct {
				if final[i].name == "" {
					final[i].name = k.name
				}
				merged = true
				break
			}
		}
		if !merged {
			final = append(final, k)
		}
	}
	for _, k := range final {
		r.addKey(t, k)
	}
}

func (r *replayer) addKey(t *Table, k keySpec) {
	var cols []*Column
	for _, name := range k.cols {
		c := t.Column(name)
		if c == nil {
			if !t.Opaque && k.p.con.Contype != pg_query.ConstrType_CONSTR_EXCLUSION {
				r.event(Missing, r.clause(k.p), name, t, "column %q named in key does not exist", name)
				return
			}
			continue
		}
		cols = append(cols, c)
	}
	typ, label := Unique, "key"
	switch {
	case k.primary:
		typ, label = PrimaryKey, "pkey"
		if pk := t.PrimaryKey(); pk != nil {
			if !r.crdb {
				r.event(Exists, r.clause(k.p), pk.Name, t, "multiple primary keys for table %q are not allowed", t.Name)
				return
			}
			r.detach(pk) // ALTER PRIMARY KEY replaces the key
		}
		for _, c := range cols {
			c.NotNull = true
		}
	case k.p.con.Contype == pg_query.ConstrType_CONSTR_EXCLUSION:
		typ, label = Exclusion, "excl"
	}
	name := k.name
	if k.p.con.Indexname != "" { // ADD CONSTRAINT ... USING INDEX
		r.keyFromIndex(t, k, typ, cols)
		return
	}
	switch {
	case name == "":
		name = r.keyName(t, k.cols, label)
	case r.relationTaken(t, name):
		r.event(Exists, r.clause(k.p), name, t, "relation %q already exists", name)
		return
	case t.Constraint(name) != nil:
		r.event(Exists, r.clause(k.p), name, t, "constraint %q for relation %q already exists", name, t.Name)
		return
	}
	c := &Constraint{Name: name, Type: typ, Table: t, Columns: cols, Stmt: r.s, at: k.p.con.Location, limit: k.p.limit}
	c.index = newIndex(t, name, ColumnNames(cols), cols)
	c.index.Unique, c.index.Constraint = typ != Exclusion, c
	r.addIndex(c.index)
	r.attach(c)
}

// keyFromIndex turns an existing unique index into a constraint, renaming
// the index to the constraint's name when one is given.
func (r *replayer) keyFromIndex(t *Table, k keySpec, typ ConstraintType, _ []*Column) {
	var idx *Index
	for _, i := range t.Indexes {
		if i.Name == k.p.con.Indexname && i.Constraint == nil {
			idx = i
		}
	}
	if idx == nil {
		r.event(Missing, r.clause(k.p), k.p.con.Indexname, t, "index %q does not exist", k.p.con.Indexname)
		return
	}
	if k.name != "" && k.name != idx.Name {
		r.renameIndexTo(idx, k.name)
	}
	var cols []*Column
	for _, n := range idx.Columns {
		if c := t.Column(n); c != nil {
			cols = append(cols, c)
			if typ == PrimaryKey {
				c.NotNull = true
			}
		}
	}
	c := &Constraint{Name: idx.Name, Type: typ, Table: t, Columns: cols, index: idx, Stmt: r.s, at: k.p.con.Location, limit: k.p.limit}
	idx.Constraint = c
	r.attach(c)
}

// addFK adds a foreign key whose referencing columns are cols (as written).
func (r *replayer) addFK(t *Table, con *pg_query.Constraint, cols []string, limit int32) {
	p := pending{con: con, limit: limit}
	ref := r.refTable(con.Pktable)
	if ref == nil {
		return
	}
	var fkCols []*Column
	for _, name := range cols {
		c := t.Column(name)
		if c == nil {
			if !t.Opaque {
				r.event(Missing, r.clause(p), name, t, "column %q referenced in foreign key constraint does not exist", name)
			}
			return
		}
		fkCols = append(fkCols, c)
	}
	var refCols []*Column
	var pk *Constraint
	if len(con.PkAttrs) == 0 {
		pk = ref.PrimaryKey()
		if pk == nil {
			if !ref.Opaque {
				r.event(Missing, r.s.NameSpan(con.Pktable.Location), ref.Name, ref, "there is no primary key for referenced table %q", ref.Name)
			}
			return
		}
		refCols = pk.Columns
	} else {
		for _, name := range strs(con.PkAttrs) {
			c := ref.Column(name)
			if c == nil {
				if !ref.Opaque {
					r.event(Missing, r.clause(p), name, ref, "column %q referenced in foreign key constraint does not exist", name)
				}
				return
			}
			refCols = append(refCols, c)
		}
	}
	name := con.Conname
	if name == "" {
		name = r.fkName(t, cols, ref)
	} else if t.Constraint(name) != nil {
		r.event(Exists, r.clause(p), name, t, "constraint %q for relation %q already exists", name, t.Name)
		return
	}
	c := &Constraint{Name: name, Type: ForeignKey, Table: t, Columns: fkCols, RefTable: ref, RefColumns: refCols,
		OnDelete: action(con.FkDelAction), OnUpdate: action(con.FkUpdAction), NotValid: con.SkipValidation,
		Stmt: r.s, at: con.Location, limit: limit}
	if pk != nil && pk.index != nil {
		// Without a column list, the primary key's index, even when an
		// older unique index has the same columns (transformFkeyGetPrimaryKey).
		c.refIndex = pk.index
	} else {
		c.refIndex = uniqueIndexOn(ref, refCols)
	}
	if c.refIndex == nil && !ref.Opaque {
		// PostgreSQL refuses the key (42830); it is kept here so that later
		// statements about it are still checked.
		r.event(Missing, r.clause(p), ref.Name, ref, "there is no unique constraint matching given keys for referenced table %q", ref.Name)
	}
	r.attach(c)
	ref.refBy.add(c)
}

// uniqueIndexOn finds the unique index whose columns are exactly cols, the
// one a foreign key to cols depends on.
func uniqueIndexOn(t *Table, cols []*Column) *Index {
	names := ColumnNames(cols)
	for _, idx := range t.Indexes {
		if idx.Unique && !idx.Partial && len(idx.Columns) == len(names) {
			all := true
			for _, n := range idx.Columns {
				all = all && contains(names, n)
			}
			if all {
				return idx
			}
		}
	}
	return nil
}

// inherit copies what a child table gets from its parent: CHECK constraints,
// and for a partition also the parent's keys (under new names) and foreign
// keys (under the same names).
func (r *replayer) inherit(t, parent *Table, partition bool) {
	for _, c := range parent.Constraints {
		if c.Type == Check && t.Constraint(c.Name) == nil {
			r.attach(&Constraint{Name: c.Name, Type: Check, Table: t, Columns: columnsOf(t, ColumnNames(c.Columns)), Inherited: true, Stmt: c.Stmt, at: c.at, limit: c.limit})
		}
	}
	if !partition {
		return
	}
	for _, idx := range parent.Indexes {
		label := "idx"
		if c := idx.Constraint; c != nil {
			label = map[ConstraintType]string{PrimaryKey: "pkey", Unique: "key", Exclusion: "excl"}[c.Type]
		}
		addition := nameAddition(indexColumnNames(idx.Columns))
		if label == "pkey" {
			addition = ""
		}
		name := t.Schema.chooseRelationName(t.Name, addition, label, idx.Constraint != nil)
		child := newIndex(t, name, append([]string(nil), idx.Columns...), columnRefs(t, idx.Columns))
		child.Unique = idx.Unique
		r.addIndex(child)
		if pc := idx.Constraint; pc != nil {
			c := &Constraint{Name: name, Type: pc.Type, Table: t, Columns: columnsOf(t, idx.Columns), Inherited: true,
				index: child, Stmt: pc.Stmt, at: pc.at, limit: pc.limit}
			child.Constraint = c
			r.attach(c)
		}
	}
	for _, fk := range parent.ForeignKeys() {
		c := *fk
		c.Table, c.Columns, c.Inherited = t, columnsOf(t, ColumnNames(fk.Columns)), true
		r.attach(&c)
		c.RefTable.refBy.add(&c)
	}
}

// columnRefs is t's column of each name, nil where there is none (an
// expression's name), position by position.
func columnRefs(t *Table, names []string) []*Column {
	refs := make([]*Column, len(names))
	for i, n := range names {
		refs[i] = t.Column(n)
	}
	return refs
}

func columnsOf(t *Table, names []string) []*Column {
	var cols []*Column
	for _, n := range names {
		if c := t.Column(n); c != nil {
			cols = append(cols, c)
		}
	}
	return cols
}

const (
	likeConstraints = 1 << 2
	likeIndexes     = 1 << 6
)

// like copies the columns of LIKE's source table.
func (r *replayer) like(t *Table, l *pg_query.TableLikeClause) {
	src := r.table(l.Relation, false)
	if src == nil {
		return
	}
	t.Opaque = t.Opaque || src.Opaque
	for _, c := range src.Columns {
		if t.Column(c.Name) == nil {
			cp := *c
			t.addColumn(&cp)
		}
	}
}

// likeConstraints copies LIKE's CHECK constraints (same names) and keys and
// indexes (new names), as INCLUDING CONSTRAINTS and INDEXES ask.
func (r *replayer) likeConstraints(t *Table, l *pg_query.TableLikeClause) {
	src, _ := r.lookup(l.Relation)
	if src == nil {
		return
	}
	if l.Options&likeConstraints != 0 {
		for _, c := range src.Constraints {
			if c.Type == Check && t.Constraint(c.Name) == nil {
				r.attach(&Constraint{Name: c.Name, Type: Check, Table: t, Columns: columnsOf(t, ColumnNames(c.Columns)), Stmt: r.s, at: l.Relation.Location})
			}
		}
	}
	if l.Options&likeIndexes == 0 {
		return
	}
	for _, idx := range src.Indexes {
		label, addition := "idx", nameAddition(indexColumnNames(idx.Columns))
		var typ ConstraintType
		if idx.Constraint != nil {
			typ = idx.Constraint.Type
			label = map[ConstraintType]string{PrimaryKey: "pkey", Unique: "key", Exclusion: "excl"}[typ]
		}
		if label == "pkey" {
			addition = ""
		}
		name := t.Schema.chooseRelationName(t.Name, addition, label, idx.Constraint != nil)
		ni := newIndex(t, name, append([]string(nil), idx.Columns...), columnRefs(t, idx.Columns))
		ni.Unique = idx.Unique
		r.addIndex(ni)
		if idx.Constraint != nil {
			c := &Constraint{Name: name, Type: typ, Table: t, Columns: columnsOf(t, idx.Columns), index: ni, Stmt: r.s, at: l.Relation.Location}
			ni.Constraint = c
			r.attach(c)
		}
	}
}

// createView records a view's name. Views vanish with DROP ... CASCADE of
// what they select from, which is not modelled, so re-creating one is never
// reported.
func (r *replayer) createView(rv *pg_query.RangeVar) {
	if s := r.creationSchema(rv); s != nil && s.relations[rv.Relname] == 0 {
		s.relations[rv.Relname]++
	}
}

func (r *replayer) createTableAs(cs *pg_query.CreateTableAsStmt) {
	rv := cs.Into.GetRel()
	if cs.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		r.createView(rv)
		return
	}
	t := r.newTable(rv, cs.IfNotExists)
	if t == nil {
		return
	}
	names := strs(cs.Into.ColNames)
	if len(names) == 0 {
		for _, target := range cs.Query.GetSelectStmt().GetTargetList() {
			rt := target.GetResTarget()
			name := rt.GetName()
			if name == "" {
				name = figureColname(rt.GetVal())
			}
			if name == "" || name == "*" || rt.GetVal().GetColumnRef().GetFields() != nil && rt.GetVal().GetColumnRef().GetFields()[len(rt.GetVal().GetColumnRef().GetFields())-1].GetAStar() != nil {
				t.Opaque = true
				continue
			}
			names = append(names, name)
		}
		if len(names) == 0 {
			t.Opaque = true
		}
	}
	for _, n := range names {
		t.addColumn(&Column{Name: n})
	}
	t.Schema.tables[t.Name] = t
	t.Schema.relations[t.Name]++
}

func (r *replayer) createSchema(cs *pg_query.CreateSchemaStmt) {
	name := cs.Schemaname
	if name == "" {
		return // AUTHORIZATION role: named after a role we do not know
	}
	if r.cat.schemas[name] != nil {
		if !cs.IfNotExists {
			r.event(Exists, r.s.Span(), name, nil, "schema %q already exists", name)
		}
	} else {
		r.cat.addSchema(name)
	}
	for _, elt := range cs.SchemaElts {
		if c := elt.GetCreateStmt(); c != nil && c.Relation.GetSchemaname() == "" {
			c.Relation.Schemaname = name
		}
		if c := elt.GetIndexStmt(); c != nil && c.Relation.GetSchemaname() == "" {
			c.Relation.Schemaname = name
		}
		r.stmt(elt)
	}
}

func (r *replayer) createDomain(cd *pg_query.CreateDomainStmt) {
	names := strs(cd.Domainname)
	if len(names) == 0 {
		return
	}
	schema := r.cat.searchPath[0]
	if len(names) > 1 {
		schema = names[len(names)-2]
	}
	s := r.cat.schemas[schema]
	if s == nil {
		return
	}
	for _, n := range cd.Constraints {
		if con := n.GetConstraint(); con != nil && con.Contype == pg_query.ConstrType_CONSTR_CHECK {
			name := con.Conname
			if name == "" {
				name = s.chooseConstraintName(names[len(names)-1], "", "check", nil)
			}
			s.conNames[name]++
		}
	}
}

func (r *replayer) set(v *pg_query.VariableSetStmt) {
	if v.Name != "search_path" {
		return
	}
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		var path []string
		for _, a := range v.Args {
			if c := a.GetAConst(); c != nil && c.GetSval() != nil {
				for _, p := range strings.Split(c.GetSval().Sval, ",") {
					path = append(path, strings.Trim(strings.TrimSpace(p), `"`))
				}
			}
		}
		r.cat.searchPath = path
	case pg_query.VariableSetKind_VAR_SET_DEFAULT, pg_query.VariableSetKind_VAR_RESET:
		r.cat.searchPath = defaultPath
	}
}
