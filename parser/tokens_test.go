package parser

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// TestScanTokens checks scanTokens, which reads libpg_query's protobuf
// itself, against pg_query.Scan on every SQL file of the repository and on
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
		pgMu.Lock()
		r, wantErr := pg_query.Scan(sql)
		pgMu.Unlock()
		var want []Token
		if wantErr == nil {
			for _, tok := range r.Tokens {
				want = append(want, Token{tok.Start, tok.End, tok.Token, tok.KeywordKind})
			}
		}
		if (gotErr == nil) != (wantErr == nil) || !slices.Equal(got, want) {
			t.Errorf("scanTokens(%.40q) = %d tokens, %v; pg_query.Scan: %d, %v", sql, len(got), gotErr, len(want), wantErr)
		}
	}
	t.Logf("%d inputs", len(inputs))
}

// TestClauseSpanFrom checks that a clause's span is the same whether
// ClauseSpan scans the clause alone or reads the whole statement's tokens,
// from every token of every statement of the repository's SQL files, with
// and without a limit.
func TestClauseSpanFrom(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../*/testdata/*/*/*.sql", "../testdata/examples/*/*.sql", "../internal/*/testdata/*/*.sql"} {
		more, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, more...)
	}
	checked := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := NewFile(p, string(src))
		Parse(f)
		for _, s := range f.Stmts {
			toks := s.scan()
			for i, tok := range toks {
				start := s.Base + int(tok.Start)
				limits := []int{0}
				if i+3 < len(toks) {
					limits = append(limits, s.Base+int(toks[i+3].Start))
				}
				for _, limit := range limits {
					s.scan() // the statement's tokens at hand
					whole := s.ClauseSpan(start, limit)
					lastScan.Store(nil)
					alone := s.ClauseSpan(start, limit)
					if whole != alone {
						t.Fatalf("%s: ClauseSpan(%d, %d) = %q from the statement's tokens, %q from the clause's", p, start, limit, whole.Text(), alone.Text())
					}
					checked++
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no clause checked")
	}
	t.Logf("%d clauses", checked)
}
