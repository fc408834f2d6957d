package parser

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/miglint/miglint/internal/lazy"
)

// Statement is one SQL statement of a file.
type Statement struct {
	File *File
	// Start and End delimit the statement's text, without surrounding white
	// space and without its terminating semicolon (leading comments included).
	Start, End int
	// Base is the offset that the tree's Location fields count from.
	Base int
	Node *pg_query.Node // nil when Err is set, and for most Lean statements
	Err  *SyntaxError
	// Down statements belong to a down section (goose, dbmate): checked,
	// never replayed.
	Down bool
	// Lean statements are only checked against the grammar, as nothing in
	// miglint reads them further: data changes, queries, grants, comments,
	// triggers (see lean), and every statement of a down migration or
	// section. Their Node is nil, except for a view's, which holds its
	// name, columns and options but an empty query, and for a function's
	// or procedure's, which holds its body alone (see leanFunction).
	Lean bool
	// Extra are statements implied by this one that its tree lacks: the
	// indexes a CockroachDB CREATE TABLE declares inline. Their locations
	// are unknown (-1).
	Extra []*pg_query.Node
}

// Token is a token of PostgreSQL's scanner: its byte offsets, its kind and
// its keyword's kind, in a quarter of pg_query.ScanToken's memory.
type Token struct {
	Start, End int32
	Token      pg_query.Token
	Keyword    pg_query.KeywordKind
}

func (t Token) isComment() bool {
	return t.Token == pg_query.Token_SQL_COMMENT || t.Token == pg_query.Token_C_COMMENT
}

// SyntaxError is a statement that PostgreSQL would reject before running it.
type SyntaxError struct {
	Span Span
	Msg  string
}

// Text is the statement's source text.
func (s *Statement) Text() string { return s.File.Slice(s.Start, s.End) }

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
	start := min(s.Start+skipNonCode(s.File.Slice(s.Start, s.End)), s.End)
	return Span{File: s.File, Start: start, End: s.End}
}

// Tokens are the statement's tokens, comments included, as pg_query's scanner
// sees them; offsets count from Base.
func (s *Statement) Tokens() []Token { return slices.Clone(s.scan()) }

// lastScan holds the tokens of the statement scanned last. Only statements
// that get a diagnostic or a span need tokens, and their spans are asked
// for one statement after another: keeping each statement's tokens instead
// cost more memory than the statements' records on a long history.
var lastScan atomic.Pointer[scanned]

// scan returns the statement's tokens.
func (s *Statement) scan() []Token {
	if last := lastScan.Load(); last != nil && last.stmt == s {
		return last.tokens
	}
	var toks []Token
	if s.Err == nil {
		if t, err := scanTokens(s.File.Slice(s.Base, s.End)); err == nil {
			toks = t
		}
	}
	lastScan.Store(&scanned{s, toks})
	return toks
}

// scanned are the tokens of a statement.
type scanned struct {
	stmt   *Statement
	tokens []Token
}

// Options tune parsing.
type Options struct {
	// Dialect is Postgres (the default) or Cockroach.
	Dialect string
	// SyntaxOnly parses every statement lean (see Statement.Lean): for a
	// file that is never replayed, such as a down migration.
	SyntaxOnly bool
}

// Parse reads f's statements into f.Stmts as PostgreSQL would. It never
// fails: a statement that does not parse carries its SyntaxError.
func Parse(f *File) { ParseWith(f, Options{}) }

// ParseWith is Parse for a dialect.
func ParseWith(f *File, opts Options) {
	if err := Decode(f, Encode(f.Src(), opts)); err != nil {
		panic(err) // Encode has just written it for this source
	}
}

