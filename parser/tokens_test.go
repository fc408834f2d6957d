package parser

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestScanTokens checks scanTokens, which reads libpg_query's protobuf
// itself, against Scan (pg_query.Scan) on every SQL file of the repository and on
// text the scanner rejects.
func TestScanTokens(t *testing.T) {
	inputs := []string{"", "SELECT 1", "SELECT 'unterminated", "/* open", "CREATE TABLE é (\"x\"\"y\" int) -- c\n; $1 $$a$$ 1e5 ::text"}
	paths, err := filepath.Glob("../*/testdata/*/*/*.sql")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no SQL files (%v)", err)
	}
	more, _ := filepath.Glob("../testdata/examples/*/*.sql")
	for _, p := range append(paths, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(src))
	}
	for _, sql := range inputs {
		got, gotErr := scanTokens(sql)
		r, wantErr := Scan(sql)
		var want []token
		if wantErr == nil {
			for _, tok := range r.Tokens {
				want = append(want, token{tok.Start, tok.End, tok.Token, tok.KeywordKind})
			}
		}
		if (gotErr == nil) != (wantErr == nil) || !slices.Equal(got, want) {
			t.Errorf("scanTokens(%.40q) = %d tokens, %v; pg_query.Scan: %d, %v", sql, len(got), gotErr, len(want), wantErr)
		}
	}
	t.Logf("%d inputs", len(inputs))
}
