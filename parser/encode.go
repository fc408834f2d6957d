package parser

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// A file is parsed in two steps. Encode runs libpg_query and returns what
// it found as bytes: statement spans, syntax errors and each statement's
// tree as pg_query's protobuf, never unpacked. Decode turns those bytes into
// Statements in pure Go. ParseWith does both; a parallel run does Encode in
// worker processes and Decode on its own cores, and the cache keeps Encode's
// bytes, so every path builds statements from the same bytes.

// parseToProtobuf is pg_query's parse, serialized (see pgMu), returning the
// tree as protobuf.
func parseToProtobuf(sql string) ([]byte, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pgerr.ParseToProtobuf(sql)
}

// parseToJSON is pg_query's parse, serialized, returning the tree as
// libpg_query's JSON (see parseTree).
func parseToJSON(sql string) (string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pgerr.ParseToJSON(sql)
}

// oneStatement runs PostgreSQL's grammar over sql, without building the
// tree's protobuf, and reports whether it accepts sql as one statement.
func oneStatement(sql string) bool {
	parts, err := grammarSplitText(sql)
	return err == nil && len(parts) == 1
}

// grammarSplitMax bounds the text the grammar splits at once: the tree it
// builds and drops takes about 15 times the text's size in C memory at 1 MB
// of DDL and data changes, 25 times at 4 MB.
const grammarSplitMax = 1 << 20

// grammarSplit returns the statements of src, a file or a section of one,
// as PostgreSQL's grammar splits it, and true, when src holds no syntax error
// and is at most grammarSplitMax bytes. Then each statement is known to be
// valid, which spares the grammar a second reading of the lean ones: most of
// a history's text is read once instead of twice (split, then checked).
// Else false: the scanner splits (see split; it keeps a body of BEGIN
// ATOMIC ... END whole as psql does), and each statement is checked on its
// own, so that an error costs only its statement. CockroachDB's syntax is
// rewritten statement by statement before the grammar reads it, so its
// files are not split here.
func grammarSplit(src, dialect string) ([][2]int, bool) {
	if dialect == Cockroach || len(src) > grammarSplitMax {
		return nil, false
	}
	parts, err := grammarSplitText(src)
	if err != nil {
		return nil, false
	}
	return withGaps(src, offsets(src, parts)), true
}

// leanParse is off only in tests that compare lean statements with their
// full parses.
var leanParse = true

// leanWords are the statements whose tree nothing in miglint reads: data
// changes, queries, grants, comments, maintenance, triggers and policies.
// They are only checked against the grammar, which costs a tenth of a full
// parse: most of a parse goes to serializing the tree and decoding it.
var leanWords = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "SELECT": true, "VALUES": true,
	"WITH": true, "TABLE": true, "COPY": true, "GRANT": true, "REVOKE": true, "COMMENT": true,
	"ANALYZE": true, "ANALYSE": true, "VACUUM": true, "REFRESH": true, "CLUSTER": true,
	"REINDEX": true, "TRUNCATE": true, "LOCK": true, "NOTIFY": true, "CALL": true, "EXPLAIN": true,
}

// lean reports whether a statement of leading keywords w (see
// leadingWords) is only syntax-checked: its first word is one of leanWords,
// or it creates a trigger, policy or rule.
func lean(w []string) bool {
	if len(w) > 0 && leanWords[w[0]] {
		return true
	}
	w = created(w)
	return len(w) > 0 && (w[0] == "TRIGGER" || w[0] == "POLICY" || w[0] == "RULE")
}

// created returns the leading keywords w of a CREATE [OR REPLACE]
// statement after those, or none for another statement.
func created(w []string) []string {
	if len(w) == 0 || w[0] != "CREATE" {
		return nil
	}
	w = w[1:]
	if len(w) >= 2 && w[0] == "OR" && w[1] == "REPLACE" {
		w = w[2:]
	}
	return w
}

// routine reports whether leading keywords w (see leadingWords) start a
// CREATE [OR REPLACE] FUNCTION or PROCEDURE statement.
func routine(w []string) bool {
	w = created(w)
	return len(w) > 0 && (w[0] == "FUNCTION" || w[0] == "PROCEDURE")
}

// leanView parses a CREATE VIEW or CREATE MATERIALIZED VIEW statement
// without its query, which is most of its tree and which nothing reads: after
// the grammar has accepted the whole statement, the text up to the AS that
// starts the query is parsed followed by an empty SELECT, so every location
// still counts from the statement's start. ok is false when sql, of leading
// keywords w, is not such a statement or does not parse.
func leanView(sql string, w []string, valid bool) (tree []byte, ok bool) {
	w = created(w)
	for len(w) > 0 && viewPrefixes[w[0]] {
		w = w[1:]
	}
	if len(w) == 0 || w[0] != "VIEW" {
		return nil, false
	}
	if !valid && !oneStatement(sql) {
		return nil, false
	}
	at := queryStart(sql)
	if at < 0 {
		return nil, false
	}
	tree, err := parseTree(sql[:at] + " SELECT")
	if err != nil {
		return nil, false
	}
	// Counted without decoding the tree, which only Decode needs.
	var one [1]rawStmt
	if raws, err := rawSpans(tree, one[:0]); err != nil || len(raws) != 1 {
		return nil, false
	}
	return tree, true
}

