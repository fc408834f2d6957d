package parser

import (
	"errors"
	"sync"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// unmarshalTree is proto.Unmarshal of a ParseResult, written out for the
// kinds of node most DDL is made of (tables, columns, types, constraints,
// ALTER TABLE, indexes): decoding trees was a fifth of a cold run's time,
// and proto.Unmarshal allocates each message alone, through reflection.
// Here each kind's messages come from slabs a file's trees share, as the
// trees live and die together (a file's, once it is replayed). The other
// kinds the corpora and the synthetic history hold are decoded by
// treegen.go, generated, each message alone: proto.Unmarshal sets up
// protobuf-go's reflection for the types it meets, milliseconds in each
// process. Any other kind of node is left to proto.Unmarshal; so is the
// whole tree when it holds something this decoder does not expect
// (TestTreeDecoder checks both give equal trees for every statement of the
// corpora, the repository's SQL and the fuzzer's inputs).
func unmarshalTree(data []byte, res *pg_query.ParseResult, t *treeReader) error {
	if err := t.parseResult(data, res); err == nil {
		return nil
	}
	res.Reset()
	return proto.Unmarshal(data, res)
}

// maxTreeDepth bounds the nesting of nodes, far beyond what the parser
// lets through (see tooDeep), so that damaged data cannot exhaust the stack.
const maxTreeDepth = 5000

// errUnexpected stops the decoder at what it was not written for: a field
// or wire type of a newer pg_query, say. proto.Unmarshal then decodes the
// tree.
var errUnexpected = errors.New("unexpected field")

// slab hands out the elements of arrays allocated a few at a time, more
// each time (up to 64), so that a small file's trees waste little. Its
// arrays are kept, and once the trees are dropped (File.DropTrees) cleared
// and handed out again: trees make most of what a run allocates, and
// reusing their memory spares the collector cycles and the kernel faults on
// fresh pages.
type slab[T any] struct {
	free        []T
	next        int
	used, spare [][]T
}

func (s *slab[T]) get() *T { return &s.take(1)[0] }

// take hands out n elements that follow one another.
func (s *slab[T]) take(n int) []T {
	for len(s.free) < n {
		if k := len(s.spare); k > 0 {
			// A spare array too small for n is left to the collector:
			// kept, it would stay on top and the spares grow file by file.
			s.free, s.spare = s.spare[k-1], s.spare[:k-1]
		} else {
			s.next = min(max(2*s.next, 2), 64)
			s.free = make([]T, max(n, s.next))
		}
		if len(s.free) >= n {
			s.used = append(s.used, s.free)
		}
	}
	x := s.free[:n:n]
	s.free = s.free[n:]
	return x
}

// reuse clears what s handed out, to hand it out again.
func (s *slab[T]) reuse() {
	for _, a := range s.used {
		clear(a)
	}
	s.spare = append(s.spare, s.used...)
	s.used, s.free = s.used[:0], nil
}

// treeReaders holds the treeReaders of dropped trees.
var treeReaders = sync.Pool{New: func() any { return new(treeReader) }}

// treeReader holds the slabs of a file's trees.
type treeReader struct {
	err   error
	depth int // of nodes in nodes

	// lists is where the lists of nodes are cut from, at their length.
	lists slab[*pg_query.Node]
	// words holds recent strings: type names, "pg_catalog" and the same
	// column names recur throughout a file.
	words [256]string

	nodes       slab[pg_query.Node]
	strs        slab[pg_query.String]
	strNodes    slab[pg_query.Node_String_]
	ints        slab[pg_query.Integer]
	intNodes    slab[pg_query.Node_Integer]
	listMsgs    slab[pg_query.List]
	listNodes   slab[pg_query.Node_List]
	consts      slab[pg_query.A_Const]
	constNodes  slab[pg_query.Node_AConst]
	typeNames   slab[pg_query.TypeName]
	typeNodes   slab[pg_query.Node_TypeName]
	colDefs     slab[pg_query.ColumnDef]
	colDefNodes slab[pg_query.Node_ColumnDef]
	rangeVars   slab[pg_query.RangeVar]
	rvNodes     slab[pg_query.Node_RangeVar]
	cons        slab[pg_query.Constraint]
	conNodes    slab[pg_query.Node_Constraint]
	colRefs     slab[pg_query.ColumnRef]
	colRefNodes slab[pg_query.Node_ColumnRef]
	funcCalls   slab[pg_query.FuncCall]
	funcNodes   slab[pg_query.Node_FuncCall]
	typeCasts   slab[pg_query.TypeCast]
	castNodes   slab[pg_query.Node_TypeCast]
	elems       slab[pg_query.IndexElem]
	elemNodes   slab[pg_query.Node_IndexElem]
	cmds        slab[pg_query.AlterTableCmd]
	cmdNodes    slab[pg_query.Node_AlterTableCmd]
}

// reuse readies t for other trees, reusing the memory of those it made;
// it names every slab (TestTreeReuse checks it).
func (t *treeReader) reuse() {
	t.err, t.depth = nil, 0
	t.lists.reuse()
	t.nodes.reuse()
	t.strs.reuse()
	t.strNodes.reuse()
	t.ints.reuse()
	t.intNodes.reuse()
	t.listMsgs.reuse()
	t.listNodes.reuse()
	t.consts.reuse()
	t.constNodes.reuse()
	t.typeNames.reuse()
	t.typeNodes.reuse()
	t.colDefs.reuse()
	t.colDefNodes.reuse()
	t.rangeVars.reuse()
	t.rvNodes.reuse()
	t.cons.reuse()
	t.conNodes.reuse()
	t.colRefs.reuse()
	t.colRefNodes.reuse()
	t.funcCalls.reuse()
	t.funcNodes.reuse()
	t.typeCasts.reuse()
	t.castNodes.reuse()
	t.elems.reuse()
	t.elemNodes.reuse()
	t.cmds.reuse()
	t.cmdNodes.reuse()
}

func (t *treeReader) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// fields walks a message's fields; each kind of field is read with the
// method for its type, which checks the wire type.
type fields struct {
	b   []byte
	num protowire.Number
	typ protowire.Type
	v   uint64
	s   []byte
	err error
}

func (f *fields) next() bool {
	if len(f.b) == 0 || f.err != nil {
		return false
	}
	num, typ, n := protowire.ConsumeTag(f.b)
	if n < 0 {
		f.err = protowire.ParseError(n)
		return false
	}
	f.b, f.num, f.typ = f.b[n:], num, typ
	switch typ {
	case protowire.VarintType:
		f.v, n = protowire.ConsumeVarint(f.b)
	case protowire.BytesType:
		f.s, n = protowire.ConsumeBytes(f.b)
	default:
		f.err = errUnexpected
		return false
	}
	if n < 0 {
		f.err = protowire.ParseError(n)
		return false
	}
	f.b = f.b[n:]
	return true
}

func (f *fields) unexpected() { f.err = errUnexpected }

func (f *fields) varint() uint64 {
	if f.typ != protowire.VarintType {
		f.unexpected()
	}
	return f.v
}

func (f *fields) i32() int32  { return int32(f.varint()) }
func (f *fields) u32() uint32 { return uint32(f.varint()) }
func (f *fields) bool() bool  { return f.varint() != 0 }
func (f *fields) bytes() []byte {
	if f.typ != protowire.BytesType {
		f.unexpected()
	}
	return f.s
}

// str reads a string field. proto.Unmarshal refuses a string that is not
// UTF-8, and so does this.
func (t *treeReader) str(f *fields) string {
	b := f.bytes()
	if len(b) == 0 {
		return ""
	}
	w := &t.words[(len(b)*31+int(b[0])*7+int(b[len(b)-1]))&(len(t.words)-1)]
	if *w == string(b) {
		return *w
	}
	if !utf8.Valid(b) {
		f.unexpected()
		return ""
	}
	*w = string(b)
	return *w
}

// add appends the node f holds to l, a list whose elements follow one
// another, as pg_query writes them: the first one cuts the list at its
// length from t.lists.
func (t *treeReader) add(l []*pg_query.Node, f *fields) []*pg_query.Node {
	if l == nil {
		n := 1
		for rest := f.b; len(rest) > 0; n++ {
			num, typ, k := protowire.ConsumeTag(rest)
			if k < 0 || num != f.num || typ != protowire.BytesType {
				break
			}
			_, m := protowire.ConsumeBytes(rest[k:])
			if m < 0 {
				break
			}
			rest = rest[k+m:]
		}
		l = t.lists.take(n)[:0]
	}
	return append(l, t.node(f.bytes()))
}

// end reports the walk's error, if any, to t.
func (t *treeReader) end(f *fields) {
	if f.err != nil {
		t.fail(f.err)
	}
}

// other decodes a message of a kind this decoder leaves to proto.Unmarshal.
func other[T any, P interface {
	*T
	proto.Message
}](t *treeReader, b []byte) P {
	m := P(new(T))
	if err := proto.Unmarshal(b, m); err != nil {
		t.fail(err)
	}
	return m
}

func (t *treeReader) parseResult(b []byte, res *pg_query.ParseResult) error {
	t.err = nil
	res.Reset()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			res.Version = f.i32()
		case 2:
			res.Stmts = append(res.Stmts, t.rawStmt(f.bytes()))
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return t.err
}

func (t *treeReader) rawStmt(b []byte) *pg_query.RawStmt {
	m := new(pg_query.RawStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Stmt = t.node(f.bytes())
		case 2:
			m.StmtLocation = f.i32()
		case 3:
			m.StmtLen = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

// enter counts a level of nesting that does not pass through node (the arms
// of a UNION, a SELECT within a SELECT), and reports whether one more is
// allowed; the caller leaves it with t.depth--.
func (t *treeReader) enter() bool {
	if t.depth == maxTreeDepth {
		t.fail(errUnexpected)
		return false
	}
	t.depth++
	return true
}

// node decodes a Node: the kinds below, and any other with proto.Unmarshal.
func (t *treeReader) node(b []byte) *pg_query.Node {
	n := t.nodes.get()
	if t.depth == maxTreeDepth { // proto.Unmarshal has a limit too
		t.fail(errUnexpected)
		return n
	}
	num, typ, k := protowire.ConsumeTag(b)
	if k > 0 && typ == protowire.BytesType {
		v, m := protowire.ConsumeBytes(b[k:])
		t.depth++
		ok := m > 0 && k+m == len(b) && t.kind(n, num, v)
		t.depth--
		if ok {
			return n
		}
	}
	if err := proto.Unmarshal(b, n); err != nil {
		t.fail(err)
	}
	return n
}

// Field numbers of Node's kinds (TestTreeDecoder checks them against
// pg_query's descriptors).
const (
	nodeRangeVar      = 2
	nodeTypeName      = 57
	nodeColumnRef     = 58
	nodeTypeCast      = 61
	nodeAExpr         = 60
	nodeFuncCall      = 64
	nodeResTarget     = 69
	nodeColumnDef     = 78
	nodeIndexElem     = 80
	nodeDefElem       = 81
	nodeAlterTable    = 125
	nodeAlterTableCmd = 127
	nodeCreateStmt    = 138
	nodeConstraint    = 139
	nodeDropStmt      = 175
	nodeIndexStmt     = 182
	nodeCreateFunc    = 186
	nodeRenameStmt    = 193
	nodeViewStmt      = 208
	nodeInteger       = 244
	nodeBoolean       = 246
	nodeString        = 247
	nodeList          = 249
	nodeAConst        = 252
)

func (t *treeReader) kind(n *pg_query.Node, num protowire.Number, b []byte) bool {
	switch num {
	case nodeString:
		w := t.strNodes.get()
		w.String_ = t.string(b)
		n.Node = w
	case nodeInteger:
		w := t.intNodes.get()
		w.Integer = t.integer(b)
		n.Node = w
	case nodeList:
		w := t.listNodes.get()
		w.List = t.list(b)
		n.Node = w
	case nodeAConst:
		w := t.constNodes.get()
		w.AConst = t.aConst(b)
		n.Node = w
	case nodeTypeName:
		w := t.typeNodes.get()
		w.TypeName = t.typeName(b)
		n.Node = w
	case nodeColumnDef:
		w := t.colDefNodes.get()
		w.ColumnDef = t.columnDef(b)
		n.Node = w
	case nodeRangeVar:
		w := t.rvNodes.get()
		w.RangeVar = t.rangeVar(b)
		n.Node = w
	case nodeConstraint:
		w := t.conNodes.get()
		w.Constraint = t.constraint(b)
		n.Node = w
	case nodeColumnRef:
		w := t.colRefNodes.get()
		w.ColumnRef = t.columnRef(b)
		n.Node = w
	case nodeFuncCall:
		w := t.funcNodes.get()
		w.FuncCall = t.funcCall(b)
		n.Node = w
	case nodeTypeCast:
		w := t.castNodes.get()
		w.TypeCast = t.typeCast(b)
		n.Node = w
	case nodeIndexElem:
		w := t.elemNodes.get()
		w.IndexElem = t.indexElem(b)
		n.Node = w
	case nodeAlterTableCmd:
		w := t.cmdNodes.get()
		w.AlterTableCmd = t.alterTableCmd(b)
		n.Node = w
	case nodeAExpr:
		n.Node = &pg_query.Node_AExpr{AExpr: t.aExpr(b)}
	case nodeResTarget:
		n.Node = &pg_query.Node_ResTarget{ResTarget: t.resTarget(b)}
	case nodeDefElem:
		n.Node = &pg_query.Node_DefElem{DefElem: t.defElem(b)}
	case nodeBoolean:
		n.Node = &pg_query.Node_Boolean{Boolean: t.boolean(b)}
	case nodeCreateFunc:
		n.Node = &pg_query.Node_CreateFunctionStmt{CreateFunctionStmt: t.createFunction(b)}
	case nodeRenameStmt:
		n.Node = &pg_query.Node_RenameStmt{RenameStmt: t.renameStmt(b)}
	case nodeViewStmt:
		n.Node = &pg_query.Node_ViewStmt{ViewStmt: t.viewStmt(b)}
	case nodeCreateStmt:
		n.Node = &pg_query.Node_CreateStmt{CreateStmt: t.createStmt(b)}
	case nodeAlterTable:
		n.Node = &pg_query.Node_AlterTableStmt{AlterTableStmt: t.alterTableStmt(b)}
	case nodeIndexStmt:
		n.Node = &pg_query.Node_IndexStmt{IndexStmt: t.indexStmt(b)}
	case nodeDropStmt:
		n.Node = &pg_query.Node_DropStmt{DropStmt: t.dropStmt(b)}
	default:
		return t.genKind(n, num, b)
	}
	return true
}

func (t *treeReader) string(b []byte) *pg_query.String {
	m := t.strs.get()
	f := fields{b: b}
	for f.next() {
		if f.num == 1 {
			m.Sval = t.str(&f)
		} else {
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) integer(b []byte) *pg_query.Integer {
	m := t.ints.get()
	f := fields{b: b}
	for f.next() {
		if f.num == 1 {
			m.Ival = f.i32()
		} else {
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) list(b []byte) *pg_query.List {
	m := t.listMsgs.get()
	f := fields{b: b}
	for f.next() {
		if f.num == 1 {
			m.Items = t.add(m.Items, &f)
		} else {
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) aConst(b []byte) *pg_query.A_Const {
	m := t.consts.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Val = &pg_query.A_Const_Ival{Ival: t.integer(f.bytes())}
		case 2:
			m.Val = &pg_query.A_Const_Fval{Fval: t.genFloat(f.bytes())}
		case 3:
			m.Val = &pg_query.A_Const_Boolval{Boolval: t.boolean(f.bytes())}
		case 4:
			m.Val = &pg_query.A_Const_Sval{Sval: t.string(f.bytes())}
		case 5:
			m.Val = &pg_query.A_Const_Bsval{Bsval: t.genBitString(f.bytes())}
		case 10:
			m.Isnull = f.bool()
		case 11:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) typeName(b []byte) *pg_query.TypeName {
	m := t.typeNames.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Names = t.add(m.Names, &f)
		case 2:
			m.TypeOid = f.u32()
		case 3:
			m.Setof = f.bool()
		case 4:
			m.PctType = f.bool()
		case 5:
			m.Typmods = t.add(m.Typmods, &f)
		case 6:
			m.Typemod = f.i32()
		case 7:
			m.ArrayBounds = t.add(m.ArrayBounds, &f)
		case 8:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) columnDef(b []byte) *pg_query.ColumnDef {
	m := t.colDefs.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Colname = t.str(&f)
		case 2:
			m.TypeName = t.typeName(f.bytes())
		case 3:
			m.Compression = t.str(&f)
		case 4:
			m.Inhcount = f.i32()
		case 5:
			m.IsLocal = f.bool()
		case 6:
			m.IsNotNull = f.bool()
		case 7:
			m.IsFromType = f.bool()
		case 8:
			m.Storage = t.str(&f)
		case 9:
			m.StorageName = t.str(&f)
		case 10:
			m.RawDefault = t.node(f.bytes())
		case 11:
			m.CookedDefault = t.node(f.bytes())
		case 12:
			m.Identity = t.str(&f)
		case 13:
			m.IdentitySequence = t.rangeVar(f.bytes())
		case 14:
			m.Generated = t.str(&f)
		case 15:
			m.CollClause = t.genCollateClause(f.bytes())
		case 16:
			m.CollOid = f.u32()
		case 17:
			m.Constraints = t.add(m.Constraints, &f)
		case 18:
			m.Fdwoptions = t.add(m.Fdwoptions, &f)
		case 19:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) rangeVar(b []byte) *pg_query.RangeVar {
	m := t.rangeVars.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Catalogname = t.str(&f)
		case 2:
			m.Schemaname = t.str(&f)
		case 3:
			m.Relname = t.str(&f)
		case 4:
			m.Inh = f.bool()
		case 5:
			m.Relpersistence = t.str(&f)
		case 6:
			m.Alias = t.genAlias(f.bytes())
		case 7:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) constraint(b []byte) *pg_query.Constraint {
	m := t.cons.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Contype = pg_query.ConstrType(f.i32())
		case 2:
			m.Conname = t.str(&f)
		case 3:
			m.Deferrable = f.bool()
		case 4:
			m.Initdeferred = f.bool()
		case 5:
			m.Location = f.i32()
		case 6:
			m.IsNoInherit = f.bool()
		case 7:
			m.RawExpr = t.node(f.bytes())
		case 8:
			m.CookedExpr = t.str(&f)
		case 9:
			m.GeneratedWhen = t.str(&f)
		case 10:
			m.NullsNotDistinct = f.bool()
		case 11:
			m.Keys = t.add(m.Keys, &f)
		case 12:
			m.Including = t.add(m.Including, &f)
		case 13:
			m.Exclusions = t.add(m.Exclusions, &f)
		case 14:
			m.Options = t.add(m.Options, &f)
		case 15:
			m.Indexname = t.str(&f)
		case 16:
			m.Indexspace = t.str(&f)
		case 17:
			m.ResetDefaultTblspc = f.bool()
		case 18:
			m.AccessMethod = t.str(&f)
		case 19:
			m.WhereClause = t.node(f.bytes())
		case 20:
			m.Pktable = t.rangeVar(f.bytes())
		case 21:
			m.FkAttrs = t.add(m.FkAttrs, &f)
		case 22:
			m.PkAttrs = t.add(m.PkAttrs, &f)
		case 23:
			m.FkMatchtype = t.str(&f)
		case 24:
			m.FkUpdAction = t.str(&f)
		case 25:
			m.FkDelAction = t.str(&f)
		case 26:
			m.FkDelSetCols = t.add(m.FkDelSetCols, &f)
		case 27:
			m.OldConpfeqop = t.add(m.OldConpfeqop, &f)
		case 28:
			m.OldPktableOid = f.u32()
		case 29:
			m.SkipValidation = f.bool()
		case 30:
			m.InitiallyValid = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) columnRef(b []byte) *pg_query.ColumnRef {
	m := t.colRefs.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Fields = t.add(m.Fields, &f)
		case 2:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) funcCall(b []byte) *pg_query.FuncCall {
	m := t.funcCalls.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Funcname = t.add(m.Funcname, &f)
		case 2:
			m.Args = t.add(m.Args, &f)
		case 3:
			m.AggOrder = t.add(m.AggOrder, &f)
		case 4:
			m.AggFilter = t.node(f.bytes())
		case 5:
			m.Over = t.genWindowDef(f.bytes())
		case 6:
			m.AggWithinGroup = f.bool()
		case 7:
			m.AggStar = f.bool()
		case 8:
			m.AggDistinct = f.bool()
		case 9:
			m.FuncVariadic = f.bool()
		case 10:
			m.Funcformat = pg_query.CoercionForm(f.i32())
		case 11:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) typeCast(b []byte) *pg_query.TypeCast {
	m := t.typeCasts.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Arg = t.node(f.bytes())
		case 2:
			m.TypeName = t.typeName(f.bytes())
		case 3:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) indexElem(b []byte) *pg_query.IndexElem {
	m := t.elems.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Name = t.str(&f)
		case 2:
			m.Expr = t.node(f.bytes())
		case 3:
			m.Indexcolname = t.str(&f)
		case 4:
			m.Collation = t.add(m.Collation, &f)
		case 5:
			m.Opclass = t.add(m.Opclass, &f)
		case 6:
			m.Opclassopts = t.add(m.Opclassopts, &f)
		case 7:
			m.Ordering = pg_query.SortByDir(f.i32())
		case 8:
			m.NullsOrdering = pg_query.SortByNulls(f.i32())
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) alterTableCmd(b []byte) *pg_query.AlterTableCmd {
	m := t.cmds.get()
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Subtype = pg_query.AlterTableType(f.i32())
		case 2:
			m.Name = t.str(&f)
		case 3:
			m.Num = f.i32()
		case 4:
			m.Newowner = t.genRoleSpec(f.bytes())
		case 5:
			m.Def = t.node(f.bytes())
		case 6:
			m.Behavior = pg_query.DropBehavior(f.i32())
		case 7:
			m.MissingOk = f.bool()
		case 8:
			m.Recurse = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) createStmt(b []byte) *pg_query.CreateStmt {
	m := new(pg_query.CreateStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Relation = t.rangeVar(f.bytes())
		case 2:
			m.TableElts = t.add(m.TableElts, &f)
		case 3:
			m.InhRelations = t.add(m.InhRelations, &f)
		case 4:
			m.Partbound = t.genPartitionBoundSpec(f.bytes())
		case 5:
			m.Partspec = t.genPartitionSpec(f.bytes())
		case 6:
			m.OfTypename = t.typeName(f.bytes())
		case 7:
			m.Constraints = t.add(m.Constraints, &f)
		case 8:
			m.Options = t.add(m.Options, &f)
		case 9:
			m.Oncommit = pg_query.OnCommitAction(f.i32())
		case 10:
			m.Tablespacename = t.str(&f)
		case 11:
			m.AccessMethod = t.str(&f)
		case 12:
			m.IfNotExists = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) alterTableStmt(b []byte) *pg_query.AlterTableStmt {
	m := new(pg_query.AlterTableStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Relation = t.rangeVar(f.bytes())
		case 2:
			m.Cmds = t.add(m.Cmds, &f)
		case 3:
			m.Objtype = pg_query.ObjectType(f.i32())
		case 4:
			m.MissingOk = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) indexStmt(b []byte) *pg_query.IndexStmt {
	m := new(pg_query.IndexStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Idxname = t.str(&f)
		case 2:
			m.Relation = t.rangeVar(f.bytes())
		case 3:
			m.AccessMethod = t.str(&f)
		case 4:
			m.TableSpace = t.str(&f)
		case 5:
			m.IndexParams = t.add(m.IndexParams, &f)
		case 6:
			m.IndexIncludingParams = t.add(m.IndexIncludingParams, &f)
		case 7:
			m.Options = t.add(m.Options, &f)
		case 8:
			m.WhereClause = t.node(f.bytes())
		case 9:
			m.ExcludeOpNames = t.add(m.ExcludeOpNames, &f)
		case 10:
			m.Idxcomment = t.str(&f)
		case 11:
			m.IndexOid = f.u32()
		case 12:
			m.OldNumber = f.u32()
		case 13:
			m.OldCreateSubid = f.u32()
		case 14:
			m.OldFirstRelfilelocatorSubid = f.u32()
		case 15:
			m.Unique = f.bool()
		case 16:
			m.NullsNotDistinct = f.bool()
		case 17:
			m.Primary = f.bool()
		case 18:
			m.Isconstraint = f.bool()
		case 19:
			m.Deferrable = f.bool()
		case 20:
			m.Initdeferred = f.bool()
		case 21:
			m.Transformed = f.bool()
		case 22:
			m.Concurrent = f.bool()
		case 23:
			m.IfNotExists = f.bool()
		case 24:
			m.ResetDefaultTblspc = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) dropStmt(b []byte) *pg_query.DropStmt {
	m := new(pg_query.DropStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Objects = t.add(m.Objects, &f)
		case 2:
			m.RemoveType = pg_query.ObjectType(f.i32())
		case 3:
			m.Behavior = pg_query.DropBehavior(f.i32())
		case 4:
			m.MissingOk = f.bool()
		case 5:
			m.Concurrent = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) boolean(b []byte) *pg_query.Boolean {
	m := new(pg_query.Boolean)
	f := fields{b: b}
	for f.next() {
		if f.num == 1 {
			m.Boolval = f.bool()
		} else {
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) aExpr(b []byte) *pg_query.A_Expr {
	m := new(pg_query.A_Expr)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Kind = pg_query.A_Expr_Kind(f.i32())
		case 2:
			m.Name = t.add(m.Name, &f)
		case 3:
			m.Lexpr = t.node(f.bytes())
		case 4:
			m.Rexpr = t.node(f.bytes())
		case 5:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) resTarget(b []byte) *pg_query.ResTarget {
	m := new(pg_query.ResTarget)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Name = t.str(&f)
		case 2:
			m.Indirection = t.add(m.Indirection, &f)
		case 3:
			m.Val = t.node(f.bytes())
		case 4:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) defElem(b []byte) *pg_query.DefElem {
	m := new(pg_query.DefElem)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.Defnamespace = t.str(&f)
		case 2:
			m.Defname = t.str(&f)
		case 3:
			m.Arg = t.node(f.bytes())
		case 4:
			m.Defaction = pg_query.DefElemAction(f.i32())
		case 5:
			m.Location = f.i32()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) createFunction(b []byte) *pg_query.CreateFunctionStmt {
	m := new(pg_query.CreateFunctionStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.IsProcedure = f.bool()
		case 2:
			m.Replace = f.bool()
		case 3:
			m.Funcname = t.add(m.Funcname, &f)
		case 4:
			m.Parameters = t.add(m.Parameters, &f)
		case 5:
			m.ReturnType = t.typeName(f.bytes())
		case 6:
			m.Options = t.add(m.Options, &f)
		case 7:
			m.SqlBody = t.node(f.bytes())
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) renameStmt(b []byte) *pg_query.RenameStmt {
	m := new(pg_query.RenameStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.RenameType = pg_query.ObjectType(f.i32())
		case 2:
			m.RelationType = pg_query.ObjectType(f.i32())
		case 3:
			m.Relation = t.rangeVar(f.bytes())
		case 4:
			m.Object = t.node(f.bytes())
		case 5:
			m.Subname = t.str(&f)
		case 6:
			m.Newname = t.str(&f)
		case 7:
			m.Behavior = pg_query.DropBehavior(f.i32())
		case 8:
			m.MissingOk = f.bool()
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}

func (t *treeReader) viewStmt(b []byte) *pg_query.ViewStmt {
	m := new(pg_query.ViewStmt)
	f := fields{b: b}
	for f.next() {
		switch f.num {
		case 1:
			m.View = t.rangeVar(f.bytes())
		case 2:
			m.Aliases = t.add(m.Aliases, &f)
		case 3:
			m.Query = t.node(f.bytes())
		case 4:
			m.Replace = f.bool()
		case 5:
			m.Options = t.add(m.Options, &f)
		case 6:
			m.WithCheckOption = pg_query.ViewCheckOption(f.i32())
		default:
			f.unexpected()
		}
	}
	t.end(&f)
	return m
}
