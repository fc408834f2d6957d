package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"

	"github.com/miglint/miglint/internal/bench"
	"github.com/miglint/miglint/internal/fuzzseed"
)

// leanCases are statements parsed lean, and a few that are not.
const leanCases = `INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') ON CONFLICT DO NOTHING;
UPDATE t SET a = a + 1 WHERE b IN (SELECT b FROM u);
-- a comment first
DELETE FROM t WHERE a = 1;
WITH x AS (SELECT 1) SELECT * FROM x;
GRANT SELECT ON t TO app;
COMMENT ON TABLE t IS 'rows';
CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
CREATE OR REPLACE VIEW app.v (x, y) WITH (security_barrier) AS SELECT a AS x, b AS y FROM t WHERE a > 1 WITH CHECK OPTION;
CREATE MATERIALIZED VIEW IF NOT EXISTS "Mv" AS SELECT count(*) AS n FROM t WITH NO DATA;
CREATE TEMP RECURSIVE VIEW r (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM r WHERE n < 10;
CREATE VIEW "as" /* AS */ AS SELECT 'AS' AS "as";
CREATE TABLE t2 AS SELECT a FROM t;
CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now(); RETURN NEW; END $$;
CREATE FUNCTION f(a int DEFAULT CAST(1 AS int)) RETURNS int AS $body$ SELECT a $body$ LANGUAGE sql;
CREATE PROCEDURE p() LANGUAGE sql AS /* AS 'x' */ $$ DELETE FROM t $$;
CREATE FUNCTION q(int) RETURNS int AS 'SELECT $1' LANGUAGE sql;
CREATE FUNCTION c(int) RETURNS int AS 'lib', 'c_fn' LANGUAGE c;
CREATE FUNCTION r() RETURNS int LANGUAGE sql RETURN 1;
CREATE FUNCTION bad() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql LANGUAGE sql WHERE;
INSERT INTO t VALUES (1,;
UPDATE t SET a = WHERE b;
CREATE VIEW broken AS SELECT FROM WHERE 1 2;
SELECT 1; SELECT 2
`

// TestLeanMatchesFull parses histories lean and in full: every statement has
// the same span, error and tree, except that a lean statement has none, or
// for a view, the same name and columns, or for a function, the same body.
func TestLeanMatchesFull(t *testing.T) {
	sources := map[string]string{"cases.sql": leanCases}
	var dirs []string
	for _, d := range []string{"../testdata/examples/cascade-backfill", "../../shared/corpora/lemmy", "../../shared/corpora/hatchet", "../../shared/corpora/documenso"} {
		if _, err := os.Stat(d); err == nil {
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		_ = filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".sql") {
				if b, err := os.ReadFile(p); err == nil {
					sources[p] = string(b)
				}
			}
			return nil
		})
	}
	leans, views, funcs := 0, 0, 0
	for path, src := range sources {
		lean, full := NewFile(path, src), NewFile(path, src)
		Parse(lean)
		leanParse = false
		Parse(full)
		leanParse = true
		if len(lean.Stmts) != len(full.Stmts) {
			t.Fatalf("%s: %d statements lean, %d in full", path, len(lean.Stmts), len(full.Stmts))
		}
		for i, l := range lean.Stmts {
			f := full.Stmts[i]
			if l.Start != f.Start || l.End != f.End || l.Base != f.Base || l.Down != f.Down || (l.Err == nil) != (f.Err == nil) ||
				l.Err != nil && (l.Err.Msg != f.Err.Msg || l.Err.Span.Start != f.Err.Span.Start || l.Err.Span.End != f.Err.Span.End) {
				t.Errorf("%s: statement %d differs:\nlean %+v %v\nfull %+v %v", path, i, *l, l.Err, *f, f.Err)
				continue
			}
			switch {
			case !l.Lean:
				if !proto.Equal(l.Node, f.Node) {
					t.Errorf("%s: statement %d: trees differ", path, i)
				}
			case l.Node == nil:
				leans++
			case l.Node.GetCreateFunctionStmt() != nil:
				funcs++
				if lb, fb := funcBody(l.Node), funcBody(f.Node); lb == nil || !proto.Equal(lb, fb) {
					t.Errorf("%s: statement %d %q: body %v, in full %v", path, i, l.Text(), lb, fb)
				}
			default:
				views++
				lv, fv := viewName(l.Node), viewName(f.Node)
				if lv == nil || !proto.Equal(lv, fv) {
					t.Errorf("%s: statement %d %q: view %v, in full %v", path, i, l.Text(), lv, fv)
				}
			}
		}
	}
	if leans < 8 || views < 4 || funcs < 3 {
		t.Errorf("only %d lean statements, %d lean views and %d lean functions", leans, views, funcs)
	}
}

// funcBody is what the replay reads of a function: its AS option's value.
func funcBody(n *pg_query.Node) proto.Message {
	for _, o := range n.GetCreateFunctionStmt().GetOptions() {
		if d := o.GetDefElem(); d.GetDefname() == "as" {
			return d.Arg
		}
	}
	return nil
}

// TestBodyTree: the tree bodyTree writes field by field is the one
// pg_query's types marshal to.
func TestBodyTree(t *testing.T) {
	as := &pg_query.DefElem{Defname: "as", Arg: pg_query.MakeListNode([]*pg_query.Node{pg_query.MakeStrNode("BEGIN RETURN 1; END")})}
	stmt := &pg_query.CreateFunctionStmt{Options: []*pg_query.Node{{Node: &pg_query.Node_DefElem{DefElem: as}}}}
	want := &pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_CreateFunctionStmt{CreateFunctionStmt: stmt}}}}}
	var got pg_query.ParseResult
	if err := proto.Unmarshal(bodyTree("BEGIN RETURN 1; END"), &got); err != nil || !proto.Equal(&got, want) {
		t.Errorf("bodyTree decodes to %v (%v), want %v", &got, err, want)
	}
}

