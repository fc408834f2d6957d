package parser

import (
	"strings"
	"testing"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/proto"
)

// jsonCases are constants and array bounds whose JSON loses their value.
const jsonCases = `CREATE TABLE t (a int DEFAULT 0, b int DEFAULT -1, c numeric(10,-2) DEFAULT - 1, d int[], e int[0], f int ARRAY, g text[][3] DEFAULT '{}');
ALTER TABLE t ALTER COLUMN a SET DEFAULT 00, ADD COLUMN h int[] DEFAULT ARRAY[0], ADD COLUMN i int DEFAULT 0x0;
CREATE SEQUENCE s INCREMENT BY -1 START 0;
CREATE TABLE u (a interval second(0), b bit(0), c int CHECK (c > -1 AND c < 0));
CREATE INDEX i ON t ((a - 0), (b + -0));
SELECT $1::int[], '[0]'::text, -0.0, 0.0, 0e0, -2147483648, 2147483647, 4294967296;
`

// TestJSONTrees: the protobuf transcoded from libpg_query's JSON is that of
// the same tree libpg_query writes as protobuf, or transcode refuses it, for
// every statement of the repository's SQL, the corpora, treeCases and
// jsonCases; it refuses few.
func TestJSONTrees(t *testing.T) {
	srcs := append([]string{treeCases, jsonCases}, sqlTexts("..", "../../shared/corpora")...)
	total, own := 0, 0
	for _, src := range srcs {
		n, o := checkJSON(t, src)
		total, own = total+n, own+o
	}
	t.Logf("transcoded %d trees of %d", own, total)
	if total < 100 || own < total*9/10 {
		t.Errorf("transcoded %d trees of %d", own, total)
	}
}

// checkJSON compares the transcoded trees of src's statements with
// libpg_query's protobuf, and returns how many trees there were and how many
// were transcoded.
func checkJSON(t *testing.T, src string) (total, own int) {
	t.Helper()
	eachParsed(src, func(sql string, data []byte) {
		if !utf8.ValidString(sql) || strings.IndexByte(sql, 0) >= 0 {
			return // never parsed (see parsePiece)
		}
		total++
		j, err := parseToJSON(sql)
		if err != nil {
			t.Fatalf("%q: JSON: %v, protobuf: none", sql, err)
		}
		tree, err := transcode(j, sql)
		if err != nil {
			return
		}
		own++
		var want, got pg_query.ParseResult
		if err := proto.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if err := proto.Unmarshal(tree, &got); err != nil {
			t.Fatalf("%q: %v", sql, err)
		}
		if !proto.Equal(&got, &want) {
			t.Fatalf("%q: transcoded\n%v\nwant\n%v", sql, &got, &want)
		}
	})
	return total, own
}

// TestJSONLost: a constant or an array bound that the JSON cannot tell is
// refused, one it can is not.
func TestJSONLost(t *testing.T) {
	for sql, ok := range map[string]bool{
		"CREATE TABLE t (a int DEFAULT 0)":           true,
		"CREATE TABLE t (a int DEFAULT -1)":          false,
		"CREATE TABLE t (a int[])":                   true,
		"CREATE TABLE t (a int[0])":                  false,
		"CREATE TABLE t (a int[2], b int ARRAY)":     true,
		"CREATE SEQUENCE s INCREMENT BY -1":          false,
		"CREATE TABLE t (a int DEFAULT 1 + -0)":      false,
		"ALTER TABLE t ALTER COLUMN a SET DEFAULT 0": true,
	} {
		j, err := parseToJSON(sql)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := transcode(j, sql); (err == nil) != ok {
			t.Errorf("%s: transcoded %v, want %v", sql, err == nil, ok)
		}
	}
	if _, err := transcode(strings.Replace(mustJSON(t, "SELECT 1"), `"version"`, `"versio"`, 1), "SELECT 1"); err == nil {
		t.Error("an unknown key was transcoded")
	}
}

func mustJSON(t testing.TB, sql string) string {
	j, err := parseToJSON(sql)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// BenchmarkParseTree compares the two ways to a statement's protobuf:
// libpg_query's own (protobuf) and its JSON transcoded (json), for the
// statements a run parses in full, and the transcoding alone.
//
//	go test ./parser -run '^$' -bench ParseTree
func BenchmarkParseTree(b *testing.B) {
	for name, srcs := range benchSets(b) {
		var stmts, jsons []string
		for _, src := range srcs {
			f := NewFile("x.sql", src)
			if err := Decode(f, Encode(src, Options{})); err != nil {
				b.Fatal(err)
			}
			for _, s := range f.Stmts {
				if !s.Lean && s.Node != nil {
					sql := src[s.Base:s.End]
					stmts, jsons = append(stmts, sql), append(jsons, mustJSON(b, sql))
				}
			}
		}
		for _, mode := range []string{"protobuf", "json", "transcode"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					for i, sql := range stmts {
						var err error
						switch mode {
						case "protobuf":
							_, err = parseToProtobuf(sql)
						case "json":
							_, err = parseTree(sql)
						case "transcode":
							_, err = transcode(jsons[i], sql)
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
