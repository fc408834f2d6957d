package schema

import "github.com/miglint/miglint/parser"

// EventKind says what went wrong in a statement during replay.
type EventKind int

const (
	// Missing: the statement refers to an object that does not exist and
	// would fail (SQLSTATE 42P01, 42703, 42704, 3F000).
	Missing EventKind = iota
	// NoopDrop: DROP CONSTRAINT IF EXISTS of a constraint the table does not
	// have; PostgreSQL only prints a NOTICE.
	NoopDrop
	// Exists: the statement creates an object whose name is taken (42P07,
	// 42710, 42701).
	Exists
	// Depended: a DROP without CASCADE of an object others depend on (2BP01).
	Depended
)

// Event is one such occurrence, at the part of the statement concerned.
type Event struct {
	Kind EventKind
	Stmt *parser.Statement
	Span parser.Span
	// Msg is PostgreSQL's own wording of the error or notice.
	Msg string
	// Name is the object's name as the statement wrote it (after folding).
	Name string
	// Table is the table concerned, when the statement names one.
	Table *Table
	// Constraints is a copy of the table's constraints at that point, for
	// NoopDrop: what the DROP might have meant.
	Constraints []Snapshot
}

// Snapshot is a constraint as it was at one point of the replay.
type Snapshot struct {
	Name     string
	Type     ConstraintType
	Columns  []string
	RefTable *Table
	Def      string
	Decl     parser.Span
}

func snapshot(t *Table) []Snapshot {
	out := make([]Snapshot, 0, len(t.Constraints))
	for _, c := range t.Constraints {
		out = append(out, Snapshot{Name: c.Name, Type: c.Type, Columns: ColumnNames(c.Columns),
			RefTable: c.RefTable, Def: c.Def(), Decl: c.Decl()})
	}
	return out
}