// leanFunction reads a CREATE FUNCTION or PROCEDURE statement whose body is
// one dollar-quoted string (AS $$ ... $$), the usual form, as the tree of a
// CreateFunctionStmt holding that body alone: the body is all the replay
// reads, and building, serializing and decoding the rest (name, arguments,
// return type, options) costs far more than the scan that finds it. ok is
// false for any other statement (sql's leading keywords are w), or other
// form of body, or when the grammar rejects sql: then the statement is
// parsed in full.
func leanFunction(sql string, w []string, valid bool) (tree []byte, ok bool) {
	if !routine(w) {
		return nil, false
	}
	if !valid && !oneStatement(sql) {
		return nil, false
	}
	body, ok := dollarBody(sql)
	if !ok {
		return nil, false
	}
	return bodyTree(body), true
}

// Field numbers of pg_query's protobuf messages that bodyTree writes
// (TestBodyTree checks them against pg_query's descriptors).
const (
	fieldParseResultStmts  = 2
	fieldRawStmtStmt       = 1
	fieldNodeCreateFunc    = 186
	fieldNodeDefElem       = 81
	fieldNodeList          = 249
	fieldNodeString        = 247
	fieldCreateFuncOptions = 6
	fieldDefElemDefname    = 2
	fieldDefElemArg        = 3
	fieldListItems         = 1
	fieldStringSval        = 1
)

// bodyTree is the protobuf of a ParseResult holding one CreateFunctionStmt
// whose only option is AS body, as pg_query writes it. It is written field
// by field: marshaling pg_query's types would have a worker, which decodes
// nothing, set up the protobuf runtime for all of them.
func bodyTree(body string) []byte {
	msg := func(num protowire.Number, fields []byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), fields)
	}
	str := func(num protowire.Number, s string) []byte {
		return protowire.AppendString(protowire.AppendTag(nil, num, protowire.BytesType), s)
	}
	list := msg(fieldNodeList, msg(fieldListItems, msg(fieldNodeString, str(fieldStringSval, body))))
	as := msg(fieldNodeDefElem, append(str(fieldDefElemDefname, "as"), msg(fieldDefElemArg, list)...))
	stmt := msg(fieldNodeCreateFunc, msg(fieldCreateFuncOptions, as))
	return msg(fieldParseResultStmts, msg(fieldRawStmtStmt, stmt))
}

// dollarBody returns the text inside the dollar-quoted string that follows
// the first AS outside parentheses of a function statement, when that
// string is the whole body (not the first of AS 'file', 'symbol').
func dollarBody(sql string) (string, bool) {
	toks, err := scanTokens(sql)
	if err != nil {
		return "", false
	}
	i := topLevelAS(toks, len(sql)+1)
	if i < 0 {
		return "", false
	}
	j := skipComments(toks, i+1)
	if j >= len(toks) || toks[j].Token != pg_query.Token_SCONST {
		return "", false
	}
	if k := skipComments(toks, j+1); k < len(toks) && toks[k].Token == pg_query.Token_ASCII_44 {
		return "", false
	}
	lit := sql[toks[j].Start:toks[j].End]
	end := strings.IndexByte(lit[1:], '$') + 2 // the opening delimiter, $tag$
	if lit[0] != '$' || end < 2 || len(lit) < 2*end || !strings.HasSuffix(lit, lit[:end]) {
		return "", false
	}
	return lit[end : len(lit)-end], true
}

// queryStart returns the offset just after the first AS outside
// parentheses in sql, or -1. It scans a growing prefix, as the AS of a view
// comes early and scanning all of a long query would cost what leanView
// saves: a token that ends before the cut is the one the whole text has.
func queryStart(sql string) int {
	for n := 128; ; n *= 8 {
		n = min(n, len(sql))
		if toks, err := scanTokens(sql[:n]); err == nil {
			limit := n // a token cut at n: the next prefix tells
			if n == len(sql) {
				limit++
			}
			if i := topLevelAS(toks, limit); i >= 0 {
				return int(toks[i].End)
			}
		}
		if n == len(sql) {
			return -1
		}
	}
}

