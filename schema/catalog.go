package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/miglint/miglint/parser"
)

// Catalog is the replayed database.
type Catalog struct {
	schemas    map[string]*Schema
	searchPath []string
}

// Schema is a namespace. PostgreSQL keeps relation names (tables, indexes,
// sequences, views) and constraint names each unique per schema when it
// chooses a default name, so both are counted here.
type Schema struct {
	Name      string
	tables    map[string]*Table
	relations map[string]int
	conNames  map[string]int
	indexes   map[string][]*Index
	ck        ckMark
}

// Table is a table with its columns, constraints and indexes.
type Table struct {
	Schema      *Schema
	Name        string
	Columns     []*Column
	Constraints []*Constraint
	Indexes     []*Index
	// Opaque tables (CREATE TABLE AS ... SELECT *) have columns we cannot
	// know, so a missing column is not reported.
	Opaque bool
	// Stmt created the table; its name is at Stmt.At(at).
	Stmt *parser.Statement
	at   int32

	refBy     keySet             // foreign keys of any table that reference this one
	sequences []string           // sequences owned by serial and identity columns
	defs      []columnDef        // Stmt's column definitions when it is a CREATE TABLE (see ColumnDef)
	byName    map[string]*Column // Columns by name, once the table is wide (see Column)
	ck        ckMark
}

// Column is a table column.
type Column struct {
	Name       string
	Type       string
	NotNull    bool
	HasDefault bool
	ck         ckMark
}

// ConstraintType is the kind of a table constraint.
type ConstraintType string

const (
	PrimaryKey ConstraintType = "primary_key"
	Unique     ConstraintType = "unique"
	Check      ConstraintType = "check"
	ForeignKey ConstraintType = "foreign_key"
	Exclusion  ConstraintType = "exclusion"
)

// Action is a referential action.
type Action string

const (
	NoAction   Action = "no action"
	Restrict   Action = "restrict"
	Cascade    Action = "cascade"
	SetNull    Action = "set null"
	SetDefault Action = "set default"
)

// Constraint is a table constraint. Columns are pointers so that renaming a
// column or table is seen by every constraint that uses it, as PostgreSQL
// refers to them by number, not by name.
type Constraint struct {
	Name    string
	Type    ConstraintType
	Table   *Table
	Columns []*Column

	// Foreign keys only.
	RefTable   *Table
	RefColumns []*Column
	OnDelete   Action
	OnUpdate   Action

	NotValid bool
	// Inherited constraints were copied from a parent or partitioned table.
	Inherited bool
	index     *Index // the index behind a primary key, unique or exclusion constraint
	refIndex  *Index // for a foreign key: the referenced table's unique index it relies on

	// Stmt created the constraint; its clause starts at Stmt.At(at) and ends
	// before limit (the next clause of the same column) when limit is set.
	Stmt      *parser.Statement
	at, limit int32
	ck        ckMark
}

// Decl is the constraint's own clause (its CONSTRAINT, REFERENCES or
// FOREIGN KEY text) in the statement that created it.
func (c *Constraint) Decl() parser.Span {
	limit := 0
	if c.limit > 0 {
		limit = c.Stmt.At(c.limit)
	}
	return c.Stmt.ClauseSpan(c.Stmt.At(c.at), limit)
}

// Decl is the table's name in the statement that created it.
func (t *Table) Decl() parser.Span { return t.Stmt.NameSpan(t.at) }

// Index is an index, possibly the one behind a constraint.
type Index struct {
	Name       string
	Columns    []string
	Unique     bool
	Table      *Table
	Constraint *Constraint
	// Partial indexes (CREATE INDEX ... WHERE) cover some rows only: no
	// foreign key can rely on one, nor a lookup of all a key's rows.
	Partial bool

	// cols are the indexed columns (nil for an expression), so that a
	// renamed column renames its entry in Columns; deps are all the columns
	// it uses (in expressions and WHERE too), whose drop drops it.
	cols, deps []*Column
	ck         ckMark
}

// newIndex makes an index of t on cols, named entries in order; the names
// of expressions have no column.
func newIndex(t *Table, name string, names []string, cols []*Column) *Index {
	idx := &Index{Name: name, Columns: names, Table: t, cols: cols}
	for _, c := range cols {
		if c != nil {
			idx.deps = append(idx.deps, c)
		}
	}
	return idx
}

// uses reports whether the index depends on column c.
func (idx *Index) uses(c *Column) bool {
	for _, x := range idx.deps {
		if x == c {
			return true
		}
	}
	return false
}

// renameColumn follows a column rename in the index's column names.
func (idx *Index) renameColumn(c *Column) {
	for i, x := range idx.cols {
		if x == c {
			idx.Columns[i] = c.Name
		}
	}
}

