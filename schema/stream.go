package schema

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/miglint/miglint/parser"
)

// Replayer replays a history one file at a time, so that a caller can parse
// the next files while it runs, and drop each file's trees once replayed:
// nothing the replay returns refers to them (see ColumnDef and AddedColumns
// for what rules read of them later), and nothing may, as dropped trees'
// memory holds the next files' trees (parser.File.DropTrees).
type Replayer struct{ r *replayer }

// NewReplayer starts a replay on an empty database.
func NewReplayer(opts Options) *Replayer {
	r := &replayer{cat: &Catalog{schemas: map[string]*Schema{}, searchPath: defaultPath}, opts: opts,
		crdb: opts.Dialect == parser.Cockroach}
	r.cat.addSchema("public")
	return &Replayer{r}
}

// File applies the statements of f; a down file, down sections and
// statements that did not parse are skipped.
func (x *Replayer) File(f *parser.File) {
	r := x.r
	if f.Down {
		return
	}
	for _, s := range f.Stmts {
		if s.Node == nil || s.Down {
			continue
		}
		r.s = s
		r.stmt(s.Node)
		for _, n := range s.Extra {
			r.stmt(n)
		}
		r.record(s)
	}
}

// Result is the replay so far.
func (x *Replayer) Result() *Result {
	return &Result{Catalog: x.r.cat, Events: x.r.events, AddedColumns: x.r.added}
}

// AddedColumn is a column that an ALTER TABLE ... ADD COLUMN of the replayed
// history names, whether or not it was added.
type AddedColumn struct {
	Stmt *parser.Statement
	// Schema (empty when unqualified) and Table are the relation as
	// written, Column the column's name.
	Schema, Table, Column string
	// Location is where the column's definition starts in Stmt's tree
	// (Stmt.NameSpan(Location) is its name): spans cost a scan of the
	// statement, so rules compute those they report.
	Location int32
}

// record keeps what rules read of a statement's tree after the replay: the
// column definitions of the CREATE TABLE that made a table, and the columns
// ALTER TABLE adds.
func (r *replayer) record(s *parser.Statement) {
	switch x := s.Node.Node.(type) {
	case *pg_query.Node_CreateStmt:
		t := r.createdBy(s, x.CreateStmt.Relation)
		if t == nil {
			return
		}
		for _, el := range x.CreateStmt.TableElts {
			if cd := el.GetColumnDef(); cd != nil {
				t.defs = append(t.defs, columnDef{cd.Colname, cd.Location})
			}
		}
	case *pg_query.Node_AlterTableStmt:
		rel := x.AlterTableStmt.Relation
		if rel == nil {
			return
		}
		for _, c := range x.AlterTableStmt.Cmds {
			cmd := c.GetAlterTableCmd()
			if cd := cmd.GetDef().GetColumnDef(); cmd.GetSubtype() == pg_query.AlterTableType_AT_AddColumn && cd != nil {
				r.added = append(r.added, AddedColumn{Stmt: s, Schema: rel.Schemaname, Table: rel.Relname, Column: cd.Colname,
					Location: cd.Location})
			}
		}
	}
}

// createdBy finds the table named rv that s created, if any: it is in one
// of the schemas rv may name.
func (r *replayer) createdBy(s *parser.Statement, rv *pg_query.RangeVar) *Table {
	in := func(name string) *Table {
		if sc := r.cat.schemas[name]; sc != nil {
			if t := sc.tables[rv.GetRelname()]; t != nil && t.Stmt == s {
				return t
			}
		}
		return nil
	}
	if t := in(rv.GetSchemaname()); t != nil {
		return t
	}
	for _, name := range r.path(rv) {
		if t := in(name); t != nil {
			return t
		}
	}
	return nil
}

// columnDef is a column definition of a CREATE TABLE: the column's name and
// where its definition starts in the statement's tree.
type columnDef struct {
	name string
	at   int32
}

// ColumnDef is where the statement that created t defines a column of that
// name (the first, if several do), when it is a CREATE TABLE.
func (t *Table) ColumnDef(name string) (parser.Span, bool) {
	for _, d := range t.defs {
		if d.name == name {
			return t.Stmt.NameSpan(d.at), true
		}
	}
	return parser.Span{}, false
}