// topLevelAS returns the index of the first AS outside parentheses among
// the tokens that end before limit, or -1.
func topLevelAS(toks []Token, limit int) int {
	depth := 0
	for i, t := range toks {
		if int(t.End) >= limit {
			return -1
		}
		switch t.Token {
		case pg_query.Token_ASCII_40:
			depth++
		case pg_query.Token_ASCII_41:
			depth--
		case pg_query.Token_AS:
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// viewPrefixes are the words between CREATE [OR REPLACE] and VIEW.
var viewPrefixes = map[string]bool{"TEMP": true, "TEMPORARY": true, "LOCAL": true, "GLOBAL": true,
	"UNLOGGED": true, "RECURSIVE": true, "MATERIALIZED": true}

// leadingWords appends to out, up to its capacity, the leading keywords of
// sql in upper case, skipping white space and comments; it stops at anything
// but a plain word. Every statement goes through it: it allocates only for
// words written in lower case.
func leadingWords(sql string, out []string) []string {
	for len(out) < cap(out) {
		sql = sql[skipNonCode(sql):]
		i := 0
		for i < len(sql) && (sql[i]|0x20 >= 'a' && sql[i]|0x20 <= 'z' || sql[i] == '_') {
			i++
		}
		if i == 0 || i < len(sql) && !isSpaceOrComment(sql[i:]) {
			break
		}
		out = append(out, strings.ToUpper(sql[:i]))
		sql = sql[i:]
	}
	return out
}

func isSpaceOrComment(s string) bool {
	switch s[0] {
	case ' ', '\t', '\n', '\r', '\f', '\v':
		return true
	}
	return strings.HasPrefix(s, "--") || strings.HasPrefix(s, "/*")
}

// piece is one statement, or a text holding several (when the grammar found
// more than one between two semicolons), as Encode records it.
type piece struct {
	start, end, base int
	down, lean       bool
	err              *SyntaxError // Span.File unset
	tree             []byte       // pg_query's ParseResult; nil for errors and lean statements
	extra            [][]byte     // ParseResults of implied statements
}

const encodeMagic = "MGLP1\n"

const (
	flagDown = 1 << iota
	flagErr
	flagTree
	flagLean
)

func (e *encoder) bytes() []byte {
	// Sized first: grown by appending, the trees would be copied again
	// and again (a tenth of a large run's allocation). An offset or length
	// takes at most 5 bytes (below 32 GB); were it more, appending would
	// still grow b.
	const v = 5
	n := len(encodeMagic) + v
	for _, p := range e.pieces {
		n += 1 + 5*v + len(p.tree)
		if p.err != nil {
			n += 3*v + len(p.err.Msg)
		}
		for _, x := range p.extra {
			n += v + len(x)
		}
	}
	b := append(make([]byte, 0, n), encodeMagic...)
	b = binary.AppendUvarint(b, uint64(len(e.pieces)))
	for _, p := range e.pieces {
		var flags byte
		if p.down {
			flags |= flagDown
		}
		if p.err != nil {
			flags |= flagErr
		}
		if p.tree != nil {
			flags |= flagTree
		}
		if p.lean {
			flags |= flagLean
		}
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(p.start))
		b = binary.AppendUvarint(b, uint64(p.end))
		b = binary.AppendUvarint(b, uint64(p.base))
		if p.err != nil {
			b = binary.AppendUvarint(b, uint64(p.err.Span.Start))
			b = binary.AppendUvarint(b, uint64(p.err.Span.End))
			b = appendBytes(b, []byte(p.err.Msg))
		}
		if p.tree != nil {
			b = appendBytes(b, p.tree)
		}
		b = binary.AppendUvarint(b, uint64(len(p.extra)))
		for _, x := range p.extra {
			b = appendBytes(b, x)
		}
	}
	return b
}

func appendBytes(b, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

// Decode sets f.Stmts from data, which Encode returned for f.Src() (with the
// dialect f is parsed in). It calls no C code, so it is safe to run on many
// goroutines at once; it fails only on data that Encode did not write for
// this source.
func Decode(f *File, data []byte) error { return decode(f, data, false) }

// DecodeSpans is Decode without the statements' trees (Node and Extra are
// nil): for files whose replay is already known, such as those a schema
// checkpoint covers, and which are only reported on.
func DecodeSpans(f *File, data []byte) error { return decode(f, data, true) }

func decode(f *File, data []byte, spansOnly bool) error {
	d := decoder{data: data}
	if !bytes.HasPrefix(data, []byte(encodeMagic)) {
		return errors.New("parser: not an encoded parse")
	}
	d.data = d.data[len(encodeMagic):]
	n := d.uvarint()
	f.Stmts = nil
	if n > 0 { // most pieces are a statement each (bounded as in stmt)
		f.Stmts = make([]*Statement, 0, min(n, uint64(len(d.data))))
	}
	// The records live as long as the file, and the trees decoded between
	// them do not: allocated one by one, they would keep pages of freed
	// trees in use.
	var slab []Statement
	var i uint64
	var res pg_query.ParseResult
	var trees *treeReader
	stmt := func(s Statement) *Statement {
		if len(slab) == cap(slab) {
			// Each piece left is a statement or more; n is bounded by what
			// data can hold.
			slab = make([]Statement, 0, min(n-i, uint64(len(d.data))+1))
		}
		slab = append(slab, s)
		return &slab[len(slab)-1]
	}
	for ; i < n && d.err == nil; i++ {
		flags := d.byte()
		st := Statement{File: f, Start: d.offset(f.size), End: d.offset(f.size), Base: d.offset(f.size),
			Down: flags&flagDown != 0, Lean: flags&flagLean != 0}
		if st.Start > st.End {
			d.fail()
		}
		if flags&flagErr != 0 {
			start, end := d.offset(f.size), d.offset(f.size)
			st.Err = &SyntaxError{Span: Span{f, start, end}, Msg: string(d.bytes())}
		}
		var tree []byte
		if flags&flagTree != 0 {
			tree = d.bytes()
		}
		for range d.uvarint() {
			if x := d.bytes(); d.err == nil && !spansOnly {
				st.Extra = append(st.Extra, decodeExtra(x, &d)...)
			}
		}
		if d.err != nil {
			break
		}
		if tree == nil {
			f.Stmts = append(f.Stmts, stmt(st))
			continue
		}
		var one [1]rawStmt // most trees hold one statement
		raws := one[:0]
		if spansOnly {
			raws, d.err = rawSpans(tree, raws)
		} else {
			// Unmarshal resets res; the statements keep the nodes it held.
			if trees == nil {
				trees = treeReaders.Get().(*treeReader)
			}
			d.err = unmarshalTree(tree, &res, trees)
			for _, raw := range res.Stmts {
				raws = append(raws, rawStmt{raw.StmtLocation, raw.StmtLen, raw.Stmt})
			}
		}
		if d.err != nil {
			break
		}
		for j, raw := range raws {
			s := st
			s.Node = raw.node
			if j > 0 {
				s.Extra = nil
			}
			if len(raws) > 1 {
				s.Start = st.Start + int(raw.location)
				if raw.len > 0 {
					s.End = s.Start + int(raw.len)
				}
			}
			f.Stmts = append(f.Stmts, stmt(s))
		}
	}
	if d.err == nil && len(d.data) > 0 {
		d.fail()
	}
	f.trees = trees
	if d.err != nil {
		f.DropTrees()
		f.Stmts = nil
		return fmt.Errorf("parser: decoding %s: %w", f.Path, d.err)
	}
	return nil
}

// DropTrees drops the trees of f's statements (Node and Extra), and lets
// later decodes reuse the memory of those Decode made: nothing may keep a
// node of them.
func (f *File) DropTrees() {
	for _, s := range f.Stmts {
		s.Node, s.Extra = nil, nil
	}
	if t := f.trees; t != nil {
		f.trees = nil
		t.reuse()
		treeReaders.Put(t)
	}
}

// rawStmt is what decode reads of a pg_query.RawStmt.
type rawStmt struct {
	location, len int32
	node          *pg_query.Node
}

// rawSpans appends to out the statements of a pg_query.ParseResult in
// protobuf without their trees: their locations are all DecodeSpans needs,
// and the trees are most of the bytes and of the decoding time.
func rawSpans(tree []byte, out []rawStmt) ([]rawStmt, error) {
	err := eachField(tree, func(num protowire.Number, _ uint64, b []byte) error {
		if num != 2 || b == nil { // ParseResult.stmts
			return nil
		}
		out = append(out, rawStmt{})
		raw := &out[len(out)-1]
		return eachField(b, func(num protowire.Number, v uint64, _ []byte) error {
			switch num {
			case 2: // RawStmt.stmt_location
				raw.location = int32(v)
			case 3: // RawStmt.stmt_len
				raw.len = int32(v)
			}
			return nil
		})
	})
	return out, err
}

// decodeExtra unpacks an implied statement, forgetting its locations, which
// count from a text that is not in the file.
func decodeExtra(data []byte, d *decoder) []*pg_query.Node {
	var res pg_query.ParseResult
	if err := proto.Unmarshal(data, &res); err != nil {
		d.err = err
		return nil
	}
	var out []*pg_query.Node
	for _, raw := range res.Stmts {
		clearLocations(raw.Stmt.ProtoReflect())
		out = append(out, raw.Stmt)
	}
	return out
}

type decoder struct {
	data []byte
	err  error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("malformed data")
	}
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.fail()
		d.data = nil
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		d.fail()
		return 0
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b
}

// offset reads an offset into a source of n bytes.
func (d *decoder) offset(n int) int {
	v := d.uvarint()
	if v > uint64(n) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		d.fail()
		return nil
	}
	b := d.data[:n:n]
	d.data = d.data[n:]
	return b
}
