package parser

import (
	"fmt"
	"strings"
	"testing"
)

// deepSQL builds statements that nest n levels in the ways PostgreSQL's
// grammar allows: the left-deep chains (operators, casts, IS, COLLATE,
// BETWEEN, CASE, joins, set operations), which overflowed libpg_query's C
// stack from about 24,000 levels, and the bracketed or right-recursive
// forms, which its grammar gives up on at about 10,000.
var deepSQL = map[string]func(n int) string{
	"operators":    func(n int) string { return "SELECT 1" + strings.Repeat("+1", n) },
	"concat":       func(n int) string { return "SELECT 'a'" + strings.Repeat(" || 'a'", n) },
	"casts":        func(n int) string { return "SELECT 1" + strings.Repeat("::int", n) },
	"casts-typmod": func(n int) string { return "SELECT 1" + strings.Repeat("::numeric(10, 2)", n) },
	"is-null":      func(n int) string { return "SELECT 1" + strings.Repeat(" IS NULL", n) },
	"collate":      func(n int) string { return "SELECT 'a'" + strings.Repeat(` COLLATE "C"`, n) },
	"between":      func(n int) string { return "SELECT 1 IS NULL" + strings.Repeat(" BETWEEN true AND false IS NULL", n) },
	"case-chain":   func(n int) string { return "SELECT 1" + strings.Repeat(" + CASE WHEN true THEN 1 ELSE 2 END", n) },
	"union":        func(n int) string { return "SELECT 1, 2" + strings.Repeat(" UNION SELECT 1, 2 WHERE true AND true", n) },
	"joins":        func(n int) string { return "SELECT * FROM a" + strings.Repeat(" JOIN b ON x AND y", n) },
	"parentheses":  func(n int) string { return "SELECT " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) },
	"subqueries":   func(n int) string { return strings.Repeat("SELECT (", n) + "1" + strings.Repeat(")", n) },
	"from-subquery": func(n int) string {
		return strings.Repeat("SELECT * FROM (", n) + "SELECT 1" + strings.Repeat(") s", n)
	},
	"calls":  func(n int) string { return "SELECT " + strings.Repeat("f(1, ", n) + "1" + strings.Repeat(")", n) },
	"arrays": func(n int) string { return "SELECT " + strings.Repeat("ARRAY[", n) + "1" + strings.Repeat("]", n) },
	"minus":  func(n int) string { return "SELECT " + strings.Repeat("- ", n) + "1" },
	"not":    func(n int) string { return "SELECT " + strings.Repeat("NOT ", n) + "true" },
	"case-nested": func(n int) string {
		return "SELECT " + strings.Repeat("CASE WHEN true THEN ", n) + "1" + strings.Repeat(" END", n)
	},
	"check": func(n int) string {
		return "CREATE TABLE t (a int CHECK (" + strings.Repeat("(a + ", n) + "1" + strings.Repeat(")", n) + " > 0))"
	},
}

// TestDeepStatements: past MaxDepth, a statement is a syntax error at the
// token where it gets too deep and never reaches libpg_query (which would
// kill the process); at the deepest nesting the limit lets through, the
// statement parses (libpg_query and the tree's decoding cope).
func TestDeepStatements(t *testing.T) {
	for name, build := range deepSQL {
		t.Run(name, func(t *testing.T) {
			src := "SELECT 0;\n" + build(30_000) + ";\nSELECT 2;"
			f := parse(src)
			if len(f.Stmts) != 3 || f.Stmts[0].Err != nil || f.Stmts[2].Err != nil {
				t.Fatalf("the statements around the deep one are lost: %q", stmts(f))
			}
			e := f.Stmts[1].Err
			if e == nil || !strings.HasPrefix(e.Msg, fmt.Sprintf("statement nested deeper than %d levels", MaxDepth)) {
				t.Fatalf("error %+v, want the nesting limit", e)
			}
			if p := e.Span.StartPos(); p.Line != 2 || e.Span.Start <= f.Stmts[1].Start || e.Span.End > f.Stmts[1].End || e.Span.Start >= e.Span.End {
				t.Errorf("error at %v (bytes %d-%d), want a token inside the statement", p, e.Span.Start, e.Span.End)
			}

			// The deepest statement under the limit, in a view (a query
			// alone is only syntax-checked, without its tree).
			full := func(n int) string {
				if s := build(n); strings.HasPrefix(s, "SELECT") {
					return "CREATE VIEW v AS " + s
				}
				return build(n)
			}
			lo, hi := 1, 2*MaxDepth
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if _, deep := tooDeep(full(mid)); deep {
					hi = mid - 1
				} else {
					lo = mid
				}
			}
			if lo < 100 {
				t.Errorf("the limit stops %s at %d levels: real SQL would hit it", name, lo)
			}
			f = parse(full(lo))
			if len(f.Stmts) != 1 || f.Stmts[0].Err != nil || f.Stmts[0].Node == nil {
				t.Errorf("%d levels, under the limit, do not parse: %q", lo, stmts(f))
			}
		})
	}
}