// viewName is what the replay reads of a view: the relation it creates, and
// for a view its column names.
func viewName(n *pg_query.Node) proto.Message {
	if v := n.GetViewStmt(); v != nil {
		return &pg_query.ViewStmt{View: v.View, Aliases: v.Aliases, Replace: v.Replace}
	}
	if c := n.GetCreateTableAsStmt(); c != nil {
		return &pg_query.IntoClause{Rel: c.Into.GetRel(), ColNames: c.Into.GetColNames()}
	}
	return nil
}

// TestDecodeRejectsForeignData: what the cache or a worker returns is
// checked, never trusted to index the source.
func TestDecodeRejectsForeignData(t *testing.T) {
	src := "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nSELEC 1;\n"
	data := Encode(src, Options{})
	f := NewFile("t.sql", src)
	if err := Decode(f, data); err != nil {
		t.Fatal(err)
	}
	for cut := range data {
		if err := Decode(NewFile("t.sql", src), data[:cut]); err == nil {
			t.Errorf("data cut at %d of %d decodes", cut, len(data))
		}
	}
	// For a shorter source, the offsets do not fit.
	if err := Decode(NewFile("t.sql", src[:10]), data); err == nil {
		t.Error("data for a longer source decodes")
	}
	flipped := append([]byte(nil), data...)
	for i := len(encodeMagic); i < len(flipped); i++ {
		flipped[i] ^= 0xff
		_ = Decode(NewFile("t.sql", src), flipped) // must not panic
		flipped[i] ^= 0xff
	}
}

// benchSets are the texts parser benchmarks read: a synthetic history and,
// when the corpora are beside the repository, lemmy's.
func benchSets(b *testing.B) map[string][]string {
	sets := map[string][]string{}
	var synth []string
	_, err := bench.Generate(bench.Options{Seed: 1, Files: 100, Statements: 10000}, func(_, sql string) error {
		synth = append(synth, sql)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sets["synthetic"] = synth
	if dir := "../../shared/corpora/lemmy"; fileExists(dir) {
		_ = filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".sql") {
				if data, err := os.ReadFile(p); err == nil {
					sets["lemmy"] = append(sets["lemmy"], string(data))
				}
			}
			return nil
		})
	}
	return sets
}

// BenchmarkEncode measures what lean statements save: the same sources
// parsed with every tree built (full) and lean.
//
//	go test ./parser -run '^$' -bench Encode
func BenchmarkEncode(b *testing.B) {
	for name, srcs := range benchSets(b) {
		size := 0
		for _, s := range srcs {
			size += len(s)
		}
		for _, mode := range []string{"full", "lean"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				leanParse = mode == "lean"
				defer func() { leanParse = true }()
				b.SetBytes(int64(size))
				for range b.N {
					for _, s := range srcs {
						if err := Decode(NewFile("x.sql", s), Encode(s, Options{})); err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestDecodeSpans checks that decoding without trees gives the statements
// Decode gives, in both dialects, trees aside.
func TestDecodeSpans(t *testing.T) {
	seeds := fuzzseed.SQL("..")
	for _, s := range fuzzseed.Hostile {
		seeds = append(seeds, fuzzseed.File{Path: "hostile.sql", Src: s})
	}
	// One tree, several statements: their spans come from the tree.
	tree, err := parseToProtobuf("CREATE TABLE a (id int);\n  /* b */ CREATE TABLE b (id int REFERENCES a); SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	var res pg_query.ParseResult
	if err := proto.Unmarshal(tree, &res); err != nil {
		t.Fatal(err)
	}
	raws, err := rawSpans(tree, nil)
	if err != nil || len(raws) != 3 || len(res.Stmts) != 3 {
		t.Fatalf("rawSpans: %d statements, %v; want %d", len(raws), err, len(res.Stmts))
	}
	for i, r := range raws {
		if r.location != res.Stmts[i].StmtLocation || r.len != res.Stmts[i].StmtLen || r.node != nil {
			t.Fatalf("rawSpans: statement %d is %v, want the location and length of %v", i, r, res.Stmts[i])
		}
	}

	for _, s := range seeds {
		for _, dialect := range []string{Postgres, Cockroach} {
			data := Encode(s.Src, Options{Dialect: dialect})
			full, spans := NewFile(s.Path, s.Src), NewFile(s.Path, s.Src)
			if err := Decode(full, data); err != nil {
				t.Fatal(err)
			}
			if err := DecodeSpans(spans, data); err != nil {
				t.Fatal(err)
			}
			if len(full.Stmts) != len(spans.Stmts) {
				t.Fatalf("%s (%s): %d statements, %d without trees", s.Path, dialect, len(full.Stmts), len(spans.Stmts))
			}
			for i, a := range full.Stmts {
				b := spans.Stmts[i]
				if b.Node != nil || b.Extra != nil {
					t.Fatalf("%s (%s): statement %d has a tree", s.Path, dialect, i)
				}
				if a.Start != b.Start || a.End != b.End || a.Base != b.Base || a.Down != b.Down || a.Lean != b.Lean ||
					(a.Err == nil) != (b.Err == nil) || a.Err != nil && (a.Err.Span.Start != b.Err.Span.Start || a.Err.Span.End != b.Err.Span.End || a.Err.Msg != b.Err.Msg) {
					t.Fatalf("%s (%s): statement %d differs: %+v, without trees %+v", s.Path, dialect, i, a, b)
				}
			}
		}
	}
	if len(seeds) < 50 {
		t.Fatalf("only %d files", len(seeds))
	}
}
