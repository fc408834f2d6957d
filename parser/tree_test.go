package parser

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// treeCases hold every kind of node the decoder writes out, most of their
// fields, and kinds it leaves to proto.Unmarshal.
const treeCases = `CREATE TABLE IF NOT EXISTS app.t (
	id bigserial PRIMARY KEY,
	a int4[3][] NOT NULL DEFAULT -1 CHECK (a > 0) NO INHERIT,
	b varchar(20) COLLATE "C" UNIQUE NULLS NOT DISTINCT DEFERRABLE INITIALLY DEFERRED,
	c numeric(12,2) DEFAULT 1.5 REFERENCES u (id) MATCH FULL ON DELETE SET NULL (c) ON UPDATE CASCADE,
	d int GENERATED ALWAYS AS IDENTITY (START WITH 10),
	e text COMPRESSION pglz STORAGE EXTERNAL GENERATED ALWAYS AS (lower(b::text)) STORED,
	f bit(3) DEFAULT B'101', g boolean DEFAULT true, h timestamptz DEFAULT now(),
	EXCLUDE USING gist (c WITH =) INCLUDE (a) WITH (fillfactor = 70) USING INDEX TABLESPACE ts WHERE (a > 1),
	CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES only u (x, y) NOT VALID,
	LIKE v INCLUDING ALL
) INHERITS (p) WITH (fillfactor = 70) ON COMMIT DROP TABLESPACE ts;
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (10) PARTITION BY RANGE (a);
CREATE TABLE o OF ty (a WITH OPTIONS NOT NULL) USING heap;
CREATE UNLOGGED TABLE l (x int);
ALTER TABLE IF EXISTS ONLY t ADD COLUMN IF NOT EXISTS z int REFERENCES u, DROP COLUMN y CASCADE,
	ALTER COLUMN a SET DEFAULT 0, ALTER COLUMN a TYPE bigint USING a::bigint, OWNER TO CURRENT_USER,
	ADD CONSTRAINT k UNIQUE USING INDEX i, ALTER COLUMN 3 SET STATISTICS 100, SET (fillfactor = 1);
ALTER INDEX i SET TABLESPACE ts;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY t USING btree (lower(b) COLLATE "C" text_pattern_ops DESC NULLS LAST, (a + 1), c)
	INCLUDE (d) NULLS NOT DISTINCT WITH (fillfactor = 70) TABLESPACE ts WHERE a IS NOT NULL AND b = 'x';
DROP TABLE IF EXISTS a, b.c CASCADE;
DROP INDEX CONCURRENTLY i;
SELECT count(DISTINCT a ORDER BY b) FILTER (WHERE a > 1) OVER (PARTITION BY c), f(VARIADIC x), current_date, CAST('1' AS int), t.*, 1e5 FROM t;
CREATE OR REPLACE VIEW v (a, b) WITH (security_barrier) AS SELECT 1 AS a, x[1] AS b FROM t WHERE NOT c WITH LOCAL CHECK OPTION;
CREATE PROCEDURE p(a int DEFAULT 1, OUT b text) LANGUAGE sql SET search_path = x BEGIN ATOMIC SELECT 1; END;
CREATE FUNCTION f() RETURNS SETOF int STRICT AS $$ SELECT 1 $$ LANGUAGE sql;
ALTER TABLE t RENAME CONSTRAINT a TO b; ALTER VIEW IF EXISTS v RENAME TO w; ALTER TABLE a.t RENAME TO u;
SELECT true, a IS DISTINCT FROM b, a BETWEEN 1 AND 2, a IN (1, 2) FROM t;
ALTER TABLE t RENAME COLUMN a TO b;
`

// TestTreeDecoder: unmarshalTree gives the trees proto.Unmarshal gives, for
// every statement of the repository's SQL, the corpora and treeCases, parsed
// in full; most of them on its own.
func TestTreeDecoder(t *testing.T) {
	srcs := append([]string{treeCases}, sqlTexts("..", "../../shared/corpora")...)
	total, own := 0, 0
	for _, src := range srcs {
		n, o := checkTrees(t, src)
		total, own = total+n, own+o
	}
	if total < 100 || own < total/2 {
		t.Errorf("decoded %d trees on its own of %d", own, total)
	}
}

