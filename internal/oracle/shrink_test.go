package oracle

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/histgen"
)

func TestSplit(t *testing.T) {
	sql := "-- head\nCREATE TABLE a (x int, CHECK (x <> ';'));\n\n" +
		"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n" +
		"/* a ; /* nested ; */ */ SELECT E'it\\'s;', \"semi;colon\"\n  FROM t;\nSELECT 2"
	var got []string
	var lines [][2]int
	for _, s := range Split(sql) {
		got = append(got, s.Text)
		lines = append(lines, [2]int{s.Line, s.EndLine})
	}
	want := []string{
		"CREATE TABLE a (x int, CHECK (x <> ';'));",
		"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;",
		"SELECT E'it\\'s;', \"semi;colon\"\n  FROM t;",
		"SELECT 2",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Split:\n%q\nwant\n%q", got, want)
	}
	if want := [][2]int{{2, 2}, {4, 4}, {5, 6}, {7, 7}}; !reflect.DeepEqual(lines, want) {
		t.Fatalf("lines %v, want %v", lines, want)
	}
	if first, last := StmtLines(sql, 6); first != 5 || last != 6 {
		t.Fatalf("StmtLines(6) = %d, %d", first, last)
	}
}

func TestListItems(t *testing.T) {
	stmt := "CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES p (x, y));"
	var got []string
	for _, c := range listItems(stmt) {
		got = append(got, stmt[:c[0]]+stmt[c[1]:])
	}
	for _, want := range []string{
		"CREATE TABLE t (b int, FOREIGN KEY (a, b) REFERENCES p (x, y));",
		"CREATE TABLE t (a int, FOREIGN KEY (a, b) REFERENCES p (x, y));",
		"CREATE TABLE t (a int, b int);",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("no candidate %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	alter := "ALTER TABLE t ADD COLUMN a int, DROP CONSTRAINT c;"
	if got := listItems(alter); len(got) != 2 || alter[:got[0][0]]+alter[got[0][1]:] != "ALTER TABLE t DROP CONSTRAINT c;" ||
		alter[:got[1][0]]+alter[got[1][1]:] != "ALTER TABLE t ADD COLUMN a int;" {
		t.Errorf("ALTER items: %v", got)
	}
}

// The shrinker with a fake comparator: the "bug" needs the table p to
// exist and a foreign key named p_fk in a later file.
func TestShrink(t *testing.T) {
	files := []histgen.File{
		{Name: "001_a.sql", SQL: "CREATE TABLE p (id int PRIMARY KEY, junk int);\nCREATE TABLE other (x int);\n"},
		{Name: "002_b.sql", SQL: "CREATE TABLE unrelated (y int);\n"},
		{Name: "003_c.sql", SQL: "ALTER TABLE other ADD COLUMN z int, ADD CONSTRAINT p_fk FOREIGN KEY (z) REFERENCES p;\nDROP TABLE unrelated;\n"},
	}
	calls := 0
	keep := func(fs []histgen.File) bool {
		calls++
		all := Format(fs)
		// "PostgreSQL applies it": DROP TABLE unrelated needs its CREATE.
		if strings.Contains(all, "DROP TABLE unrelated") && !strings.Contains(all, "CREATE TABLE unrelated") {
			return false
		}
		return strings.Contains(all, "CREATE TABLE p (id int PRIMARY KEY") && regexp.MustCompile(`ALTER TABLE other .*ADD CONSTRAINT p_fk`).MatchString(all)
	}
	got := Format(Shrink(files, keep))
	want := "-- file: 001_a.sql\nCREATE TABLE p (id int PRIMARY KEY);\n" +
		"-- file: 003_c.sql\nALTER TABLE other ADD CONSTRAINT p_fk FOREIGN KEY (z) REFERENCES p;\n"
	if got != want {
		t.Errorf("Shrink gave\n%s\nwant\n%s", got, want)
	}
	t.Logf("%d calls", calls)
}

func TestDiff(t *testing.T) {
	fk := Constraint{Name: "q_a_fkey", Type: "foreign_key", Columns: []string{"b", "a"},
		References: &Ref{Schema: "public", Table: "p", Columns: []string{"y", "x"}}, OnDelete: "cascade", OnUpdate: "no action"}
	want := &Catalog{Tables: []Table{{Schema: "public", Name: "q",
		Columns:     []Column{{Name: "a"}, {Name: "b", NotNull: true}},
		Constraints: []Constraint{fk, {Name: "q_check", Type: "check", Columns: []string{"b", "a"}}}}}}
	if d := Diff(want, want); len(d) != 0 {
		t.Fatalf("Diff with itself: %v", d)
	}
	got := &Catalog{Tables: []Table{{Schema: "public", Name: "q",
		Columns:     []Column{{Name: "a"}, {Name: "b"}},
		Constraints: []Constraint{fk, {Name: "q_check", Type: "check", Columns: []string{"a", "b"}}}}}}
	got.Tables[0].Constraints[0].References = &Ref{Schema: "public", Table: "p", Columns: []string{"x", "y"}}
	got.Tables[0].Constraints[0].OnDelete = "restrict"
	d := Diff(want, got)
	if len(d) != 2 || d[0].Kind != "column" || d[1].Sig != "foreign_key references+on_delete" ||
		!strings.Contains(d[1].String(), "[fkey] public.q: foreign_key q_a_fkey: references public.p(y, x) vs public.p(x, y); on_delete") {
		t.Fatalf("Diff: %q", d)
	}
}