// Encode parses src as ParseWith does and returns the result as bytes for
// Decode (see encode.go). It is the only step that calls libpg_query.
func Encode(src string, opts Options) []byte {
	e := &encoder{f: &File{src: src, size: len(src)}}
	if len(src) > MaxFileSize {
		e.pieces = []piece{{err: e.f.errAt(0, errTooLarge)}}
		return e.bytes()
	}
	clean := cleaned(src)
	for _, sec := range sections(clean) {
		text := clean[sec.start:sec.end]
		pieces, valid := grammarSplit(text, opts.Dialect)
		var broken *brokenTail
		if !valid {
			pieces, broken = split(text)
		}
		n := len(e.pieces)
		e.pieces = slices.Grow(e.pieces, len(pieces)+1)
		for _, p := range pieces {
			e.parsePiece(sec.start+p[0], sec.start+p[1], opts.Dialect, opts.SyntaxOnly || sec.down, valid)
		}
		if broken != nil {
			broken.start += sec.start
			broken.at += sec.start
			e.pieces = append(e.pieces, broken.toPiece(e.f, sec.end))
		}
		for i := range e.pieces[n:] {
			e.pieces[n+i].down = sec.down
		}
	}
	return e.bytes()
}

// cleaned is src as libpg_query may read it, every offset kept: NUL ends a
// C string and a byte-order mark is not SQL, so they become spaces, and
// bytes that are not UTF-8 become '_' (see underscoreInvalid).
func cleaned(src string) string {
	clean := strings.ReplaceAll(src, "\x00", " ")
	if strings.HasPrefix(clean, bom) {
		clean = "   " + clean[len(bom):]
	}
	return underscoreInvalid(clean)
}

// encoder collects the pieces of f, a File of the source alone.
type encoder struct {
	f      *File
	pieces []piece
}

// markerRE matches the comment lines by which goose (-- +goose Up, Down,
// StatementBegin, StatementEnd) and dbmate (-- migrate:up, down) structure a
// file.
var markerRE = lazy.Regexp(`(?mi)^[ \t]*--[ \t]*(?:\+goose[ \t]+(\w+)|migrate:(\w+)).*$`)

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
	for _, m := range markers(src) {
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

// markers returns markerRE's matches in src, as FindAllStringSubmatchIndex
// does, running it only on the lines that pass mayHaveMarker's test: on a
// whole file it costs tens of milliseconds a megabyte, and a marker is one
// line.
func markers(src string) [][]int {
	var out [][]int
	for i := 0; ; {
		at := nextMarker(src, i)
		if at < 0 {
			return out
		}
		start := strings.LastIndexByte(src[:at], '\n') + 1
		end := strings.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at
		}
		if m := markerRE().FindStringSubmatchIndex(src[start:end]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += start
				}
			}
			out = append(out, m)
		}
		i = end
	}
}

// mayHaveMarker is a quick test that src may hold a goose or dbmate marker
// (see nextMarker). The regular expressions cost tens of milliseconds a
// megabyte, so they run only where it passes.
func mayHaveMarker(src string) bool { return nextMarker(src, 0) >= 0 }

// nextMarker returns the offset, from i on, of the next "--" followed, after
// blanks, by "+g" or "m" in either case, or -1.
func nextMarker(src string, i int) int {
	for {
		j := strings.Index(src[i:], "--")
		if j < 0 {
			return -1
		}
		at := i + j
		i = at + 2
		k := i
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if rest := src[k:]; strings.HasPrefix(rest, "+g") || strings.HasPrefix(rest, "+G") || rest != "" && rest[0]|0x20 == 'm' {
			return at
		}
	}
}

type brokenTail struct {
	start, at int
	msg       string
}

func (b *brokenTail) toPiece(f *File, limit int) piece {
	end := strings.TrimRightFunc(f.src[:limit], unicode.IsSpace)
	lineEnd := b.at + strings.IndexByte(f.src[b.at:]+"\n", '\n')
	return piece{start: b.start, end: len(end), base: b.start,
		err: &SyntaxError{Span: Span{f, b.at, max(lineEnd, b.at)}, Msg: b.msg}}
}