// eachParsed calls fn with each statement of src that libpg_query parses
// (and that is not too deep to) and its tree as protobuf.
func eachParsed(src string, fn func(sql string, data []byte)) {
	spans, _ := split(src)
	for _, sp := range spans {
		sql := src[sp[0]:sp[1]]
		if _, deep := tooDeep(sql); deep {
			continue
		}
		if data, err := parseToProtobuf(sql); err == nil {
			fn(sql, data)
		}
	}
}

// checkTrees compares both decoders on every statement of src that parses,
// and returns how many trees there were and how many unmarshalTree decoded
// without falling back to proto.Unmarshal.
func checkTrees(t *testing.T, src string) (total, own int) {
	t.Helper()
	var trees treeReader
	eachParsed(src, func(sql string, data []byte) {
		var want, got pg_query.ParseResult
		wantErr := proto.Unmarshal(data, &want)
		if trees.parseResult(data, &got) == nil {
			own++
		}
		if err := unmarshalTree(data, &got, &trees); (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: %v, want %v", sql, err, wantErr)
		} else if err != nil {
			return
		}
		if !proto.Equal(&got, &want) {
			t.Fatalf("%q: decoded\n%v\nwant\n%v", sql, &got, &want)
		}
		total++
	})
	return total, own
}

// TestTreeKinds: every kind the decoder writes out is the kind of Node its
// field number says, and decodes with every field set to what
// proto.Unmarshal finds, on its own; other kinds fall back.
func TestTreeKinds(t *testing.T) {
	var trees treeReader
	nodeFields := (&pg_query.Node{}).ProtoReflect().Descriptor().Oneofs().ByName("node").Fields()
	own := 0
	for i := range nodeFields.Len() {
		fd := nodeFields.Get(i)
		for variant := range 5 { // A_Const's values
			n := &pg_query.Node{}
			full(n.ProtoReflect().Mutable(fd).Message(), 2, variant)
			data, err := proto.Marshal(n)
			if err != nil {
				t.Fatal(err)
			}
			var got pg_query.Node
			trees.err = nil
			_, _, k := protowire.ConsumeTag(data)
			body, _ := protowire.ConsumeBytes(data[k:])
			if trees.kind(&got, fd.Number(), body) {
				own++
				if trees.err != nil || !proto.Equal(&got, n) {
					t.Errorf("%s: decoded %v (%v), want %v", fd.Message().Name(), &got, trees.err, n)
				}
			}
			if g := trees.node(data); trees.err != nil || !proto.Equal(g, n) {
				t.Errorf("%s: node decoded %v (%v), want %v", fd.Message().Name(), g, trees.err, n)
			}
		}
	}
	if own != 5*(24+47) {
		t.Errorf("%d kinds decoded on their own, want 71", own/5)
	}
}

