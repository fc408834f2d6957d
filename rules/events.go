package rules

import "github.com/miglint/miglint/schema"

// UnknownObject reports statements that refer to objects that do not exist.
var UnknownObject = &Rule{
	ID:       "unknown-object",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "statement refers to a table, column, constraint or schema that does not exist",
	Doc: `At that point of the history, the statement names a table, column,
constraint, index or schema that does not exist, without IF EXISTS: the
migration would fail on deploy (SQLSTATE 42P01, 42703 or 42704), or the history
is being replayed in the wrong order.

Objects a DO block or a function body might create are not reported, since
miglint cannot see what such code does.`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE user_accounts ADD COLUMN email text;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN email text;`,
	Run: eventRule(schema.Missing),
}

// DuplicateObject reports statements that create what already exists.
var DuplicateObject = &Rule{
	ID:       "duplicate-object",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "statement creates a table, column, index or constraint whose name is taken",
	Doc: `The statement creates an object whose name is already used where
PostgreSQL requires it to be unique: a relation (table, index, sequence or
view) in its schema, a column or constraint on its table. The migration would
fail on deploy (SQLSTATE 42P07, 42701 or 42710). Use IF NOT EXISTS where it
exists, or drop the old object first.`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY, email text);
ALTER TABLE users ADD COLUMN email text;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY, email text);
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;`,
	Run: eventRule(schema.Exists),
}

// DependentObjects reports drops that would fail because of dependents.
var DependentObjects = &Rule{
	ID:       "dependent-objects",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "DROP without CASCADE of an object that others depend on",
	Doc: `The statement drops a table, column, key or index that other objects
still depend on, typically a key that foreign keys reference, without
CASCADE. PostgreSQL refuses (SQLSTATE 2BP01). Drop the dependent foreign keys
first, by name, or add CASCADE knowing that it drops them.`,
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (user_id bigint REFERENCES users(id) ON DELETE CASCADE);
DROP TABLE users;`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (user_id bigint REFERENCES users(id) ON DELETE CASCADE);
DROP TABLE sessions;
DROP TABLE users;`,
	Run: eventRule(schema.Depended),
}

func eventRule(kind schema.EventKind) func(*Pass) {
	return func(p *Pass) {
		for _, e := range p.Replay.Events {
			if e.Kind == kind {
				p.Report(e.Span, "%s", e.Msg)
			}
		}
	}
}

// SyntaxError reports statements that do not parse.
var SyntaxError = &Rule{
	ID:       "syntax-error",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "statement does not parse",
	Doc: `PostgreSQL's own grammar (through pg_query) rejects the statement, so the
migration would fail on deploy. The position is where the parser stopped. The
rest of the file and of the history is still checked; the broken statement
itself is left out of the replay.

miglint also reports here what it will not parse: a statement nested deeper
than 1,000 levels (parentheses, CASE, operators chained in one expression),
which could crash PostgreSQL's parser, and a file larger than 16 MiB.`,
	Bad:  `CREATE TABLE users (id bigint PRIMARY KEY,);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);`,
	Run: func(p *Pass) {
		for _, f := range p.Files {
			for _, s := range f.Stmts {
				if s.Err != nil {
					p.Report(s.Err.Span, "%s", s.Err.Msg)
				}
			}
		}
	},
}
