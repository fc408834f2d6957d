package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// versionLessBySplit is VersionLess as first written, splitting both paths.
func versionLessBySplit(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := naturalCompare(as[i], bs[i]); c != 0 {
			return c < 0
		}
	}
	if len(as) != len(bs) {
		return len(as) < len(bs)
	}
	return a < b
}

// TestVersionLessParts: VersionLess orders every pair of paths as splitting
// them into parts does, paths of a different number of parts and equal
// ones included.
func TestVersionLessParts(t *testing.T) {
	paths := []string{"", "/", "a", "a/", "a/b", "a/b/c", "a//b", "1/2", "1/10", "01/2", "1/2/3", "10", "9/x", "x/9", "x/09", "x/9/"}
	for _, dir := range []string{"../testdata", "../../shared/corpora/lemmy"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".sql") && len(paths) < 400 {
				paths = append(paths, filepath.ToSlash(p))
			}
			return nil
		})
	}
	for _, a := range paths {
		for _, b := range paths {
			if got, want := VersionLess(a, b), versionLessBySplit(a, b); got != want {
				t.Fatalf("VersionLess(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

func TestVersionLess(t *testing.T) {
	ordered := []string{
		"1_init.up.sql", "9_x.up.sql", "10_y.up.sql", "100_z.up.sql",
		"2020-01-02-000000_a/up.sql", "2020-01-10-000000_b/up.sql",
		"20230404095503_initial/migration.sql", "20230411134605_doc/migration.sql",
	}
	for i := range ordered {
		for j := range ordered {
			if got := VersionLess(ordered[i], ordered[j]); got != (i < j) {
				t.Errorf("VersionLess(%q, %q) = %v", ordered[i], ordered[j], got)
			}
		}
	}
}

func TestLoadOrderAndDown(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"100_c.up.sql", "9_b.up.sql", "9_b.down.sql", "1_a.sql", "sub/2_x/up.sql", "sub/2_x/down.sql", "notes.txt", ".hidden/0_h.sql"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("SELECT 1;"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, errs := Load([]string{dir, filepath.Join(dir, "missing")})
	if len(errs) != 1 || !os.IsNotExist(errs[0]) {
		t.Errorf("errors = %v, want one not-exist error", errs)
	}
	var got []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		if f.Down {
			rel += " (down)"
		}
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"1_a.sql", "9_b.down.sql (down)", "9_b.up.sql", "100_c.up.sql", "sub/2_x/down.sql (down)", "sub/2_x/up.sql"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %q\nwant    %q", got, want)
	}
}

func parse(src string) *File {
	f := NewFile("t.sql", src)
	Parse(f)
	return f
}

// stmts describes each statement as its text, or its error and position.
func stmts(f *File) []string {
	var out []string
	for _, s := range f.Stmts {
		d := s.Text()
		if s.Err != nil {
			p := s.Err.Span.StartPos()
			d = "ERR " + s.Err.Msg + " @" + strings.Join([]string{itoa(p.Line), itoa(p.Column)}, ":") + " " + s.Err.Span.Text()
		}
		if s.Down {
			d += " (down)"
		}
		out = append(out, d)
	}
	return out
}

func itoa(i int) string { return fmt.Sprintf("%02d", i) }

func TestParseRecovers(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"SELECT 1;\nSELECT 2", []string{"SELECT 1", "SELECT 2"}},
		{"-- only a comment\n", nil},
		{"", nil},
		// A broken statement costs only itself.
		{"SELECT 1;\nCREATE TABLE t (a int,, b int);\nSELECT 3;", []string{"SELECT 1", "ERR syntax error at or near \",\" @02:23 ,", "SELECT 3"}},
		// Text without a keyword and an unclosed parenthesis are not skipped.
		{"SELEC 1;\nSELECT 2;\nCREATE TABLE x (a int", []string{"ERR syntax error at or near \"SELEC\" @01:01 SELEC", "SELECT 2", "ERR syntax error at end of input @03:21 t"}},
		// An unterminated string: what comes before it is kept.
		{"SELECT 1;\nSELECT 'abc;\nSELECT 3;", []string{"SELECT 1", "ERR unterminated quoted string at or near \"'abc;\nSELECT 3;\" @02:08 'abc;"}},
		{"SELECT 1; /* unterminated", []string{"SELECT 1", "ERR unterminated /* comment at or near \"/* unterminated\" @01:11 /* unterminated"}},
		{"SELECT $$ x", []string{"ERR unterminated dollar-quoted string at or near \"$$ x\" @01:08 $$ x"}},
		// NUL bytes and invalid UTF-8 are reported where they are.
		{"SELECT 1;\nSELECT '\x00';\nSELECT 3;", []string{"SELECT 1", "ERR NUL byte in SQL text @02:09 \x00", "SELECT 3"}},
		{"SELECT '\xff';SELECT 2;", []string{"ERR invalid byte sequence for encoding \"UTF8\" @01:09 \xff", "SELECT 2"}},
		// goose: StatementEnd ends a statement; Down sections are marked.
		{"-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (id int)\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE a;\n",
			[]string{"CREATE TABLE a (id int)", "DROP TABLE a (down)"}},
		{"-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;", []string{"CREATE TABLE a (id int)", "DROP TABLE a (down)"}},
	} {
		if got := stmts(parse(tc.src)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q)\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
}

func TestPositions(t *testing.T) {
	f := NewFile("t.sql", "\uFEFFab\r\nçd\tx\n\nlast")
	for off, want := range map[int]Position{
		3: {1, 1}, 4: {1, 2}, 5: {1, 3}, // after the BOM
		7: {2, 1}, 9: {2, 2}, 10: {2, 3}, 11: {2, 4},
		13: {3, 1}, 14: {4, 1}, 18: {4, 5},
	} {
		if got := f.Position(off); got != want {
			t.Errorf("Position(%d) = %v, want %v", off, got, want)
		}
	}
	if got := f.Line(1); got != "ab" {
		t.Errorf("Line(1) = %q", got)
	}
	if got := f.Line(2); got != "çd\tx" {
		t.Errorf("Line(2) = %q", got)
	}
}

func TestNodeLocationsAreFileOffsets(t *testing.T) {
	f := parse("-- header\nSELECT 1;\n\n  /* c */ CREATE TABLE t (\n  a int REFERENCES u (id), b int);")
	s := f.Stmts[1]
	con := s.Node.GetCreateStmt().TableElts[0].GetColumnDef().Constraints[0].GetConstraint()
	sp := s.ClauseSpan(s.At(con.Location), 0)
	if sp.Text() != "REFERENCES u (id)" || sp.StartPos() != (Position{5, 9}) {
		t.Errorf("clause = %q at %v", sp.Text(), sp.StartPos())
	}
	if got := s.Span().StartPos(); got != (Position{4, 11}) {
		t.Errorf("statement starts at %v, want 4:11 (after the comment)", got)
	}
	alter := parse("ALTER TABLE ONLY s.t ADD COLUMN a numeric(10, 2), DROP CONSTRAINT IF EXISTS c /* x */ , ALTER a SET DEFAULT f(1, 2)").Stmts[0]
	var subs []string
	for _, sp := range alter.Subcommands(alter.Node.GetAlterTableStmt().Relation.Location) {
		subs = append(subs, sp.Text())
	}
	want := []string{"ADD COLUMN a numeric(10, 2)", "DROP CONSTRAINT IF EXISTS c", "ALTER a SET DEFAULT f(1, 2)"}
	if !reflect.DeepEqual(subs, want) {
		t.Errorf("subcommands = %q, want %q", subs, want)
	}
}

// TestMarkers: finding markers line by line gives what the regular
// expression finds over the whole text.
func TestMarkers(t *testing.T) {
	srcs := []string{
		"",
		"-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose StatementEnd\n  --\t+GOOSE down  \r\nDROP TABLE a;",
		"-- migrate:up\nCREATE TABLE a (id int); -- migrate:down\n\t-- migrate:down\n--migrate:UP",
		"-- make it so -- migrate:up\n-- mm\n-- +goose\n-- +goose Up",
		"SELECT '--migrate:up';\n-- +gooseUp\n---- +goose Down\n-- +goose Down",
		"x--migrate:up\n-- migrate:up",
	}
	srcs = append(srcs, sqlTexts("../testdata", "../../shared/corpora")...)
	found := 0
	for _, src := range srcs {
		want := markerRE().FindAllStringSubmatchIndex(src, -1)
		if got := markers(src); !reflect.DeepEqual(got, want) {
			t.Errorf("markers(%.60q) = %v, want %v", src, got, want)
		}
		found += len(want)
	}
	if found < 10 {
		t.Errorf("only %d markers in all", found)
	}
}

// TestCompact compacts files whose lean statements share lines with others,
// have errors, or are all there is (see checkCompact).
func TestCompact(t *testing.T) {
	for src, dropped := range map[string]bool{
		"\uFEFF-- first line\r\nINSERT INTO a VALUES ('é');\r\nCREATE TABLE b (id int);\r\nUPDATE b SET id = 2;\r\n":                                                  true,
		"INSERT INTO a VALUES (1); ALTER TABLE a ADD COLUMN x int; DELETE FROM a;\nGRANT SELECT ON a TO r;\nCOMMENT ON TABLE a IS 'ü';\n":                             true,
		"SELECT 1;\nINSERT INTO a VALUES (1,);\nSELECT 'ß'\n  || 'x';\nCREATE VIEW v AS SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\n": true,
		"UPDATE a SET x = 1;\nSELECT 'never closed\n": false, // an error to the end
		"DELETE FROM a;": false, // the first line is kept
	} {
		f := parse(src)
		checkCompact(t, f)
		if f.Compacted() != dropped {
			t.Errorf("%q: compacted %v, want %v", src, f.Compacted(), dropped)
		}
	}
}

// checkCompact compacts f, parsed and whole, and checks that every
// statement it keeps (with a tree or a syntax error) and the first line read
// as before, in text, spans, positions and lines, and that what it dropped
// reads as spaces of the same length.
func checkCompact(t *testing.T, f *File) {
	t.Helper()
	src := f.Src()
	whole := NewFile(f.Path, src)
	kept := map[int]bool{1: true}
	var spans []Span
	for _, s := range f.Stmts {
		var sp []Span
		switch {
		case s.Err != nil:
			sp = []Span{s.Err.Span, s.Span()}
		case !s.Lean || s.Node != nil:
			sp = []Span{s.Span(), {f, s.Start, s.End}}
		}
		for _, x := range sp {
			for l := f.Position(x.Start).Line; l <= f.Position(max(x.Start, x.End-1)).Line; l++ {
				kept[l] = true
			}
		}
		spans = append(spans, sp...)
	}
	f.Compact()
	if f.Len() != len(src) || f.Compacted() && len(f.src) >= len(src) {
		t.Fatalf("%q: Len %d, %d bytes held", src, f.Len(), len(f.src))
	}
	for _, sp := range spans {
		w := Span{whole, sp.Start, sp.End}
		if sp.Text() != w.Text() || sp.StartPos() != w.StartPos() || sp.EndPos() != w.EndPos() {
			t.Fatalf("%q: span %q at %v-%v, want %q at %v-%v", src, sp.Text(), sp.StartPos(), sp.EndPos(), w.Text(), w.StartPos(), w.EndPos())
		}
	}
	for l := 1; l <= len(f.starts()); l++ {
		if kept[l] && f.Line(l) != whole.Line(l) {
			t.Fatalf("%q: line %d is %q, want %q", src, l, f.Line(l), whole.Line(l))
		}
	}
	got := f.Src()
	if len(got) != len(src) {
		t.Fatalf("%q: Src() is %d bytes", src, len(got))
	}
	for i := range got {
		if got[i] != src[i] && (got[i] != ' ' || kept[whole.Position(i).Line]) {
			t.Fatalf("%q: byte %d reads %q, want %q or a space where dropped", src, i, got[i], src[i])
		}
	}
}

// TestGrammarSplit checks that where the grammar splits a text (one with no
// syntax error), it cuts the statements where the scanner does, on the
// repository's SQL files and the corpora's; and that it keeps a function
// body of BEGIN ATOMIC ... END whole, which the scanner cuts at its
// semicolons.
func TestGrammarSplit(t *testing.T) {
	split2 := 0
	for _, src := range sqlTexts("..", "../../shared/corpora") {
		split2 += checkGrammarSplit(t, src)
	}
	t.Logf("%d texts split by the grammar", split2)
	if split2 < 100 {
		t.Errorf("only %d texts split by the grammar", split2)
	}

	src := "CREATE TABLE t (id int);\n" +
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\n" +
		"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;\n" +
		"ALTER TABLE t ADD COLUMN x int;"
	want := []string{
		"CREATE TABLE t (id int)",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND",
		"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END",
		"ALTER TABLE t ADD COLUMN x int",
	}
	if got := stmts(parse(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("statements %q, want %q", got, want)
	}
}

// TestAtomicBodies checks the scanner's split, which reads files with a
// syntax error: it keeps a body of BEGIN ATOMIC ... END whole as psql does,
// and leaves cut a body that never ends.
func TestAtomicBodies(t *testing.T) {
	texts := func(src string, spans [][2]int) []string {
		var out []string
		for _, sp := range spans {
			out = append(out, src[sp[0]:sp[1]])
		}
		return out
	}
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nSELECT 3;",
			[]string{"CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND", "SELECT 3"}},
		{"create or replace procedure p() begin atomic select case when true then 1 end; select (case when false then 2 end); end; select 3",
			[]string{"create or replace procedure p() begin atomic select case when true then 1 end; select (case when false then 2 end); end", "select 3"}},
		{"BEGIN; CREATE TABLE t (id int); END;", []string{"BEGIN", "CREATE TABLE t (id int)", "END"}},
		{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;\nCREATE TABLE t (id int);",
			[]string{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1", "CREATE TABLE t (id int)"}},
		{"CREATE VIEW v AS SELECT 1 AS begin; SELECT 2; END;", []string{"CREATE VIEW v AS SELECT 1 AS begin", "SELECT 2", "END"}},
	} {
		spans, broken := split(tc.src)
		if got := texts(tc.src, spans); broken != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: split into %q (broken %v), want %q", tc.src, got, broken, tc.want)
		}
	}

	// In a file with a syntax error, the body is whole and the error is
	// the only one.
	f := parse("CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); UPDATE t SET a = 2; END;\nSELEC 1;")
	if got, want := stmts(f), []string{"CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); UPDATE t SET a = 2; END", `ERR syntax error at or near "SELEC" @02:01 SELEC`}; !reflect.DeepEqual(got, want) {
		t.Errorf("statements %q, want %q", got, want)
	}
}

// sqlTexts are the contents of the .sql files under dirs; a directory that
// is missing (the corpora, beside the repository) adds none.
func sqlTexts(dirs ...string) []string {
	var srcs []string
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".sql") {
				if b, err := os.ReadFile(p); err == nil {
					srcs = append(srcs, string(b))
				}
			}
			return nil
		})
	}
	return srcs
}