// full sets every field of m: numbers and strings to values told apart
// by their field, lists to two elements, messages to full ones (down to
// depth), a Node to a String; variant picks the oneof's field.
func full(m protoreflect.Message, depth, variant int) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if o := fd.ContainingOneof(); o != nil && o.Fields().Get(variant%o.Fields().Len()) != fd {
			continue
		}
		n := int(fd.Number())
		scalar := func() protoreflect.Value {
			switch fd.Kind() {
			case protoreflect.BoolKind:
				return protoreflect.ValueOfBool(true)
			case protoreflect.EnumKind:
				return protoreflect.ValueOfEnum(fd.Enum().Values().Get(1 % fd.Enum().Values().Len()).Number())
			case protoreflect.Int32Kind:
				return protoreflect.ValueOfInt32(int32(-n))
			case protoreflect.Int64Kind:
				return protoreflect.ValueOfInt64(int64(-n))
			case protoreflect.Uint32Kind:
				return protoreflect.ValueOfUint32(uint32(n))
			case protoreflect.Uint64Kind:
				return protoreflect.ValueOfUint64(uint64(n))
			case protoreflect.DoubleKind:
				return protoreflect.ValueOfFloat64(float64(n))
			case protoreflect.StringKind:
				return protoreflect.ValueOfString(fmt.Sprint(fd.Name(), "é"))
			}
			panic(fd.Kind())
		}
		msg := func(sub protoreflect.Message) {
			if sub.Descriptor().FullName() == "pg_query.Node" {
				sub.Set(sub.Descriptor().Fields().ByName("string"),
					protoreflect.ValueOfMessage((&pg_query.String{Sval: string(fd.Name())}).ProtoReflect()))
			} else if depth > 0 {
				full(sub, depth-1, variant)
			}
		}
		switch {
		case fd.IsList():
			l := m.Mutable(fd).List()
			for range 2 {
				if fd.Message() != nil {
					v := l.NewElement()
					msg(v.Message())
					l.Append(v)
				} else {
					l.Append(scalar())
				}
			}
		case fd.Message() != nil:
			msg(m.Mutable(fd).Message())
		default:
			m.Set(fd, scalar())
		}
	}
}

// TestTreeFallback: a tree the decoder does not expect (a field pg_query
// does not have, a string that is not UTF-8) is left to proto.Unmarshal,
// which also refuses what it refuses.
func TestTreeFallback(t *testing.T) {
	rv := protowire.AppendTag(nil, 3, protowire.BytesType) // relname
	rv = protowire.AppendString(rv, "t")
	node := protowire.AppendTag(nil, nodeRangeVar, protowire.BytesType)
	node = protowire.AppendBytes(node, protowire.AppendVarint(protowire.AppendTag(rv, 99, protowire.VarintType), 1))
	raw := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), node)
	data := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), raw)

	var trees treeReader
	var res pg_query.ParseResult
	if trees.parseResult(data, &res) == nil {
		t.Error("an unknown field was decoded")
	}
	if err := unmarshalTree(data, &res, &trees); err != nil || res.Stmts[0].Stmt.GetRangeVar().GetRelname() != "t" {
		t.Errorf("fallback: %v, %v", &res, err)
	}

	bad := protowire.AppendString(protowire.AppendTag(nil, 3, protowire.BytesType), "\xff")
	node = protowire.AppendBytes(protowire.AppendTag(nil, nodeRangeVar, protowire.BytesType), bad)
	raw = protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), node)
	data = protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), raw)
	if err := unmarshalTree(data, &res, &trees); err == nil {
		t.Error("a string that is not UTF-8 was decoded")
	}
}

// BenchmarkTrees measures decoding the trees of each file's statements,
// as a run does, with proto.Unmarshal and with unmarshalTree.
//
//	go test ./parser -run '^$' -bench Trees
func BenchmarkTrees(b *testing.B) {
	for name, srcs := range benchSets(b) {
		var files [][][]byte
		for _, src := range srcs {
			// The trees a run decodes (a view's up to its AS, a
			// function's body), written again as libpg_query writes them.
			f := NewFile("x.sql", src)
			if err := Decode(f, Encode(src, Options{})); err != nil {
				b.Fatal(err)
			}
			var trees [][]byte
			for _, s := range f.Stmts {
				if s.Node != nil {
					data, err := proto.Marshal(&pg_query.ParseResult{Stmts: []*pg_query.RawStmt{{Stmt: s.Node}}})
					if err != nil {
						b.Fatal(err)
					}
					trees = append(trees, data)
				}
			}
			files = append(files, trees)
		}
		for _, mode := range []string{"proto", "tree"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					for _, trees := range files {
						var r treeReader
						for _, data := range trees {
							var res pg_query.ParseResult
							var err error
							if mode == "tree" {
								err = unmarshalTree(data, &res, &r)
							} else {
								err = proto.Unmarshal(data, &res)
							}
							if err != nil {
								b.Fatal(err)
							}
						}
					}
				}
			})
		}
	}
}