// split returns the statements' [start, end) offsets in src, as the scanner
// cuts them at semicolons, BEGIN ATOMIC bodies kept whole (see atomicBodies).
// A scanner error in a token (1abc, 0x, "") costs only its statement: for
// the split, the token becomes an identifier (xxxx) of the same length; the
// statement keeps it, and parsing the statement reports it. When the scanner
// stops for good (an unterminated quote or comment), the statements before
// the failure are returned with the broken tail.
func split(src string) ([][2]int, *brokenTail) {
	spans, broken := scannerSplit(src)
	return atomicBodies(src, spans), broken
}

// scannerSplit is split, bodies of BEGIN ATOMIC cut at their semicolons.
func scannerSplit(src string) ([][2]int, *brokenTail) {
	var spans [][2]int
	var blanked []byte // src with the bad tokens replaced, once there is one
	// Each recovery splits the rest again: bound what they rescan.
	budget := 8*len(src) + 1<<20
	for base := 0; ; {
		text := src[base:]
		if blanked != nil {
			text = string(blanked[base:])
		}
		parts, err := pgSplit(text, true)
		if err == nil {
			return append(spans, shift(withGaps(text, offsets(text, parts)), base)...), nil
		}
		at, msg := 0, pgMessage(err)
		var pe *pgerr.Error
		if errors.As(err, &pe) {
			at = charToByte(text, pe.Cursorpos)
		}
		prefix := text[:at]
		parts, err = pgSplit(prefix, true)
		if err != nil {
			parts = nil
		}
		pre := withGaps(prefix, offsets(prefix, parts))
		start := at
		if n := len(pre); n > 0 && strings.TrimSpace(prefix[pre[n-1][1]:]) == "" {
			// The last piece ran into the failure: it is the broken statement.
			start, pre = pre[n-1][0], pre[:n-1]
		}
		spans = append(spans, shift(pre, base)...)
		budget -= len(text) + len(prefix)
		end := badTokenEnd(text, at, msg)
		if end < 0 || budget < 0 {
			return spans, &brokenTail{start: base + start, at: base + at, msg: msg}
		}
		if blanked == nil {
			blanked = []byte(src)
		}
		for i := base + at; i < base+end; i++ {
			blanked[i] = 'x'
		}
		base += start
	}
}

// atomicBodies joins the statements that the scanner cut inside a function
// body of BEGIN ATOMIC ... END, as psql does: in a statement that starts
// CREATE [OR REPLACE] FUNCTION or PROCEDURE (and says ATOMIC before its
// first semicolon), a semicolon outside parentheses ends it only when every
// BEGIN (and every CASE inside one) has met its END. A body that never ends
// is left cut, so that the statements after it are still read.
func atomicBodies(src string, spans [][2]int) [][2]int {
	var out [][2]int
	// Bodies that never end are each read to the end of src: bound what
	// they rescan.
	budget := 4*len(src) + 1<<20
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if j := bodyEnd(src, spans, i, &budget); j > i {
			sp[1], i = spans[j][1], j
		}
		out = append(out, sp)
	}
	return out
}

// bodyEnd returns the index of the statement among spans that ends the
// routine started by spans[i], or i when spans[i] is not one whose body
// goes on past its end (or the body does not end within budget bytes,
// which it lowers by what it reads).
func bodyEnd(src string, spans [][2]int, i int, budget *int) int {
	text := src[spans[i][0]:spans[i][1]]
	var buf [4]string
	if !routine(leadingWords(text, buf[:0])) {
		return i
	}
	// Only a body of BEGIN ATOMIC holds semicolons outside a string, and
	// it starts before the first of them: other routines are not scanned.
	if !strings.Contains(strings.ToUpper(text), "ATOMIC") {
		return i
	}
	depth, parens := 0, 0
	for j := i; j < len(spans); j++ {
		if *budget -= spans[j][1] - spans[j][0]; *budget < 0 {
			return i
		}
		toks, err := scanTokens(src[spans[j][0]:spans[j][1]])
		if err != nil {
			return i
		}
		for _, t := range toks {
			switch t.Token {
			case pg_query.Token_ASCII_40:
				parens++
			case pg_query.Token_ASCII_41:
				parens--
			case pg_query.Token_BEGIN_P:
				if parens == 0 {
					depth++
				}
			case pg_query.Token_CASE:
				if parens == 0 && depth > 0 {
					depth++
				}
			case pg_query.Token_END_P:
				if parens == 0 && depth > 0 {
					depth--
				}
			}
		}
		if depth == 0 {
			return j
		}
	}
	return i
}

