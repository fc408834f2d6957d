package pgtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseError(t *testing.T) {
	stderr := "psql:/tmp/h/002_b.sql:7: ERROR:  42704: constraint \"x\" of relation \"t\" does not exist\n" +
		"LOCATION:  ATExecDropConstraint, tablecmds.c:12345\n"
	e := ParseError(stderr)
	if e == nil || e.File != "/tmp/h/002_b.sql" || e.Line != 7 || e.SQLState != "42704" ||
		e.Message != `constraint "x" of relation "t" does not exist` {
		t.Fatalf("ParseError = %+v", e)
	}
	if ParseError("psql:x.sql:1: NOTICE:  00000: whatever\n") != nil {
		t.Fatal("a notice is not an error")
	}
}

func TestCluster(t *testing.T) {
	c := Start(t)
	ctx := context.Background()
	if err := c.CreateDatabase(ctx, "d1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "001_a.sql"), filepath.Join(dir, "002_b.sql")}
	for i, sql := range []string{
		"CREATE SCHEMA s;\nCREATE TABLE s.t (a int);\n",
		"ALTER TABLE s.t\n  DROP CONSTRAINT nope;\nCREATE TABLE never (a int);\n",
	} {
		if err := os.WriteFile(files[i], []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	_, err := c.Psql(ctx, "d1", IncludeScript(files))
	var se *SQLError
	if !errors.As(err, &se) || se.File != files[1] || se.Line != 2 || se.SQLState != "42704" {
		t.Fatalf("want 42704 at %s:2, got %v", files[1], err)
	}
	out, err := c.Psql(ctx, "d1", "", "-At", "-c", "SELECT count(*) FROM pg_class WHERE relname IN ('t', 'never')")
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Fatalf("want only t created, got %q, %v", out, err)
	}

	out, err = c.Psql(ctx, "d1", ResetSQL+"SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname !~ '^pg_|^information_schema$';\n", "-At")
	if err != nil || strings.TrimSpace(string(out)) != "public" {
		t.Fatalf("after reset want only schema public, got %q, %v", out, err)
	}
	if err := c.DropDatabase(ctx, "d1"); err != nil {
		t.Fatal(err)
	}
}

func TestReachable(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "private")
	if err := os.Mkdir(private, 0o700); err != nil {
		t.Fatal(err)
	}
	other := uint32(os.Geteuid() + 1)
	if reachable(private, other) {
		t.Error("a 0700 directory is reachable by another user")
	}
	if !reachable(private, uint32(os.Geteuid())) {
		t.Error("a 0700 directory is not reachable by its owner")
	}
}
