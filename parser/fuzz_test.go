package parser

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/miglint/miglint/internal/fuzzseed"
)

// FuzzParse splits and parses any text, in both dialects, and checks what
// every report relies on: statements in order inside the file, errors and
// tree locations inside their statement, and positions that agree with the
// text (lines, columns counted in characters, a BOM taking none), also once
// the file is compacted; and that both decoders of trees agree.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzseed.Hostile {
		f.Add(s, false)
		f.Add(s, true)
	}
	for _, s := range fuzzseed.SQL("..") {
		f.Add(s.Src, strings.Contains(s.Path, "skytwin") || strings.Contains(s.Path, "cockroach"))
	}
	f.Fuzz(func(t *testing.T, src string, cockroach bool) {
		defer fuzzseed.Deadline(src)()
		opts := Options{}
		if cockroach {
			opts.Dialect = Cockroach
		}
		file := NewFile("fuzz.sql", src)
		ParseWith(file, opts)
		checkParsed(t, file)
		checkCompact(t, file)
		checkGrammarSplit(t, src)
		checkTrees(t, src)
		checkJSON(t, src)
	})
}

// checkGrammarSplit checks that where the grammar splits a text, the
// scanner splits it alike; it returns how many texts it compared. A text
// whose function or procedure holds BEGIN as a word (a function named
// begin) is left out: the scanner, as psql, reads that as a body's start.
func checkGrammarSplit(t *testing.T, src string) int {
	t.Helper()
	clean := cleaned(src)
	n := 0
	for _, sec := range sections(clean) {
		text := clean[sec.start:sec.end]
		if got, ok := grammarSplit(text, Postgres); ok && !slices.ContainsFunc(got, func(sp [2]int) bool { return beginAsWord(text[sp[0]:sp[1]]) }) {
			if want, broken := split(text); broken != nil || !slices.Equal(got, want) {
				t.Fatalf("%q: the grammar splits at %v, the scanner at %v (broken %v)", text, got, want, broken)
			}
			n++
		}
	}
	return n
}

// beginAsWord reports whether sql, a statement, creates a function or
// procedure and holds a BEGIN that does not start a body of BEGIN ATOMIC.
func beginAsWord(sql string) bool {
	var buf [4]string
	if !routine(leadingWords(sql, buf[:0])) {
		return false
	}
	toks, _ := scanTokens(sql)
	toks = slices.DeleteFunc(toks, Token.isComment)
	for i, t := range toks {
		if t.Token == pg_query.Token_BEGIN_P && (i+1 == len(toks) || toks[i+1].Token != pg_query.Token_ATOMIC) {
			return true
		}
	}
	return false
}

func checkParsed(t *testing.T, f *File) {
	t.Helper()
	src := f.Src()
	// Offsets where a character starts (an invalid byte is one), and the
	// position each should have.
	want := map[int]Position{}
	line, col := 1, 1
	for i, r := range src {
		if i == 0 && strings.HasPrefix(src, bom) {
			want[0] = Position{1, 1}
			continue
		}
		want[i] = Position{line, col}
		if col++; r == '\n' {
			line, col = line+1, 1
		}
	}
	want[len(src)] = Position{line, col}
	check := func(what string, off int) {
		t.Helper()
		w, ok := want[off]
		if !ok {
			t.Fatalf("%s at byte %d, inside a character (or outside the file of %d bytes)", what, off, len(src))
		}
		if got := f.Position(off); got != w {
			t.Fatalf("%s at byte %d: Position %v, want %v", what, off, got, w)
		}
	}
	for n, text := range strings.Split(src, "\n") {
		text = strings.TrimSuffix(text, "\r")
		if n == 0 {
			text = strings.TrimPrefix(text, bom)
		}
		if got := f.Line(n + 1); got != text {
			t.Fatalf("Line(%d) = %q, want %q", n+1, got, text)
		}
	}

	prevEnd := 0
	for i, s := range f.Stmts {
		if s.Start < prevEnd || s.Start > s.End || s.End > len(src) || s.Base > s.Start {
			t.Fatalf("statement %d spans bytes %d-%d (base %d) after %d, in %d bytes", i, s.Start, s.End, s.Base, prevEnd, len(src))
		}
		prevEnd = s.End
		check("statement start", s.Start)
		check("statement end", s.End)
		sp := s.Span()
		if sp.Start < s.Start || sp.End > s.End {
			t.Fatalf("statement %d: Span %d-%d outside %d-%d", i, sp.Start, sp.End, s.Start, s.End)
		}
		if s.Err != nil {
			e := s.Err.Span
			if e.File != f || e.Start > e.End || e.Start < s.Start || e.Start > s.End || e.End > len(src) {
				t.Fatalf("statement %d (%d-%d): error %q at %d-%d", i, s.Start, s.End, s.Err.Msg, e.Start, e.End)
			}
			if e.Start == e.End && src != "" && s.Err.Msg != errTooLarge {
				t.Fatalf("statement %d: error %q spans nothing", i, s.Err.Msg)
			}
			check("error start", e.Start)
			check("error end", e.End)
			if !utf8.ValidString(s.Err.Msg) {
				t.Fatalf("error message %q is not UTF-8", s.Err.Msg)
			}
			continue
		}
		if s.Node == nil {
			continue // syntax-checked only
		}
		s.Tokens()
		eachLocation(s.Node.ProtoReflect(), func(loc int32) {
			at := s.At(loc)
			if at < s.Start || at > s.End {
				t.Fatalf("statement %d (%d-%d): a tree location is byte %d", i, s.Start, s.End, at)
			}
			check("tree location", at)
			for _, sp := range []Span{s.NameSpan(loc), s.ClauseSpan(at, 0)} {
				if sp.Start > sp.End || sp.Start < s.Start || sp.End > s.End {
					t.Fatalf("statement %d (%d-%d): span %d-%d for location %d", i, s.Start, s.End, sp.Start, sp.End, at)
				}
			}
		})
		if alter := s.Node.GetAlterTableStmt(); alter != nil && alter.Relation != nil {
			for _, sp := range s.Subcommands(alter.Relation.Location) {
				if sp.Start > sp.End || sp.Start < s.Start || sp.End > s.End {
					t.Fatalf("statement %d (%d-%d): subcommand %d-%d", i, s.Start, s.End, sp.Start, sp.End)
				}
			}
		}
	}
}

// eachLocation calls fn with every known location of the tree m.
func eachLocation(m protoreflect.Message, fn func(int32)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
			if loc := int32(v.Int()); loc >= 0 {
				fn(loc)
			}
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				eachLocation(v.List().Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			eachLocation(v.Message(), fn)
		}
		return true
	})
}
