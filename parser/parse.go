package parser

import (
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Statement is one SQL statement of a file.
type Statement struct {
	File *File
	// Start and End delimit the statement's text, without surrounding white
	// space and without its terminating semicolon (leading comments included).
	Start, End int
	// Base is the offset that the tree's Location fields count from.
	Base int
	Node *pg_query.Node // nil when Err is set
	Err  *SyntaxError
	// Down statements belong to a down section (goose, dbmate): checked,
	// never replayed.
	Down bool
	// Extra are statements implied by this one that its tree lacks: the
	// indexes a CockroachDB CREATE TABLE declares inline. Their locations
	// are unknown (-1).
	Extra []*pg_query.Node

	tokens  []*pg_query.ScanToken
	scanned bool
}

// SyntaxError is a statement that PostgreSQL would reject before running it.
type SyntaxError struct {
	Span Span
	Msg  string
}

// Text is the statement's source text.
func (s *Statement) Text() string { return s.File.Src[s.Start:s.End] }

// At converts a Location of s's tree to a file offset; an unknown location
// (-1) falls back to the statement's first token.
func (s *Statement) At(loc int32) int {
	if loc < 0 {
		return s.Span().Start
	}
	return s.Base + int(loc)
}

// Span is the statement from its first token (leading comments skipped) to
// its end.
func (s *Statement) Span() Span {
	start := min(s.Start+skipNonCode(s.File.Src[s.Start:s.End]), s.End)
	return Span{File: s.File, Start: start, End: s.End}
}

// Tokens are the statement's tokens, comments included, as pg_query's scanner
// sees them; offsets count from Base. They are computed on first use, as only
// statements that get a diagnostic need them.
func (s *Statement) Tokens() []*pg_query.ScanToken {
	if !s.scanned {
		s.scanned = true
		if s.Err == nil {
			if r, err := pg_query.Scan(s.File.Src[s.Base:s.End]); err == nil {
				s.tokens = r.Tokens
			}
		}
	}
	return s.tokens
}

func isComment(t *pg_query.ScanToken) bool {
	return t.Token == pg_query.Token_SQL_COMMENT || t.Token == pg_query.Token_C_COMMENT
}

// Options tune parsing.
type Options struct {
	// Dialect is Postgres (the default) or Cockroach.
	Dialect string
}

// Parse reads f's statements into f.Stmts as PostgreSQL would. It never
// fails: a statement that does not parse carries its SyntaxError.
func Parse(f *File) { ParseWith(f, Options{}) }

// ParseWith is Parse for a dialect.
func ParseWith(f *File, opts Options) {
	f.Stmts = nil
	// NUL ends a C string and a byte-order mark is not SQL: blank them out
	// (keeping every offset) so the scanner sees the rest of the file.
	clean := strings.ReplaceAll(f.Src, "\x00", " ")
	if strings.HasPrefix(clean, bom) {
		clean = "   " + clean[len(bom):]
	}
	for _, sec := range sections(clean) {
		pieces, broken := split(clean[sec.start:sec.end])
		n := len(f.Stmts)
		for _, p := range pieces {
			f.parsePiece(sec.start+p[0], sec.start+p[1], opts.Dialect)
		}
		if broken != nil {
			broken.start += sec.start
			broken.at += sec.start
			f.Stmts = append(f.Stmts, broken.toStatement(f, sec.end))
		}
		for _, st := range f.Stmts[n:] {
			st.Down = sec.down
		}
	}
}

// markerRE matches the comment lines by which goose (-- +goose Up, Down,
// StatementBegin, StatementEnd) and dbmate (-- migrate:up, down) structure a
// file.
var markerRE = regexp.MustCompile(`(?mi)^[ \t]*--[ \t]*(?:\+goose[ \t]+(\w+)|migrate:(\w+)).*$`)

type section struct {
	start, end int
	down       bool
}

// sections cuts src at marker lines. A marker ends the statement before it
// even without a semicolon (goose's StatementEnd does), and statements after
// a Down marker belong to the down section until an Up marker.
func sections(src string) []section {
	var out []section
	start, down := 0, false
	for _, m := range markerRE.FindAllStringSubmatchIndex(src, -1) {
		out = append(out, section{start, m[0], down})
		word := ""
		if m[2] >= 0 {
			word = src[m[2]:m[3]]
		} else {
			word = src[m[4]:m[5]]
		}
		switch strings.ToLower(word) {
		case "up":
			down = false
		case "down":
			down = true
		}
		start = m[1]
	}
	return append(out, section{start, len(src), down})
}

type brokenTail struct {
	start, at int
	msg       string
}

func (b *brokenTail) toStatement(f *File, limit int) *Statement {
	end := strings.TrimRightFunc(f.Src[:limit], unicode.IsSpace)
	lineEnd := b.at + strings.IndexByte(f.Src[b.at:]+"\n", '\n')
	return &Statement{File: f, Start: b.start, End: len(end), Base: b.start,
		Err: &SyntaxError{Span: Span{f, b.at, max(lineEnd, b.at)}, Msg: b.msg}}
}

// split returns the statements' [start, end) offsets in src. When the scanner
// stops (an unterminated quote or comment), the statements before the
// failure are returned with the broken tail.
func split(src string) ([][2]int, *brokenTail) {
	parts, err := pg_query.SplitWithScanner(src, true)
	if err == nil {
		return withGaps(src, offsets(src, parts)), nil
	}
	at, msg := 0, err.Error()
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		at = charToByte(src, pe.Cursorpos)
	}
	prefix := src[:at]
	parts, err = pg_query.SplitWithScanner(prefix, true)
	if err != nil {
		parts = nil
	}
	spans := withGaps(prefix, offsets(prefix, parts))
	start := at
	if n := len(spans); n > 0 && strings.TrimSpace(prefix[spans[n-1][1]:]) == "" {
		// The last piece ran into the failure: it is the broken statement.
		start, spans = spans[n-1][0], spans[:n-1]
	}
	return spans, &brokenTail{start: start, at: at, msg: msg}
}

