package analyzer

import (
	"go/token"
	"slices"
	"strconv"
	"testing"
)

func TestDecodeLiteral(t *testing.T) {
	for _, c := range []struct {
		lit        string
		starts     []token.Pos // offset of each value byte's source
		ends       []token.Pos
		tail       token.Pos
		spanStart  int
		spanEnd    int
		wantPos    token.Pos
		wantEndPos token.Pos
	}{
		// \x41 is one byte, \u00e9 two (é), \101 one (octal A).
		{`"a\x41\u00e9\101"`, []token.Pos{1, 2, 6, 6, 12}, []token.Pos{2, 6, 12, 12, 16}, 16, 1, 4, 2, 12},
		// A raw string loses its carriage returns, not their columns.
		{"`a\r\nb`", []token.Pos{1, 3, 4}, []token.Pos{2, 4, 5}, 5, 1, 3, 3, 5},
		{`""`, nil, nil, 1, 0, 0, 1, 1},
	} {
		v := decodeLiteral(c.lit, 0)
		want, err := strconv.Unquote(c.lit)
		if v == nil || err != nil || string(v.s) != want {
			t.Errorf("%s: decoded %q, want %q (%v)", c.lit, v.s, want, err)
			continue
		}
		if !slices.Equal(v.start, c.starts) || !slices.Equal(v.end, c.ends) || v.tail != c.tail {
			t.Errorf("%s: starts %v ends %v tail %d, want %v %v %d", c.lit, v.start, v.end, v.tail, c.starts, c.ends, c.tail)
		}
		if pos, end := v.span(c.spanStart, c.spanEnd); pos != c.wantPos || end != c.wantEndPos {
			t.Errorf("%s: span(%d, %d) = %d, %d; want %d, %d", c.lit, c.spanStart, c.spanEnd, pos, end, c.wantPos, c.wantEndPos)
		}
	}
	// Every escape decodes as the compiler decodes it.
	for _, lit := range []string{`"\a\b\f\n\r\t\v\\\"\x00\xff\377\000\u2318\U0001F600é 日本"`, "`\\n\r\r\"`"} {
		want, _ := strconv.Unquote(lit)
		if v := decodeLiteral(lit, 0); v == nil || string(v.s) != want {
			t.Errorf("%s: decoded %q, want %q", lit, v.s, want)
		}
	}
	for _, bad := range []string{`"\q"`, `"`, "'a'", `"a`} {
		if v := decodeLiteral(bad, 0); v != nil {
			t.Errorf("%s: decoded %q, want nil", bad, v.s)
		}
	}
}

// A range across the pieces of a concatenation ends with its first piece.
func TestSpanAcrossPieces(t *testing.T) {
	v := decodeLiteral(`"ab"`, 100).concat(decodeLiteral(`"cd"`, 10))
	if string(v.s) != "abcd" {
		t.Fatalf("decoded %q", v.s)
	}
	for _, c := range []struct {
		start, end  int
		pos, posEnd token.Pos
	}{
		{0, 4, 101, 103}, // "ab" of the first literal, not back into the second
		{2, 4, 11, 13},
		{1, 3, 102, 103},
		{4, 4, 13, 13},
	} {
		if pos, end := v.span(c.start, c.end); pos != c.pos || end != c.posEnd {
			t.Errorf("span(%d, %d) = %d, %d; want %d, %d", c.start, c.end, pos, end, c.pos, c.posEnd)
		}
	}
}

func TestParseEmbedArgs(t *testing.T) {
	got, err := parseEmbedArgs(" a/*.sql\t\"b c.sql\" `d\\e` all:f")
	if want := []string{"a/*.sql", "b c.sql", `d\e`, "all:f"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{`"a`, "`a", `"a"b`} {
		if _, err := parseEmbedArgs(bad); err == nil {
			t.Errorf("parseEmbedArgs(%s) succeeded", bad)
		}
	}
}

func TestVersioned(t *testing.T) {
	for in, want := range map[string]string{
		"001_init.sql":                  "001_init.sql",
		"db/migrations/2_x.up.sql":      "2_x.up.sql",
		"20240101_init/up.sql":          "20240101_init/up.sql",
		"m/20240101_init/migration.sql": "20240101_init/migration.sql",
		"queries.sql":                   "",
		"queries/list.sql":              "",
	} {
		if got := versioned(in); got != want {
			t.Errorf("versioned(%q) = %q, want %q", in, got, want)
		}
	}
}
