package schema

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/miglint/miglint/parser"
)

// maxIdentLen is NAMEDATALEN-1: PostgreSQL's longest identifier in bytes.
const maxIdentLen = 63

// makeObjectName is PostgreSQL's makeObjectName: name1_name2_label in at
// most 63 bytes, cutting the longer of name1 and name2 one byte at a time
// (name2 on a tie), then clipping each back to a whole character. The label
// is never cut.
func makeObjectName(name1, name2, label string) string {
	n1, n2 := len(name1), len(name2)
	overhead := 0
	if name2 != "" {
		overhead++
	}
	if label != "" {
		overhead += len(label) + 1
	}
	avail := maxIdentLen - overhead
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clip(name1, n1)
	if name2 != "" {
		name += "_" + clip(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clip is pg_mbcliplen: the longest prefix of s of at most n bytes that ends
// on a character boundary.
func clip(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// nameAddition is ChooseForeignKeyConstraintNameAddition (and
// ChooseIndexNameAddition): the column names joined by "_", stopping once
// the result reaches 64 bytes.
func nameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(clip(c, maxIdentLen))
		if b.Len() >= maxIdentLen+1 {
			break
		}
	}
	return b.String()
}

// chooseConstraintName is ChooseConstraintName: the first of label, label1,
// label2, ... whose name no constraint of the schema uses, nor others.
func (s *Schema) chooseConstraintName(name1, name2, label string, others []string) string {
	for pass := 0; ; pass++ {
		name := makeObjectName(name1, name2, numbered(label, pass))
		if s.conNames[name] == 0 && !contains(others, name) {
			return name
		}
	}
}

// chooseRelationName is ChooseRelationName: like chooseConstraintName but the
// name must not be a relation of the schema, nor (for an index behind a
// constraint) a constraint name.
func (s *Schema) chooseRelationName(name1, name2, label string, isConstraint bool) string {
	for pass := 0; ; pass++ {
		name := makeObjectName(name1, name2, numbered(label, pass))
		if s.relations[name] == 0 && !(isConstraint && s.conNames[name] > 0) {
			return name
		}
	}
}

func numbered(label string, pass int) string {
	if pass == 0 {
		return label
	}
	return label + strconv.Itoa(pass)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// indexColumnNames is ChooseIndexColumnNames: each column's name, with a
// number appended to repeats.
func indexColumnNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, orig := range names {
		cur := orig
		for i := 1; contains(out, cur); i++ {
			suffix := strconv.Itoa(i)
			cur = clip(orig, maxIdentLen-len(suffix)) + suffix
		}
		out = append(out, cur)
	}
	return out
}

// ConventionalFKName is the name a convention-following migration assumes a
// foreign key has: <table>_<cols>_fkey, without PostgreSQL's truncation or
// collision numbering.
func ConventionalFKName(table string, cols []string) string {
	return table + "_" + strings.Join(cols, "_") + "_fkey"
}

var (
	quoteMu    sync.Mutex
	quoteCache = map[string]bool{}
)

// QuoteIdent quotes an identifier when PostgreSQL's quote_ident would: when
// it is not all lower-case letters, digits and underscores, starts with a
// digit, or is a keyword other than an unreserved one.
func QuoteIdent(s string) string {
	if !needsQuote(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func needsQuote(s string) bool {
	if s == "" || ('0' <= s[0] && s[0] <= '9') {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return true
		}
	}
	quoteMu.Lock()
	defer quoteMu.Unlock()
	if q, ok := quoteCache[s]; ok {
		return q
	}
	toks, err := parser.Scan(s)
	q := err != nil || len(toks) != 1 ||
		(toks[0].Keyword != pg_query.KeywordKind_NO_KEYWORD &&
			toks[0].Keyword != pg_query.KeywordKind_UNRESERVED_KEYWORD)
	quoteCache[s] = q
	return q
}

// DefaultFKName is the name PostgreSQL gives an unnamed foreign key on
// table's cols when nothing else in the schema uses it.
func DefaultFKName(table string, cols []string) string {
	return makeObjectName(table, nameAddition(cols), "fkey")
}