// offsets recovers each piece's offset: pg_query returns substrings of src,
// so they share its memory.
func offsets(src string, parts []string) [][2]int {
	base := uintptr(unsafe.Pointer(unsafe.StringData(src)))
	spans := make([][2]int, 0, len(parts))
	for _, p := range parts {
		if p == "" {
			continue
		}
		start := int(uintptr(unsafe.Pointer(unsafe.StringData(p))) - base)
		spans = append(spans, [2]int{start, start + len(p)})
	}
	return spans
}

// withGaps adds what the splitter skipped between and after its pieces: it
// drops text without a keyword ("SELEC 1;") and an unclosed parenthesis at
// the end of input, which must not vanish but be reported.
func withGaps(src string, spans [][2]int) [][2]int {
	var out [][2]int
	prev := 0
	for _, sp := range append(spans, [2]int{len(src), len(src)}) {
		if gap := src[prev:sp[0]]; hasCode(gap) {
			out = append(out, gapPieces(src, prev, sp[0])...)
		}
		if sp[0] < sp[1] {
			out = append(out, sp)
		}
		prev = sp[1]
	}
	return out
}

// hasCode reports whether s holds anything but white space, semicolons and
// comments.
func hasCode(s string) bool { return skipNonCode(s) < len(s) }

// skipNonCode returns the offset of the first character of s that is not
// white space, a semicolon or part of a comment (len(s) if none).
func skipNonCode(s string) int {
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return len(s)
			}
			i += j
		case strings.HasPrefix(s[i:], "/*"):
			depth := 0
			for i < len(s) {
				switch {
				case strings.HasPrefix(s[i:], "/*"):
					depth, i = depth+1, i+2
				case strings.HasPrefix(s[i:], "*/"):
					depth, i = depth-1, i+2
				default:
					i++
				}
				if depth == 0 {
					break
				}
			}
		default:
			return i
		}
	}
	return len(s)
}

