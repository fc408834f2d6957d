package schema_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/internal/fix"
	"github.com/miglint/miglint/internal/fuzzseed"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// FuzzReplay replays any two-file history, in both dialects, through
// everything that reads the replay: every rule, the deletion tree in each
// rendering and the fix. Nothing may panic, every finding must point into
// its file, two runs must agree, and the SQL miglint writes (the fix, the
// rules' suggested repairs) must parse.
func FuzzReplay(f *testing.F) {
	for _, s := range fuzzseed.Hostile {
		f.Add(s, "", false)
		f.Add("CREATE TABLE users (id bigint PRIMARY KEY);", s, true)
	}
	seeds := fuzzseed.SQL("..")
	for i, s := range seeds {
		next := ""
		if i+1 < len(seeds) && pathDir(seeds[i+1].Path) == pathDir(s.Path) {
			next = seeds[i+1].Src // the next migration of the same history
		}
		f.Add(s.Src, next, strings.Contains(s.Path, "skytwin") || strings.Contains(s.Path, "cockroach"))
	}
	f.Fuzz(func(t *testing.T, a, b string, cockroach bool) {
		defer fuzzseed.Deadline(a + "\x00" + b)()
		dialect := parser.Postgres
		if cockroach {
			dialect = parser.Cockroach
		}
		first := replay(t, a, b, dialect)
		if again := replay(t, a, b, dialect); again != first {
			t.Fatalf("two runs differ:\n%s\n---\n%s", first, again)
		}
	})
}

func pathDir(p string) string { return p[:strings.LastIndexByte(p, '/')+1] }

// replay lints the history a, b and returns everything it printed.
func replay(t *testing.T, a, b, dialect string) string {
	files := []*parser.File{parser.NewFile("001_a.sql", a), parser.NewFile("002_b.sql", b)}
	res := lint.Files(files, nil, lint.Options{Dialect: dialect})
	var out strings.Builder
	inFile := func(what string, sp parser.Span) {
		if sp.File != files[0] && sp.File != files[1] || sp.Start < 0 || sp.Start > sp.End || sp.End > sp.File.Len() {
			t.Fatalf("%s: span %d-%d outside its file", what, sp.Start, sp.End)
		}
	}
	for _, d := range res.Diagnostics {
		inFile(d.Rule, d.Span)
		for _, r := range d.Related {
			inFile(d.Rule+" (related)", r.Span)
		}
		if !utf8.ValidString(d.Message) {
			t.Fatalf("%s: message %q is not UTF-8", d.Rule, d.Message)
		}
		if d.Fix != "" {
			mustParse(t, d.Rule+"'s fix", d.Fix, dialect)
		}
		fmt.Fprintf(&out, "%s %d-%d %s %s\n", d.Rule, d.Span.Start, d.Span.End, d.Message, d.Fix)
	}

	roots := rules.Roots(res.Replay.Catalog, rules.DefaultPolicies)
	for _, root := range roots {
		tree := cascade.Walk(res.Replay.Catalog, root, nil)
		for _, format := range cascade.Formats {
			var w bytes.Buffer
			if err := cascade.Render(&w, tree, format); err != nil {
				t.Fatalf("deletion tree as %s: %v", format, err)
			}
			out.Write(w.Bytes())
		}
	}
	if len(roots) > 0 {
		sql := fix.Make(res.Replay.Catalog, roots, dialect, nil).SQL(fix.Options{Dialect: dialect})
		mustParse(t, "the fix", sql, dialect)
		out.WriteString(sql)
	}
	return out.String()
}

func mustParse(t *testing.T, what, sql, dialect string) {
	t.Helper()
	f := parser.NewFile("fix.sql", sql)
	parser.ParseWith(f, parser.Options{Dialect: dialect})
	for _, s := range f.Stmts {
		if s.Err != nil {
			t.Fatalf("%s does not parse: %s at %v\n%s", what, s.Err.Msg, s.Err.Span.StartPos(), sql)
		}
	}
}