// badTokenEnd is where the token at which the scanner failed ends, when the
// scanner could have gone on after it: a malformed number or parameter, an
// empty quoted identifier. It is -1 otherwise: after an unterminated quote or
// comment, PostgreSQL reads the rest of the input as its content.
func badTokenEnd(s string, at int, msg string) int {
	end := at
	switch {
	case strings.HasPrefix(msg, "zero-length delimited identifier") && strings.HasPrefix(s[at:], `""`):
		end += 2
	case strings.HasPrefix(msg, "trailing junk after"), strings.HasPrefix(msg, "invalid hexadecimal integer"),
		strings.HasPrefix(msg, "invalid octal integer"), strings.HasPrefix(msg, "invalid binary integer"):
		for end < len(s) && (s[end] >= 0x80 || s[end] == '_' || s[end] == '$' || s[end] == '.' ||
			'0' <= s[end] && s[end] <= '9' || 'a' <= s[end]|0x20 && s[end]|0x20 <= 'z') {
			end++
		}
	}
	if end == at {
		return -1
	}
	return end
}

// shift moves spans by off.
func shift(spans [][2]int, off int) [][2]int {
	for i := range spans {
		spans[i][0] += off
		spans[i][1] += off
	}
	return spans
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
	toks, err := scanTokens(src[start:end])
	if err != nil {
		return [][2]int{trim(src, start, end)}
	}
	var out [][2]int
	first, last, depth := -1, -1, 0
	for _, t := range toks {
		switch {
		case t.isComment():
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

// underscoreInvalid replaces each byte of s that is not UTF-8 by "_". The
// scanner takes both for identifier characters, so statements split the
// same, but PostgreSQL counts an error's character position by first bytes
// alone (pg_utf_mblen), which would misplace errors after such a byte.
// parsePiece reads the original text, and reports the bytes.
func underscoreInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b[i] = '_'
		}
		i += n
	}
	return string(b)
}

// pgMessage is pg_query's error message in valid UTF-8: its "at or near"
// quotes the source bytewise and may cut a character in two.
func pgMessage(err error) string { return strings.ToValidUTF8(err.Error(), "\uFFFD") }

// charToByte converts pg_query's 1-based character position to a byte offset.
// PostgreSQL counts a character by its first byte alone (pg_utf_mblen), so
// invalid UTF-8, which the scanner lets through, counts otherwise than Go
// reads it; the offset is moved back to the start of the character, as Go
// reads it, that holds it.
func charToByte(s string, pos int) int {
	at := 0
	for n := 1; n < pos && at < len(s); n++ {
		switch c := s[at]; {
		case c&0xe0 == 0xc0:
			at += 2
		case c&0xf0 == 0xe0:
			at += 3
		case c&0xf8 == 0xf0:
			at += 4
		default:
			at++
		}
	}
	if at >= len(s) {
		return len(s)
	}
	start := 0
	for i := range s[:at+1] {
		start = i
	}
	return start
}