// gapPieces cuts src[start:end] into statements at top-level semicolons,
// using the scanner's tokens.
func gapPieces(src string, start, end int) [][2]int {
	r, err := pg_query.Scan(src[start:end])
	if err != nil {
		return [][2]int{trim(src, start, end)}
	}
	var out [][2]int
	first, last, depth := -1, -1, 0
	for _, t := range r.Tokens {
		switch {
		case isComment(t):
			continue
		case t.Token == pg_query.Token_ASCII_40:
			depth++
		case t.Token == pg_query.Token_ASCII_41:
			depth--
		case t.Token == pg_query.Token_ASCII_59 && depth <= 0:
			if first >= 0 {
				out = append(out, [2]int{start + first, start + last})
			}
			first, depth = -1, 0
			continue
		}
		if first < 0 {
			first = int(t.Start)
		}
		last = int(t.End)
	}
	if first >= 0 {
		out = append(out, [2]int{start + first, start + last})
	}
	return out
}

func trim(src string, start, end int) [2]int {
	s := src[start:end]
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	return [2]int{start + lead, start + len(strings.TrimRightFunc(s, unicode.IsSpace))}
}

// charToByte converts pg_query's 1-based character position to a byte offset.
func charToByte(s string, pos int) int {
	if pos <= 1 {
		return 0
	}
	n := 0
	for i := range s {
		if n == pos-1 {
			return i
		}
		n++
	}
	return len(s)
}

func (f *File) parsePiece(start, end int, dialect string) {
	text := f.Src[start:end]
	stmt := &Statement{File: f, Start: start, End: end, Base: start}
	if i := strings.IndexByte(text, 0); i >= 0 {
		stmt.Err = f.errAt(start+i, "NUL byte in SQL text")
		f.Stmts = append(f.Stmts, stmt)
		return
	}
	if !utf8.ValidString(text) {
		i := invalidUTF8(text)
		stmt.Err = f.errAt(start+i, "invalid byte sequence for encoding \"UTF8\"")
		f.Stmts = append(f.Stmts, stmt)
		return
	}
	var extra []string
	if dialect == Cockroach {
		text, extra = crdbRewrite(text)
	}
	res, err := pg_query.Parse(text)
	if err != nil {
		at := 0
		var pe *pgerr.Error
		if errors.As(err, &pe) {
			at = charToByte(text, pe.Cursorpos)
		}
		stmt.Err = &SyntaxError{Span: stmt.tokenSpan(start + at), Msg: err.Error()}
		f.Stmts = append(f.Stmts, stmt)
		return
	}
	stmt.Extra = parseExtra(extra)
	for i, raw := range res.Stmts {
		s := *stmt
		s.Node = raw.Stmt
		if i > 0 {
			s.Extra = nil
		}
		if len(res.Stmts) > 1 {
			s.Start = start + int(raw.StmtLocation)
			if raw.StmtLen > 0 {
				s.End = s.Start + int(raw.StmtLen)
			}
		}
		f.Stmts = append(f.Stmts, &s)
	}
}

// parseExtra parses implied statements, forgetting their locations, which
// count from a text that is not in the file.
func parseExtra(texts []string) []*pg_query.Node {
	var out []*pg_query.Node
	for _, text := range texts {
		res, err := pg_query.Parse(text)
		if err != nil {
			continue
		}
		for _, raw := range res.Stmts {
			clearLocations(raw.Stmt.ProtoReflect())
			out = append(out, raw.Stmt)
		}
	}
	return out
}

func clearLocations(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
			m.Set(fd, protoreflect.ValueOfInt32(-1))
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len(); i++ {
				clearLocations(v.List().Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsMap():
			clearLocations(v.Message())
		}
		return true
	})
}

func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return 0
}

func (f *File) errAt(off int, msg string) *SyntaxError {
	_, size := utf8.DecodeRuneInString(f.Src[off:])
	return &SyntaxError{Span: Span{f, off, off + max(size, 1)}, Msg: msg}
}

// tokenSpan is the span of the token at off, or of one character when no
// token starts there.
func (s *Statement) tokenSpan(off int) Span {
	if r, err := pg_query.Scan(s.File.Src[s.Base:s.End]); err == nil {
		for _, t := range r.Tokens {
			if s.Base+int(t.Start) == off {
				return Span{s.File, off, s.Base + int(t.End)}
			}
		}
	}
	if off >= s.End {
		// An error at the end of input ("syntax error at end of input"):
		// point at the statement's last character.
		_, size := utf8.DecodeLastRuneInString(s.File.Src[:s.End])
		return Span{s.File, s.End - size, s.End}
	}
	return s.File.errAt(off, "").Span
}
