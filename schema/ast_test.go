package schema

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/miglint/miglint/parser"
)

// exprCases are expressions of the kinds refsIn knows, and of some it does
// not, in CHECK constraints, defaults and an index's predicate.
const exprCases = `CREATE TABLE e (
	a int CHECK (a > 0 AND (b IS NOT NULL OR c::numeric(10, d) < 1)) CHECK (x.a::int[] IS NULL),
	b text DEFAULT CURRENT_TIMESTAMP::text CHECK (lower(b) = ANY (ARRAY['x', c])),
	c int CHECK (c = count(*) FILTER (WHERE d > 0)) CHECK (c = sum(a ORDER BY d)) CHECK (c = rank() OVER (ORDER BY d)),
	d int CHECK (CASE WHEN d > 0 THEN a ELSE b END IS NULL) CHECK (d IN (1, a, 2)) CHECK (COALESCE(d, a, b) > 0),
	f int CHECK (t.f.x > -1.5 AND NOT f::bool AND B'1' = 0::bit AND true) CHECK (f = (SELECT a FROM e)),
	g int CHECK (CASE g WHEN 1 THEN a END > GREATEST(b, c)) CHECK ((a, b) IS NOT NULL AND (g > 0) IS TRUE),
	h int CHECK (h = ANY (ARRAY[a, b]) AND (c)[1:d] IS NULL AND (e).x > 0 AND f(x => g) AND h COLLATE "C" > i)
);
CREATE INDEX ON e (a) WHERE b IS NOT NULL AND c > a;`

// TestExprColumns: exprColumns finds what the reflective walk finds, in the
// same order, for every expression of exprCases, the repository's SQL and
// the corpora; refsIn finds it alone for some, and leaves others to it.
func TestExprColumns(t *testing.T) {
	srcs := []string{exprCases}
	for _, dir := range []string{"..", "../../shared/corpora"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".sql") {
				if b, err := os.ReadFile(p); err == nil {
					srcs = append(srcs, string(b))
				}
			}
			return nil
		})
	}
	fast, slow := 0, 0
	for _, src := range srcs {
		f := parser.NewFile("e.sql", src)
		parser.Parse(f)
		for _, s := range f.Stmts {
			if s.Node == nil {
				continue
			}
			walk(s.Node.ProtoReflect(), func(m protoreflect.Message) {
				n, ok := m.Interface().(*pg_query.Node)
				if !ok {
					return
				}
				var want []string
				walk(m, func(m protoreflect.Message) {
					if ref, ok := m.Interface().(*pg_query.ColumnRef); ok {
						if names := strs(ref.Fields); len(names) > 0 && !slices.Contains(want, names[len(names)-1]) {
							want = append(want, names[len(names)-1])
						}
					}
				})
				if got := exprColumns(n); !slices.Equal(got, want) {
					t.Errorf("%s: columns %q, want %q", s.Text(), got, want)
				}
				if len(want) > 0 {
					var cols []string
					if refsIn(n, &cols) {
						fast++
					} else {
						slow++
					}
				}
			})
		}
	}
	t.Logf("%d expressions with columns found without reflection, %d with", fast, slow)
	if fast == 0 || slow == 0 {
		t.Errorf("%d expressions with columns found without reflection, %d with", fast, slow)
	}
}
