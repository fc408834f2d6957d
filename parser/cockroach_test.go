package parser

import (
	"strings"
	"testing"
)

// TestCockroachSyntax checks that every CockroachDB construct PostgreSQL's
// grammar rejects or misreads parses in the cockroachdb dialect, keeps its
// length (so locations still point into the original) and reads as meant.
func TestCockroachSyntax(t *testing.T) {
	for _, tc := range []struct {
		sql, rewritten string
		extra          []string
	}{
		{"CREATE TABLE t (a INT, INDEX (a DESC), b STRING)", "CREATE TABLE t (a INT,                 b STRING)", []string{"CREATE INDEX  ON t (a DESC)"}},
		{"CREATE TABLE t (a INT, b INT, UNIQUE INDEX t_ab (a, b), INVERTED INDEX inv (j))", "CREATE TABLE t (a INT, b INT                                                    )",
			[]string{"CREATE UNIQUE INDEX t_ab ON t (a, b)", "CREATE INDEX inv ON t (j)"}},
		{"CREATE TABLE t (a INT, FAMILY f (a, b), INDEX (a), b INT)", "CREATE TABLE t (a INT,                            b INT)", []string{"CREATE INDEX  ON t (a)"}},
		{"CREATE TABLE s.t (id UUID, PRIMARY KEY (id ASC))", "CREATE TABLE s.t (id UUID, PRIMARY KEY (id    ))", nil},
		{"CREATE TABLE t (id INT, CONSTRAINT pk PRIMARY KEY (id DESC) USING HASH WITH (bucket_count = 8))", "CREATE TABLE t (id INT, CONSTRAINT pk PRIMARY KEY (id     )                                   )", nil},
		{"CREATE INVERTED INDEX ON t (j)", "CREATE          INDEX ON t (j)", nil},
		{"CREATE INDEX i ON t (a) STORING (b, c)", "CREATE INDEX i ON t (a)                ", nil},
		{"CREATE UNIQUE INDEX i ON t (a) COVERING (b) USING HASH", "CREATE UNIQUE INDEX i ON t (a)                         ", nil},
		{"CREATE TABLE c (p INT, c INT, PRIMARY KEY (p, c)) INTERLEAVE IN PARENT p (p)", "CREATE TABLE c (p INT, c INT, PRIMARY KEY (p, c))                           ", nil},
		{"ALTER TABLE t ALTER PRIMARY KEY USING COLUMNS (a, b)", "ALTER TABLE t ADD PRIMARY KEY                   (a, b)", nil},
		{"UPSERT INTO t (a) VALUES (1)", "INSERT INTO t (a) VALUES (1)", nil},
		{"SELECT * FROM t@t_a_idx WHERE a = 1", "SELECT * FROM t         WHERE a = 1", nil},
		{"DROP INDEX IF EXISTS t@t_a_idx", "DROP INDEX IF EXISTS   t_a_idx", nil},
		{"CREATE TABLE t (a INT, b INT AS (a + 1) STORED, c INT AS (a * 2) VIRTUAL)", "CREATE TABLE t (a INT, b INT                   , c INT                    )", nil},
		{"CREATE TABLE t (u TIMESTAMPTZ DEFAULT now() ON UPDATE now() NOT NULL, r INT REFERENCES p ON UPDATE CASCADE)", "CREATE TABLE t (u TIMESTAMPTZ DEFAULT now()                  NOT NULL, r INT REFERENCES p ON UPDATE CASCADE)", nil},
		{"CREATE TABLE t (a INT NOT VISIBLE)", "CREATE TABLE t (a INT            )", nil},
		{"CREATE TABLE t (r STRING, a INT) PARTITION BY LIST (r) (PARTITION us VALUES IN ('us'))", "CREATE TABLE t (r STRING, a INT)                                                      ", nil},
		{"SET CLUSTER SETTING kv.rangefeed.enabled = true", "", nil},
		{"SELECT a FROM t AS OF SYSTEM TIME '-10s'", "SELECT a FROM t                         ", nil},
		{"SELECT index_name FROM [SHOW INDEXES FROM t] WHERE column_name = 'a'", "SELECT index_name FROM _                    WHERE column_name = 'a'", nil},
		{"CREATE TABLE t (a STRING, b BYTES, c INT8, d STRING[])", "CREATE TABLE t (a STRING, b BYTES, c INT8, d STRING[])", nil},
		// Plain PostgreSQL is left alone.
		{"CREATE TABLE t (a int GENERATED ALWAYS AS (1) STORED, family text)", "CREATE TABLE t (a int GENERATED ALWAYS AS (1) STORED, family text)", nil},
	} {
		got, extra := crdbRewrite(tc.sql)
		if len(got) != len(tc.sql) {
			t.Errorf("%s: length changed to %d", tc.sql, len(got))
		}
		if squeeze(got) != squeeze(tc.rewritten) {
			t.Errorf("crdbRewrite(%q)\n got %q\nwant %q", tc.sql, got, tc.rewritten)
		}
		if strings.Join(extra, "|") != strings.Join(tc.extra, "|") {
			t.Errorf("%s: extra %q, want %q", tc.sql, extra, tc.extra)
		}
		f := NewFile("t.sql", tc.sql)
		ParseWith(f, Options{Dialect: Cockroach})
		for _, s := range f.Stmts {
			if s.Err != nil {
				t.Errorf("%s: %s", tc.sql, s.Err.Msg)
			}
		}
	}
}

func TestCockroachKeepsPositions(t *testing.T) {
	f := NewFile("t.sql", "CREATE TABLE t (\n  id UUID,\n  INDEX (id),\n  user_id UUID REFERENCES users (id)\n);")
	ParseWith(f, Options{Dialect: Cockroach})
	s := f.Stmts[0]
	if s.Err != nil || len(s.Extra) != 1 {
		t.Fatalf("err %v, extra %d", s.Err, len(s.Extra))
	}
	col := s.Node.GetCreateStmt().TableElts[1].GetColumnDef()
	con := col.Constraints[0].GetConstraint()
	if sp := s.ClauseSpan(s.At(con.Location), 0); sp.Text() != "REFERENCES users (id)" || sp.StartPos() != (Position{4, 16}) {
		t.Errorf("clause %q at %v", sp.Text(), sp.StartPos())
	}
	if got := s.Extra[0].GetIndexStmt().Relation.Location; got != -1 {
		t.Errorf("extra statement keeps a location: %d", got)
	}
}

// squeeze collapses runs of spaces: the tests state what remains, the
// length check states that nothing moved.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