// Tables returns every table, ordered by schema and name.
func (c *Catalog) Tables() []*Table {
	var ts []*Table
	for _, s := range c.schemas {
		for _, t := range s.tables {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Schema.Name != ts[j].Schema.Name {
			return ts[i].Schema.Name < ts[j].Schema.Name
		}
		return ts[i].Name < ts[j].Name
	})
	return ts
}

// Table finds a table by schema and name (both already folded).
func (c *Catalog) Table(schema, name string) *Table {
	if s := c.schemas[schema]; s != nil {
		return s.tables[name]
	}
	return nil
}

// Column finds a column by name.
func (t *Table) Column(name string) *Column {
	if t.byName != nil {
		return t.byName[name]
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// wideTable is the number of columns from which a table keeps a map of
// them: a table altered column by column, up to PostgreSQL's 1,600, would
// otherwise cost a scan of its columns per statement.
const wideTable = 32

// addColumn appends c to t's columns.
func (t *Table) addColumn(c *Column) {
	t.Columns = append(t.Columns, c)
	switch {
	case t.byName != nil:
		if t.byName[c.Name] == nil {
			t.byName[c.Name] = c
		}
	case len(t.Columns) >= wideTable:
		t.indexColumns()
	}
}

// indexColumns rebuilds t's map of columns after a change to its columns or
// their names; the first column of a name is the one Column finds.
func (t *Table) indexColumns() {
	t.byName = nil
	if len(t.Columns) < wideTable {
		return
	}
	t.byName = make(map[string]*Column, len(t.Columns))
	for _, c := range t.Columns {
		if t.byName[c.Name] == nil {
			t.byName[c.Name] = c
		}
	}
}

// Constraint finds a constraint of t by name.
func (t *Table) Constraint(name string) *Constraint {
	for _, c := range t.Constraints {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// ForeignKeys returns t's foreign keys in creation order.
func (t *Table) ForeignKeys() []*Constraint {
	var fks []*Constraint
	for _, c := range t.Constraints {
		if c.Type == ForeignKey {
			fks = append(fks, c)
		}
	}
	return fks
}

// PrimaryKey returns t's primary key or nil.
func (t *Table) PrimaryKey() *Constraint {
	for _, c := range t.Constraints {
		if c.Type == PrimaryKey {
			return c
		}
	}
	return nil
}

// QualifiedName is the table's name as SQL, schema-qualified outside public.
func (t *Table) QualifiedName() string {
	if t.Schema.Name == "public" {
		return QuoteIdent(t.Name)
	}
	return QuoteIdent(t.Schema.Name) + "." + QuoteIdent(t.Name)
}

// ColumnNames returns the names of cols.
func ColumnNames(cols []*Column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

func quoteList(cols []*Column) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = QuoteIdent(c.Name)
	}
	return strings.Join(q, ", ")
}

// Def renders the constraint the way pg_get_constraintdef does, e.g.
// FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE.
func (c *Constraint) Def() string {
	switch c.Type {
	case PrimaryKey:
		return fmt.Sprintf("PRIMARY KEY (%s)", quoteList(c.Columns))
	case Unique:
		return fmt.Sprintf("UNIQUE (%s)", quoteList(c.Columns))
	case Check:
		return "CHECK (...)"
	case Exclusion:
		return "EXCLUDE (...)"
	}
	def := fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s(%s)", quoteList(c.Columns),
		c.RefTable.QualifiedName(), quoteList(c.RefColumns))
	if c.OnUpdate != NoAction {
		def += " ON UPDATE " + strings.ToUpper(string(c.OnUpdate))
	}
	if c.OnDelete != NoAction {
		def += " ON DELETE " + strings.ToUpper(string(c.OnDelete))
	}
	if c.NotValid {
		def += " NOT VALID"
	}
	return def
}

// References reports whether c is a foreign key to exactly table t's columns
// cols (in any order, as PostgreSQL matches a key by its set of columns).
func (c *Constraint) References(t *Table, cols []*Column) bool {
	if c.Type != ForeignKey || c.RefTable != t || len(c.RefColumns) != len(cols) {
		return false
	}
	return sameSet(c.RefColumns, cols)
}

func sameSet(a, b []*Column) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}

// Lookup finds a table by a possibly schema-qualified name, resolving an
// unqualified one through the final search path.
func (c *Catalog) Lookup(schema, name string) *Table {
	if schema != "" {
		return c.Table(schema, name)
	}
	for _, s := range c.searchPath {
		if t := c.Table(s, name); t != nil {
			return t
		}
	}
	return nil
}
