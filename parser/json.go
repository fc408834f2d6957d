package parser

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"sync"

	"github.com/valyala/fastjson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// libpg_query serializes a tree to protobuf through protobuf-c, which visits
// every field a message could have (a node, any of 252 kinds) twice: once to
// size it, once to write it. Its JSON writer visits only the fields a node
// sets, and takes a third to two fifths of the time for the same trees. So a
// statement is parsed to JSON, which is transcoded here into the protobuf
// libpg_query would have written; everything after (the cache, the worker
// protocol, Decode) sees the same bytes as before.
//
// The JSON loses one thing: it writes an Integer only when positive, so an
// Integer without its value is zero or negative. Two are told from the
// text: a constant's is zero when its text is a zero (DEFAULT 0), and an
// array bound is -1 when the type's brackets hold no number (int[]). Any
// other, and any JSON this code does not expect, has the statement parsed
// to protobuf instead, so the trees are the same either way (TestJSONTrees).

// parseTree is parseToProtobuf's tree, through the JSON when it can be.
func parseTree(sql string) ([]byte, error) {
	j, err := parseToJSON(sql)
	if err != nil {
		return nil, err
	}
	if tree, err := transcode(j, sql); err == nil {
		return tree, nil
	}
	return parseToProtobuf(sql)
}

var errTranscode = errors.New("JSON not transcoded")

// transcoder turns one tree's JSON into protobuf.
type transcoder struct {
	json fastjson.Parser // its values live until the next parse
	sql  string
	// bufs[d] holds a message at depth d while it is written, before its
	// length is known.
	bufs  [][]byte
	depth int
	top   []byte // the whole tree, before it is copied out
	// arrayBounds is what bounds read for sql, once asked.
	arrayBounds lostInt
	boundsRead  bool
}

var transcoders = sync.Pool{New: func() any { return new(transcoder) }}

// transcode returns the protobuf of the tree j, libpg_query's JSON of sql.
func transcode(j, sql string) ([]byte, error) {
	t := transcoders.Get().(*transcoder)
	defer transcoders.Put(t)
	v, err := t.json.Parse(j)
	if err != nil {
		return nil, err
	}
	o, err := v.Object()
	if err != nil {
		return nil, err
	}
	t.sql, t.boundsRead = sql, false
	b, err := t.message(t.top[:0], jsonInfo(), o, ambiguous)
	t.sql = ""
	if err != nil {
		return nil, err
	}
	t.top = b
	return bytes.Clone(b), nil
}

// msgInfo is how a message's JSON keys map to its fields.
type msgInfo struct {
	// keys and infos are the fields in the order libpg_query writes them,
	// which is their order in the message: a key is found by looking at the
	// next few. Node's 252 kinds, one a node, are in fields instead.
	keys   []string
	infos  []*fieldInfo
	fields map[string]*fieldInfo
	// integer marks Integer: an Integer without its value needs the
	// context to be read (see lostInt). node marks Node, which passes the
	// context on to the one node it holds.
	integer, node bool
}

// field returns the field of the JSON key, looked for from the next'th,
// and its index.
func (mi *msgInfo) field(key []byte, next int) (*fieldInfo, int) {
	if mi.fields != nil {
		return mi.fields[string(key)], -1
	}
	for k := range mi.keys {
		if i := (next + k) % len(mi.keys); mi.keys[i] == string(key) {
			return mi.infos[i], i
		}
	}
	return nil, -1
}

type fieldInfo struct {
	num  protowire.Number
	kind protoreflect.Kind
	list bool
	msg  *msgInfo
	enum map[string]int32
	// constInt marks A_Const's ival, bounds TypeName's array_bounds.
	constInt, bounds bool
}

// protoMessages (jsontable.go, generated) describe pg_query's messages as
// its descriptors do (TestJSONTable): read from the descriptors, protobuf-go
// would build them in full, a few milliseconds and megabytes at the start
// of every process that parses.
type protoMessage struct {
	name   string
	fields []protoField
}

type protoField struct {
	json string
	num  protowire.Number
	kind protoreflect.Kind
	list bool
	msg  string           // a message's name
	enum map[string]int32 // an enum's values by name
}

// jsonInfo describes pg_query's messages, once, and returns ParseResult's.
var jsonInfo = sync.OnceValue(func() *msgInfo {
	infos := make([]msgInfo, len(protoMessages))
	byName := make(map[string]*msgInfo, len(protoMessages))
	for i, m := range protoMessages {
		byName[m.name] = &infos[i]
	}
	for i, m := range protoMessages {
		mi := &infos[i]
		mi.integer, mi.node = m.name == "Integer", m.name == "Node"
		if len(m.fields) > 64 {
			mi.fields = make(map[string]*fieldInfo, len(m.fields))
		}
		for _, f := range m.fields {
			fi := &fieldInfo{num: f.num, kind: f.kind, list: f.list, msg: byName[f.msg], enum: f.enum}
			fi.constInt = m.name == "A_Const" && f.json == "ival"
			fi.bounds = m.name == "TypeName" && f.json == "arrayBounds"
			if mi.fields != nil {
				mi.fields[f.json] = fi
			} else {
				mi.keys, mi.infos = append(mi.keys, f.json), append(mi.infos, fi)
			}
		}
	}
	return byName["ParseResult"]
})