// parsePiece parses the statement at bytes [start, end) of the file into a
// piece: lean when syntaxOnly or when its kind allows (see lean). valid says
// the grammar accepted the text it was split from (see grammarSplit).
func (e *encoder) parsePiece(start, end int, dialect string, syntaxOnly, valid bool) {
	f := e.f
	text := f.src[start:end]
	p := piece{start: start, end: end, base: start}
	if i := strings.IndexByte(text, 0); i >= 0 {
		p.err = f.errAt(start+i, "NUL byte in SQL text")
		e.pieces = append(e.pieces, p)
		return
	}
	if !utf8.ValidString(text) {
		i := invalidUTF8(text)
		p.err = f.errAt(start+i, "invalid byte sequence for encoding \"UTF8\"")
		e.pieces = append(e.pieces, p)
		return
	}
	var extra []string
	if dialect == Cockroach {
		text, extra = crdbRewrite(text)
	}
	if at, deep := tooDeep(text); deep {
		// Never handed to libpg_query, which could overflow the C stack.
		stmt := &Statement{File: f, Start: start, End: end, Base: start}
		p.err = &SyntaxError{Span: stmt.tokenSpan(start + at), Msg: errTooDeep}
		e.pieces = append(e.pieces, p)
		return
	}
	if leanParse && (len(extra) == 0 || syntaxOnly) {
		// Only its syntax matters, or for a view its name, for a function
		// its body. A statement the grammar rejects, or a text holding
		// several, takes the full parse below, which says where it fails,
		// or where each statement starts. Most statements are told by
		// their first keyword; a CREATE takes up to eight (CREATE OR
		// REPLACE TEMP RECURSIVE VIEW).
		var buf [8]string
		var words []string
		if !syntaxOnly {
			if words = leadingWords(text, buf[:0:1]); len(words) == 1 && words[0] == "CREATE" {
				words = leadingWords(text, buf[:0])
			}
		}
		if syntaxOnly || lean(words) {
			if valid || oneStatement(text) {
				p.lean = true
				e.pieces = append(e.pieces, p)
				return
			}
		} else if tree, ok := leanView(text, words, valid); ok {
			p.lean, p.tree = true, tree
			e.pieces = append(e.pieces, p)
			return
		} else if tree, ok := leanFunction(text, words, valid); ok {
			p.lean, p.tree = true, tree
			e.pieces = append(e.pieces, p)
			return
		}
	}
	tree, err := parseTree(text)
	if err != nil {
		at := 0
		var pe *pgerr.Error
		if errors.As(err, &pe) {
			at = charToByte(text, pe.Cursorpos)
		}
		stmt := &Statement{File: f, Start: start, End: end, Base: start}
		p.err = &SyntaxError{Span: stmt.tokenSpan(start + at), Msg: pgMessage(err)}
		e.pieces = append(e.pieces, p)
		return
	}
	p.tree, p.extra = tree, parseExtra(extra)
	e.pieces = append(e.pieces, p)
}

// parseExtra parses implied statements; Decode forgets their locations.
func parseExtra(texts []string) [][]byte {
	var out [][]byte
	for _, text := range texts {
		if _, deep := tooDeep(text); deep {
			continue
		}
		if tree, err := parseToProtobuf(text); err == nil {
			out = append(out, tree)
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
	_, size := utf8.DecodeRuneInString(f.Slice(off, min(off+utf8.UTFMax, f.size)))
	return &SyntaxError{Span: Span{f, off, off + max(size, 1)}, Msg: msg}
}

// tokenSpan is the span of the token at off, or of one character when no
// token starts there.
func (s *Statement) tokenSpan(off int) Span {
	if toks, err := scanTokens(s.File.Slice(s.Base, s.End)); err == nil {
		for _, t := range toks {
			if s.Base+int(t.Start) == off {
				return Span{s.File, off, s.Base + int(t.End)}
			}
		}
	}
	if off >= s.End {
		// An error at the end of input ("syntax error at end of input"):
		// point at the statement's last character.
		_, size := utf8.DecodeLastRuneInString(s.File.Slice(max(0, s.End-utf8.UTFMax), s.End))
		return Span{s.File, s.End - size, s.End}
	}
	return s.File.errAt(off, "").Span
}