// TestTreeDepth: nodes nested deeper than maxTreeDepth are left to
// proto.Unmarshal, which refuses them.
func TestTreeDepth(t *testing.T) {
	list := func(inner []byte) []byte { // a List holding inner
		items := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), inner)
		return protowire.AppendBytes(protowire.AppendTag(nil, nodeList, protowire.BytesType), items)
	}
	var node []byte
	for range maxTreeDepth + 1 {
		node = list(node)
	}
	raw := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), node)
	data := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), raw)
	var trees treeReader
	var res pg_query.ParseResult
	if err := trees.parseResult(data, &res); err == nil {
		t.Error("nodes nested too deep were decoded")
	}
	if err := unmarshalTree(data, &res, &trees); err == nil {
		t.Error("proto.Unmarshal decoded nodes nested too deep")
	}
}

// TestTreeReuse: trees decoded into the memory of dropped ones are those
// proto.Unmarshal gives, nothing of the old trees left in them.
func TestTreeReuse(t *testing.T) {
	var r treeReader
	decodeAll := func(src string) (got, want []*pg_query.ParseResult) {
		spans, _ := split(src)
		for _, sp := range spans {
			data, err := parseToProtobuf(src[sp[0]:sp[1]])
			if err != nil {
				continue
			}
			g, w := new(pg_query.ParseResult), new(pg_query.ParseResult)
			if err := r.parseResult(data, g); err != nil {
				t.Fatal(err)
			}
			if err := proto.Unmarshal(data, w); err != nil {
				t.Fatal(err)
			}
			got, want = append(got, g), append(want, w)
		}
		return got, want
	}
	decodeAll(treeCases)
	r.reuse()
	if len(r.nodes.spare) == 0 || len(r.cons.spare) == 0 || len(r.lists.spare) == 0 {
		t.Fatal("nothing to reuse")
	}
	// reuse names every slab: one it left out would keep its arrays in
	// use, and collect more with every file.
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); strings.HasPrefix(f.Type().Name(), "slab[") && (f.FieldByName("used").Len() > 0 || f.FieldByName("free").Len() > 0) {
			t.Errorf("reuse leaves %s in use", v.Type().Field(i).Name)
		}
	}
	spare := len(r.nodes.spare)
	got, want := decodeAll("CREATE TABLE t (a int, b text NULL);\nALTER TABLE t ADD c int;\nCREATE INDEX ON t (a);\nDROP TABLE u;")
	if len(r.nodes.spare) == spare {
		t.Error("no array was reused")
	}
	for i := range want {
		if !proto.Equal(got[i], want[i]) {
			t.Errorf("reused: %v, want %v", got[i], want[i])
		}
	}

	// Decoding the same trees again and again reuses the same arrays.
	arrays := func() int { return len(r.lists.spare) + len(r.nodes.spare) + len(r.cons.spare) }
	r.reuse()
	decodeAll(treeCases + strings.Repeat("CREATE TABLE t (a int, b int, c int, d int, e int, f int);\n", 40))
	r.reuse()
	n := arrays()
	for range 10 {
		decodeAll(treeCases + strings.Repeat("CREATE TABLE t (a int, b int, c int, d int, e int, f int);\n", 40))
		r.reuse()
	}
	if arrays() != n {
		t.Errorf("%d spare arrays after decoding the same trees ten times more, %d before", arrays(), n)
	}

	f := NewFile("a.sql", treeCases)
	ParseWith(f, Options{})
	if f.trees == nil {
		t.Fatal("no trees decoded")
	}
	f.DropTrees()
	for _, s := range f.Stmts {
		if s.Node != nil || s.Extra != nil {
			t.Fatalf("%v kept its tree", s)
		}
	}
	if f.trees != nil {
		t.Error("the trees' memory was not given back")
	}
}
