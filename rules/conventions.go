package rules

import (
	"strings"

	"github.com/miglint/miglint/parser"
)

// DuplicateVersion reports migrations that share a version.
var DuplicateVersion = &Rule{
	ID:       "duplicate-version",
	Severity: Error,
	Since:    "0.1.0",
	Summary:  "two migrations of a directory have the same version",
	Doc: `Two migrations in one directory carry the same version under their tool's
convention: 007_a.sql and 007_b.sql, 3_x.up.sql and 03_y.up.sql, V1.1__a.sql
and V1_1__b.sql. Tools refuse such a history or run the two in an order that
depends on the file system, and other branches' migrations may collide the
same way. Renumber the newer migration.`,
	Bad: `-- 001_users.sql --
CREATE TABLE users (id bigint PRIMARY KEY);
-- 002_add_email.sql --
ALTER TABLE users ADD COLUMN email text;
-- 002_add_name.sql --
ALTER TABLE users ADD COLUMN name text;`,
	Good: `-- 001_users.sql --
CREATE TABLE users (id bigint PRIMARY KEY);
-- 002_add_email.sql --
ALTER TABLE users ADD COLUMN email text;
-- 003_add_name.sql --
ALTER TABLE users ADD COLUMN name text;`,
	Run: loadProblemRule(parser.DuplicateVersion),
}

// UnrecognizedFile reports files in a migration directory that its tool
// would not run.
var UnrecognizedFile = &Rule{
	ID:       "unrecognized-file",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "a .sql file in a migration directory fits none of its conventions",
	Doc: `The file sits among migrations but its name fits none of the conventions
miglint recognises for that directory (plain numbered files, golang-migrate,
goose, dbmate, Flyway, diesel, Prisma, sqitch), or it is a sqitch deploy script
missing from sqitch.plan. The migration tool would not run it, so miglint
checks its syntax but does not replay it. Rename it to the convention, move it
out of the directory, or exclude it in the configuration.`,
	Bad: `-- 001_users.sql --
CREATE TABLE users (id bigint PRIMARY KEY);
-- add_email.sql --
ALTER TABLE users ADD COLUMN email text;`,
	Good: `-- 001_users.sql --
CREATE TABLE users (id bigint PRIMARY KEY);
-- 002_add_email.sql --
ALTER TABLE users ADD COLUMN email text;`,
	Run: loadProblemRule(parser.Unrecognized),
}

func loadProblemRule(kind parser.ProblemKind) func(*Pass) {
	return func(p *Pass) {
		for _, f := range p.Files {
			for _, pr := range f.Problems {
				if pr.Kind == kind {
					first, _, _ := strings.Cut(f.Src(), "\n")
					p.Report(parser.Span{File: f, Start: 0, End: strings.LastIndexFunc(first, func(r rune) bool { return r != '\r' }) + 1}, "%s", pr.Msg)
				}
			}
		}
	}
}