// TestDepthBound: the byte count that spares the scan is never below the
// scanner-based estimate, or deep statements would slip through unscanned.
func TestDepthBound(t *testing.T) {
	for name, build := range deepSQL {
		for _, n := range []int{1, 10, 300, 999, 1000, 1001, 3000} {
			text := build(n)
			toks, err := scanTokens(text)
			if err != nil {
				t.Fatal(err)
			}
			_, deep := nesting(toks)
			if deep && depthBound(text) <= MaxDepth {
				t.Errorf("%s(%d): nesting passes the limit but depthBound is %d", name, n, depthBound(text))
			}
			if deep && len(text) <= MaxDepth {
				t.Errorf("%s(%d): nesting passes the limit in %d bytes", name, n, len(text))
			}
		}
	}
}

// TestBadTokenCostsItsStatement: a scanner error that PostgreSQL's scanner
// could read past (a malformed number or parameter, an empty quoted
// identifier) is reported where it is and costs only its statement; an
// unterminated quote still swallows the rest, as it does in PostgreSQL.
func TestBadTokenCostsItsStatement(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"SELECT 1abc;\nCREATE TABLE t (a int);", []string{`ERR trailing junk after numeric literal at or near "1a" @01:08 1`, "CREATE TABLE t (a int)"}},
		{"SELECT 1;\nSELECT 0x, 1.5e+10abc FROM t;\nSELECT 3", []string{"SELECT 1", `ERR invalid hexadecimal integer at or near "0x" @02:08 0`, "SELECT 3"}},
		{"SELECT 1;SELECT 0b2;SELECT 2", []string{"SELECT 1", `ERR invalid binary integer at or near "0b" @01:17 0`, "SELECT 2"}},
		// No semicolon: PostgreSQL reads one statement.
		{"SELECT 1abc\nSELECT 2;SELECT 3", []string{`ERR trailing junk after numeric literal at or near "1a" @01:08 1`, "SELECT 3"}},
		{`CREATE TABLE "" (a int); SELECT 1`, []string{`ERR zero-length delimited identifier at or near """" @01:14 "`, "SELECT 1"}},
		{"SELECT 1abc; SELECT 'open; SELECT 3", []string{`ERR trailing junk after numeric literal at or near "1a" @01:08 1`, `ERR unterminated quoted string at or near "'open; SELECT 3" @01:21 'open; SELECT 3`}},
	} {
		if got := stmts(parse(tc.src)); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
			t.Errorf("Parse(%q)\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
}

// TestDeepBeforeBadToken: a scanner error further on does not let a deep
// statement through: the grammar still runs over what comes before it.
func TestDeepBeforeBadToken(t *testing.T) {
	f := parse("SELECT 1 LIMIT 1" + strings.Repeat("+1", 30_000) + " LIMIT 2 1abc")
	if len(f.Stmts) != 1 || f.Stmts[0].Err == nil || !strings.HasPrefix(f.Stmts[0].Err.Msg, "statement nested deeper") {
		t.Errorf("got %q, want the nesting limit", stmts(f))
	}
}