// lostInt says how an Integer without its value is read.
type lostInt int

const (
	ambiguous lostInt = iota // it cannot be
	zero                     // it is 0
	minusOne                 // it is -1
)

// message appends the fields of the message o to b.
func (t *transcoder) message(b []byte, mi *msgInfo, o *fastjson.Object, ctx lostInt) ([]byte, error) {
	if mi.integer && o.Get("ival") == nil {
		switch ctx {
		case zero:
			return b, nil
		case minusOne:
			return protowire.AppendVarint(protowire.AppendTag(b, 1, protowire.VarintType), math.MaxUint64), nil
		}
		return nil, errTranscode
	}
	var err error
	next := 0
	o.Visit(func(key []byte, v *fastjson.Value) {
		if err != nil {
			return
		}
		f, at := mi.field(key, next)
		next = at + 1
		if f == nil {
			err = errTranscode
			return
		}
		fctx := ambiguous
		switch {
		case mi.node:
			fctx = ctx
		case f.constInt:
			fctx = t.constant(o)
		case f.bounds:
			fctx = t.bounds()
		}
		if !f.list {
			b, err = t.field(b, f, v, fctx)
			return
		}
		var vs []*fastjson.Value
		if vs, err = v.Array(); err != nil {
			return
		}
		for _, x := range vs {
			if b, err = t.field(b, f, x, fctx); err != nil {
				return
			}
		}
	})
	return b, err
}

// field appends one value of field f.
func (t *transcoder) field(b []byte, f *fieldInfo, v *fastjson.Value, ctx lostInt) ([]byte, error) {
	switch f.kind {
	case protoreflect.BoolKind:
		x, err := v.Bool()
		if err != nil || !x {
			return b, err
		}
		return protowire.AppendVarint(protowire.AppendTag(b, f.num, protowire.VarintType), 1), nil
	case protoreflect.Int32Kind, protoreflect.Int64Kind:
		x, err := v.Int64()
		if err != nil || x == 0 {
			return b, err
		}
		return protowire.AppendVarint(protowire.AppendTag(b, f.num, protowire.VarintType), uint64(x)), nil
	case protoreflect.Uint32Kind, protoreflect.Uint64Kind:
		x, err := v.Uint64()
		if err != nil || x == 0 {
			return b, err
		}
		return protowire.AppendVarint(protowire.AppendTag(b, f.num, protowire.VarintType), x), nil
	case protoreflect.StringKind:
		s, err := v.StringBytes()
		if err != nil || len(s) == 0 {
			return b, err
		}
		return protowire.AppendBytes(protowire.AppendTag(b, f.num, protowire.BytesType), s), nil
	case protoreflect.EnumKind:
		s, err := v.StringBytes()
		if err != nil {
			return b, err
		}
		n, ok := f.enum[string(s)]
		if !ok {
			return nil, errTranscode
		}
		if n == 0 {
			return b, nil
		}
		return protowire.AppendVarint(protowire.AppendTag(b, f.num, protowire.VarintType), uint64(n)), nil
	case protoreflect.MessageKind:
		o, err := v.Object()
		if err != nil {
			return nil, err
		}
		d := t.depth
		if d == len(t.bufs) {
			t.bufs = append(t.bufs, nil)
		}
		t.depth++
		inner, err := t.message(t.bufs[d][:0], f.msg, o, ctx)
		t.depth--
		if err != nil {
			return nil, err
		}
		t.bufs[d] = inner
		return protowire.AppendBytes(protowire.AppendTag(b, f.num, protowire.BytesType), inner), nil
	}
	return nil, errTranscode
}

// constant reads the A_Const o's lost Integer: the text of a zero
// or positive constant starts with a digit; a negative one's, with its sign.
func (t *transcoder) constant(o *fastjson.Object) lostInt {
	loc := -1
	if v := o.Get("location"); v != nil {
		loc = v.GetInt()
	}
	if 0 <= loc && loc < len(t.sql) && '0' <= t.sql[loc] && t.sql[loc] <= '9' {
		return zero
	}
	return ambiguous
}

// bounds reads an array type's lost bounds: -1, unless a bracket of
// the statement holds a number that is zero or negative.
func (t *transcoder) bounds() lostInt {
	if !t.boundsRead {
		t.arrayBounds, t.boundsRead = t.readBounds(), true
	}
	return t.arrayBounds
}

func (t *transcoder) readBounds() lostInt {
	for i := 0; i < len(t.sql); i++ {
		if t.sql[i] != '[' {
			continue
		}
		j := i + 1
		for j < len(t.sql) && strings.IndexByte(" \t\n\r\f\v", t.sql[j]) >= 0 {
			j++
		}
		if j < len(t.sql) && (t.sql[j] == '0' || t.sql[j] == '-' || t.sql[j] == '+') {
			return ambiguous
		}
	}
	return minusOne
}
