package schema

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/miglint/miglint/parser"
)

// A checkpoint is the state of a replay after some files, as bytes, so that
// a later run over the same first files can resume from it instead of
// replaying them: an editor's run re-lints one file of a long history on
// every save. The state is a graph (constraints point at tables, columns,
// indexes and statements), so every object gets a number and pointers are
// written as numbers; statements as their file's and their own index in
// the files the replay was given, which the resuming run has loaded too.
// A CRC-32C of all the bytes before it ends a checkpoint: the decoder makes
// every object from counts it reads first, and a count damaged on disk
// could ask for gigabytes.

const checkpointMagic = "miglint-checkpoint-2\n"

// ckCRC is made on first use: its tables take a quarter of a millisecond,
// which a process that reads no checkpoint need not spend.
var ckCRC = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// Checkpoint returns the state of the replay, which has replayed files
// (and nothing else), for Resume. It does not change the replay. It fails
// when the state refers to a statement outside files.
func (x *Replayer) Checkpoint(files []*parser.File) ([]byte, error) {
	var b bytes.Buffer
	err := x.WriteCheckpoint(&b, files)
	return b.Bytes(), err
}

// WriteCheckpoint writes Checkpoint's bytes to w as they come: the state of
// a large history takes tens of megabytes.
func (x *Replayer) WriteCheckpoint(w io.Writer, files []*parser.File) error {
	// Most words are columns' names and types: growing the table to a
	// large catalog's 200,000 words was a third of writing its checkpoint.
	words := x.r.columns()
	e := &ckEncoder{w: w, files: make(map[*parser.File]int, len(files)), epoch: ckEpoch.Add(1),
		strIDs: make(map[string]int, words), strTable: make([]string, 0, words), body: make([]byte, 0, 2*ckFlush)}
	e.body = append(e.body, checkpointMagic...)
	for i, f := range files {
		e.files[f] = i
	}
	e.encode(x.r)
	return e.err
}

// Resume continues a replay from a checkpoint of files' replay, which must
// hold the same statements (not their trees) as when it was made; data must
// not change afterwards (see DecodeCheckpoint).
func Resume(data []byte, files []*parser.File, opts Options) (*Replayer, error) {
	c, err := DecodeCheckpoint(data, files, 0, opts)
	if err != nil {
		return nil, err
	}
	return c.Resume()
}

// A DecodedCheckpoint is a checkpoint read without its files' statements,
// which may still be being decoded: a large catalog takes tens of
// milliseconds to read, which can pass beside their decoding.
type DecodedCheckpoint struct {
	x *Replayer
	d *ckDecoder
}

// DecodeCheckpoint reads a checkpoint of files' replay for Resume, reading
// nothing of files but which they are. The catalog's names point into data,
// which must not change afterwards. following is how many files the
// replay goes on with: the catalog's maps are made with room for what they
// add, as much a file as files added (up to as much again), as a map that
// grows splits its tables and rehashes their entries (8 ms of an editor's
// save in the middle of a 500-file history).
func DecodeCheckpoint(data []byte, files []*parser.File, following int, opts Options) (*DecodedCheckpoint, error) {
	x := NewReplayer(opts)
	d := &ckDecoder{data: data, files: files, following: min(following, len(files))}
	d.decode(x.r)
	if d.err != nil {
		return nil, d.err
	}
	for _, t := range d.tables {
		t.indexColumns()
	}
	return &DecodedCheckpoint{x, d}, nil
}

// Resume points the checkpoint's objects at their statements, which the
// files must now hold as when it was made, and continues the replay from
// it. It may be called once.
func (c *DecodedCheckpoint) Resume() (*Replayer, error) {
	for _, l := range c.d.links {
		stmts := c.d.files[l.file].Stmts
		if l.i >= len(stmts) {
			return nil, errCheckpoint
		}
		*l.dst = stmts[l.i]
	}
	return c.x, nil
}

// Object kinds, in the order their counts are written.
const (
	kSchema = iota
	kTable
	kColumn
	kConstraint
	kIndex
	kinds
)

type ckEncoder struct {
	files map[*parser.File]int
	epoch uint32       // marks the objects numbered by this encoder (see ckMark)
	count [kinds]int32 // objects numbered, by kind
	todo  []ckItem     // objects numbered but not written yet
	w     io.Writer
	body  []byte // not written to w yet
	sent  int    // bytes written to w
	crc   uint32 // of the bytes written
	err   error

	strIDs   map[string]int
	strTable []string
	// keys is byName's, kept from one map to the next: a large catalog's
	// names run to a million, and sorting a fresh slice of them for each
	// map was 30 MB of garbage at the end of a run, when most of the heap
	// lives and each collection marks all of it.
	keys []string
}

// ckMark is an object's number in a checkpoint, kept in the object: a map
// from objects to numbers costs a tenth of a second on a large catalog.
// It is valid for the encoder of its epoch only, so checkpoints need not
// clear them.
type ckMark struct {
	epoch uint32
	id    int32
}

var ckEpoch atomic.Uint32

func (s *Schema) mark() *ckMark     { return &s.ck }
func (t *Table) mark() *ckMark      { return &t.ck }
func (c *Column) mark() *ckMark     { return &c.ck }
func (c *Constraint) mark() *ckMark { return &c.ck }
func (i *Index) mark() *ckMark      { return &i.ck }

type ckItem struct {
	kind int
	p    any
}

// put writes an object's number, queueing the object to be written when it
// is new; nil is 0.
func put[T any, P interface {
	*T
	mark() *ckMark
}](e *ckEncoder, kind int, p P) {
	if p == nil {
		e.uint(0)
		return
	}
	m := p.mark()
	if m.epoch != e.epoch {
		e.count[kind]++
		m.epoch, m.id = e.epoch, e.count[kind]
		e.todo = append(e.todo, ckItem{kind, p})
	}
	e.uint(int(m.id))
}

func putAll[T any, P interface {
	*T
	mark() *ckMark
}](e *ckEncoder, kind int, l []P) {
	e.uint(len(l))
	for _, p := range l {
		put(e, kind, p)
	}
}

func (e *ckEncoder) uint(n int) { e.body = binary.AppendUvarint(e.body, uint64(n)) }
func (e *ckEncoder) int(n int)  { e.body = binary.AppendVarint(e.body, int64(n)) }

// str writes a string. Tables, constraints and indexes write their names
// with it, and their columns come right after them, so that is where the
// encoder writes out what it holds.
func (e *ckEncoder) str(s string) {
	if len(e.body) >= ckFlush {
		e.flush()
	}
	e.uint(len(s))
	e.body = append(e.body, s...)
}

// word writes a string as its number in a table written once: column names
// and types recur throughout a catalog, and a number takes less time to
// write and to read than a string to read.
func (e *ckEncoder) word(s string) {
	n, ok := e.strIDs[s]
	if !ok {
		n = len(e.strTable)
		e.strIDs[s] = n
		e.strTable = append(e.strTable, s)
	}
	e.uint(n)
}

func (e *ckEncoder) strs(l []string) {
	e.uint(len(l))
	for _, x := range l {
		e.str(x)
	}
}
func (e *ckEncoder) bool(b bool) {
	if b {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

// stmt writes a statement as its file's number and its own, plus one (0 is
// nil).
func (e *ckEncoder) stmt(s *parser.Statement) {
	if s == nil {
		e.uint(0)
		return
	}
	fi, ok := e.files[s.File]
	if !ok {
		e.err = errForeign
		return
	}
	stmts := s.File.Stmts
	i := sort.Search(len(stmts), func(i int) bool { return stmts[i].Start >= s.Start })
	for i < len(stmts) && stmts[i] != s {
		i++
	}
	if i == len(stmts) {
		if i = slices.Index(stmts, s); i < 0 {
			e.err = errForeign
			return
		}
	}
	e.uint(fi + 1)
	e.uint(i)
}

func (e *ckEncoder) span(sp parser.Span) {
	if sp.File == nil {
		e.uint(0)
	} else if fi, ok := e.files[sp.File]; ok {
		e.uint(fi + 1)
	} else {
		e.err = errForeign
		return
	}
	e.int(sp.Start)
	e.int(sp.End)
}

// byName writes a map's entries in the order of their keys, so that the
// same state always gives the same bytes: each key, then value.
func byName[V any](e *ckEncoder, m map[string]V, value func(V)) {
	// value may call byName: while it runs, e.keys is this call's.
	keys := e.keys
	e.keys = nil
	if cap(keys) < len(m) {
		keys = make([]string, 0, len(m))
	}
	keys = slices.AppendSeq(keys[:0], maps.Keys(m))
	slices.Sort(keys)
	e.uint(len(keys))
	for _, k := range keys {
		e.str(k)
		value(m[k])
	}
	e.keys = keys
}

// ckFlush is how much the encoder holds before it writes.
const ckFlush = 64 << 10

func (e *ckEncoder) flush() {
	if e.err == nil {
		_, e.err = e.w.Write(e.body)
	}
	e.crc = crc32.Update(e.crc, ckCRC(), e.body)
	e.sent += len(e.body)
	e.body = e.body[:0]
}

// columns is how many columns the catalog's tables have.
func (r *replayer) columns() int {
	n := 0
	for _, s := range r.cat.schemas {
		for _, t := range s.tables {
			n += len(t.Columns)
		}
	}
	return n
}

func (e *ckEncoder) encode(r *replayer) {
	// The roots: the catalog, then what the replay keeps beside it.
	byName(e, r.cat.schemas, func(s *Schema) { put(e, kSchema, s) })
	e.strs(r.cat.searchPath)
	e.strs(r.opaque)
	e.uint(len(r.added))
	for _, a := range r.added {
		e.stmt(a.Stmt)
		e.str(a.Schema)
		e.str(a.Table)
		e.str(a.Column)
		e.int(int(a.Location))
	}
	e.uint(len(r.events))
	for _, ev := range r.events {
		e.uint(int(ev.Kind))
		e.stmt(ev.Stmt)
		e.span(ev.Span)
		e.str(ev.Msg)
		e.str(ev.Name)
		put(e, kTable, ev.Table)
		e.bool(ev.Constraints != nil)
		e.uint(len(ev.Constraints))
		for _, s := range ev.Constraints {
			e.str(s.Name)
			e.str(string(s.Type))
			e.strs(s.Columns)
			put(e, kTable, s.RefTable)
			e.str(s.Def)
			e.span(s.Decl)
		}
	}
	// Then every object reached, which may reach more, until none is left:
	// the last queued first, so that the queue holds a few objects at a
	// time rather than every column of the catalog.
	for len(e.todo) > 0 {
		it := e.todo[len(e.todo)-1]
		e.todo = e.todo[:len(e.todo)-1]
		e.object(it.kind, it.p)
	}
	// The counts, which the decoder reads first to make every object
	// before it reads pointers to them, and the table of words follow the
	// objects, and their offset ends the checkpoint: putting them first
	// would copy the whole.
	at := e.sent + len(e.body)
	for k := range kinds {
		e.uint(int(e.count[k]))
	}
	e.uint(len(e.strTable))
	for _, s := range e.strTable {
		e.str(s)
	}
	e.body = binary.LittleEndian.AppendUint64(e.body, uint64(at))
	e.flush()
	e.body = binary.LittleEndian.AppendUint32(e.body, e.crc)
	e.flush()
}

// object writes one object: its kind, its number, then its fields.
func (e *ckEncoder) object(kind int, p any) {
	e.uint(kind)
	e.uint(int(p.(interface{ mark() *ckMark }).mark().id))
	switch kind {
	case kSchema:
		s := p.(*Schema)
		e.str(s.Name)
		byName(e, s.tables, func(t *Table) { put(e, kTable, t) })
		byName(e, s.relations, e.int)
		byName(e, s.conNames, e.int)
		byName(e, s.indexes, func(l []*Index) { putAll(e, kIndex, l) })
	case kTable:
		t := p.(*Table)
		put(e, kSchema, t.Schema)
		e.str(t.Name)
		putAll(e, kColumn, t.Columns)
		putAll(e, kConstraint, t.Constraints)
		putAll(e, kIndex, t.Indexes)
		e.bool(t.Opaque)
		e.stmt(t.Stmt)
		e.int(int(t.at))
		putAll(e, kConstraint, t.refBy.all())
		e.strs(t.sequences)
		e.uint(len(t.defs))
		for _, d := range t.defs {
			e.str(d.name)
			e.int(int(d.at))
		}
	case kColumn:
		c := p.(*Column)
		e.word(c.Name)
		e.word(c.Type)
		e.bool(c.NotNull)
		e.bool(c.HasDefault)
	case kConstraint:
		c := p.(*Constraint)
		e.str(c.Name)
		e.str(string(c.Type))
		put(e, kTable, c.Table)
		putAll(e, kColumn, c.Columns)
		put(e, kTable, c.RefTable)
		e.bool(c.RefColumns != nil)
		putAll(e, kColumn, c.RefColumns)
		e.str(string(c.OnDelete))
		e.str(string(c.OnUpdate))
		e.bool(c.NotValid)
		e.bool(c.Inherited)
		put(e, kIndex, c.index)
		put(e, kIndex, c.refIndex)
		e.stmt(c.Stmt)
		e.int(int(c.at))
		e.int(int(c.limit))
	case kIndex:
		idx := p.(*Index)
		e.str(idx.Name)
		e.bool(idx.Columns != nil)
		e.strs(idx.Columns)
		e.bool(idx.Unique)
		put(e, kTable, idx.Table)
		put(e, kConstraint, idx.Constraint)
		e.bool(idx.Partial)
		putAll(e, kColumn, idx.cols)
		putAll(e, kColumn, idx.deps)
	}
}

type ckDecoder struct {
	data      []byte
	files     []*parser.File
	following int // files replayed after these, at most as many
	err       error
	strTable  []string
	links     []stmtLink

	schemas     []*Schema
	tables      []*Table
	cols        []*Column
	constraints []*Constraint
	idxs        []*Index
}

var (
	errCheckpoint = errors.New("schema: bad checkpoint")
	errForeign    = errors.New("schema: checkpoint of a statement outside the replayed files")
)

// stmtLink is a statement that dst points at: file's i-th.
type stmtLink struct {
	dst     **parser.Statement
	file, i int
}

func (d *ckDecoder) fail() {
	if d.err == nil {
		d.err = errCheckpoint
	}
	d.data = nil
}

func (d *ckDecoder) uint() int {
	v, n := binary.Uvarint(d.data)
	if n <= 0 || v > math.MaxInt32 {
		d.fail()
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

func (d *ckDecoder) int() int {
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

func (d *ckDecoder) bool() bool { return d.uint() != 0 }

// str reads a string, which points into the checkpoint (see
// DecodeCheckpoint): most of a checkpoint is names, and a string each was a
// fifth of reading it.
func (d *ckDecoder) str() string {
	n := d.uint()
	if n > len(d.data) {
		d.fail()
		return ""
	}
	s := unsafe.String(unsafe.SliceData(d.data), n)
	d.data = d.data[n:]
	return s
}

func (d *ckDecoder) word() string {
	n := d.uint()
	if n >= len(d.strTable) {
		d.fail()
		return ""
	}
	return d.strTable[n]
}

// readStrTable reads the table that str numbers strings in.
func (d *ckDecoder) readStrTable() {
	n := d.uint()
	if n > len(d.data) {
		d.fail()
		return
	}
	d.strTable = make([]string, n)
	for i := range d.strTable {
		l := d.uint()
		if l > len(d.data) {
			d.fail()
			return
		}
		d.strTable[i] = unsafe.String(unsafe.SliceData(d.data), l)
		d.data = d.data[l:]
	}
}

func (d *ckDecoder) strs() []string {
	n := d.uint()
	if n > len(d.data) {
		d.fail()
		return nil
	}
	var out []string
	for range n {
		out = append(out, d.str())
	}
	return out
}

// ref reads an object number of a kind made beforehand; 0 is nil.
func ref[T any](d *ckDecoder, l []*T) *T {
	n := d.uint()
	if n > len(l) {
		d.fail()
		return nil
	}
	if n == 0 {
		return nil
	}
	return l[n-1]
}

func refs[T any](d *ckDecoder, l []*T) []*T {
	n := d.uint()
	if n > len(d.data) {
		d.fail()
		return nil
	}
	var out []*T
	for range n {
		out = append(out, ref(d, l))
	}
	return out
}

// stmt reads a statement that *dst is to point at once the files'
// statements are decoded (see DecodedCheckpoint.Resume).
func (d *ckDecoder) stmt(dst **parser.Statement) {
	fi := d.uint()
	if fi == 0 {
		return
	}
	i := d.uint()
	if fi > len(d.files) {
		d.fail()
		return
	}
	d.links = append(d.links, stmtLink{dst, fi - 1, i})
}

// made returns a slice of as many Ts as d reads, nil for none.
func made[T any](d *ckDecoder) []T {
	n := d.uint()
	if n == 0 || n > len(d.data) {
		if n > 0 {
			d.fail()
		}
		return nil
	}
	return make([]T, n)
}

func (d *ckDecoder) span() parser.Span {
	var sp parser.Span
	if fi := d.uint(); fi > len(d.files) {
		d.fail()
	} else if fi > 0 {
		sp.File = d.files[fi-1]
	}
	sp.Start, sp.End = d.int(), d.int()
	return sp
}

// sized reads how many entries follow, and the size to make their map: a
// map grown entry by entry rehashes its entries each time it grows, and a
// damaged count must not ask for more than the data left could hold; the
// files replayed after the checkpoint add entries at the rate these did.
func (d *ckDecoder) sized() (n, size int) {
	n = d.uint()
	size = min(n, len(d.data))
	if len(d.files) > 0 {
		size += size * d.following / len(d.files)
	}
	return n, size
}

func (d *ckDecoder) counts() map[string]int {
	n, size := d.sized()
	m := make(map[string]int, size)
	for ; n > 0 && d.err == nil; n-- {
		k := d.str()
		m[k] = d.int()
	}
	return m
}

func makeAll[T any](n int) []*T {
	out := make([]*T, n)
	backing := make([]T, n)
	for i := range out {
		out[i] = &backing[i]
	}
	return out
}

func (d *ckDecoder) decode(r *replayer) {
	data := d.data
	if len(data) < len(checkpointMagic)+12 || string(data[:len(checkpointMagic)]) != checkpointMagic {
		d.fail()
		return
	}
	data = data[:len(data)-4]
	if crc32.Checksum(data, ckCRC()) != binary.LittleEndian.Uint32(d.data[len(data):]) {
		d.fail()
		return
	}
	at := binary.LittleEndian.Uint64(data[len(data)-8:])
	if at < uint64(len(checkpointMagic)) || at > uint64(len(data)-8) {
		d.fail()
		return
	}
	d.data = data[at : len(data)-8]
	var n [kinds]int
	for k := range kinds {
		if n[k] = d.uint(); n[k] > len(data) {
			d.fail()
			return
		}
	}
	d.readStrTable()
	if d.err != nil || len(d.data) > 0 {
		d.fail()
		return
	}
	d.data = data[len(checkpointMagic):at]
	d.schemas, d.tables, d.cols = makeAll[Schema](n[kSchema]), makeAll[Table](n[kTable]), makeAll[Column](n[kColumn])
	d.constraints, d.idxs = makeAll[Constraint](n[kConstraint]), makeAll[Index](n[kIndex])

	r.cat.schemas = map[string]*Schema{}
	for k := d.uint(); k > 0 && d.err == nil; k-- {
		name := d.str()
		r.cat.schemas[name] = ref(d, d.schemas)
	}
	r.cat.searchPath = d.strs()
	r.opaque = d.strs()
	// Made to size: their statements are set later, through pointers
	// into them (see stmt).
	r.added = made[AddedColumn](d)
	for k := range r.added {
		a := &r.added[k]
		d.stmt(&a.Stmt)
		a.Schema, a.Table, a.Column = d.str(), d.str(), d.str()
		a.Location = int32(d.int())
	}
	r.events = made[Event](d)
	for k := range r.events {
		ev := &r.events[k]
		ev.Kind = EventKind(d.uint())
		d.stmt(&ev.Stmt)
		ev.Span, ev.Msg, ev.Name, ev.Table = d.span(), d.str(), d.str(), ref(d, d.tables)
		if d.bool() {
			ev.Constraints = []Snapshot{}
		}
		for j := d.uint(); j > 0 && d.err == nil; j-- {
			s := Snapshot{Name: d.str(), Type: ConstraintType(d.str()), Columns: d.strs(), RefTable: ref(d, d.tables), Def: d.str(), Decl: d.span()}
			ev.Constraints = append(ev.Constraints, s)
		}
	}
	var seen [kinds][]bool
	var left int
	for k := range kinds {
		seen[k] = make([]bool, n[k])
		left += n[k]
	}
	for d.err == nil && len(d.data) > 0 {
		kind, id := d.uint(), d.uint()
		if kind >= kinds || id < 1 || id > n[kind] || seen[kind][id-1] {
			d.fail()
			break
		}
		seen[kind][id-1] = true
		left--
		d.object(kind, id-1)
	}
	if left != 0 {
		d.fail()
	}
}

func (d *ckDecoder) object(kind, i int) {
	switch kind {
	case kSchema:
		s := d.schemas[i]
		s.Name = d.str()
		k, size := d.sized()
		s.tables = make(map[string]*Table, size)
		for ; k > 0 && d.err == nil; k-- {
			name := d.str()
			s.tables[name] = ref(d, d.tables)
		}
		s.relations = d.counts()
		s.conNames = d.counts()
		k, size = d.sized()
		s.indexes = make(map[string][]*Index, size)
		for ; k > 0 && d.err == nil; k-- {
			name := d.str()
			s.indexes[name] = refs(d, d.idxs)
		}
	case kTable:
		t := d.tables[i]
		t.Schema = ref(d, d.schemas)
		t.Name = d.str()
		t.Columns = refs(d, d.cols)
		t.Constraints = refs(d, d.constraints)
		t.Indexes = refs(d, d.idxs)
		t.Opaque = d.bool()
		d.stmt(&t.Stmt)
		t.at = int32(d.int())
		for _, c := range refs(d, d.constraints) {
			t.refBy.add(c)
		}
		t.sequences = d.strs()
		for k := d.uint(); k > 0 && d.err == nil; k-- {
			name := d.str()
			t.defs = append(t.defs, columnDef{name, int32(d.int())})
		}
	case kColumn:
		c := d.cols[i]
		c.Name, c.Type = d.word(), d.word()
		c.NotNull, c.HasDefault = d.bool(), d.bool()
	case kConstraint:
		c := d.constraints[i]
		c.Name = d.str()
		c.Type = ConstraintType(d.str())
		c.Table = ref(d, d.tables)
		c.Columns = refs(d, d.cols)
		c.RefTable = ref(d, d.tables)
		hasRef := d.bool()
		c.RefColumns = refs(d, d.cols)
		if hasRef && c.RefColumns == nil {
			c.RefColumns = []*Column{}
		}
		c.OnDelete, c.OnUpdate = Action(d.str()), Action(d.str())
		c.NotValid, c.Inherited = d.bool(), d.bool()
		c.index, c.refIndex = ref(d, d.idxs), ref(d, d.idxs)
		d.stmt(&c.Stmt)
		c.at, c.limit = int32(d.int()), int32(d.int())
	case kIndex:
		idx := d.idxs[i]
		idx.Name = d.str()
		hasCols := d.bool()
		idx.Columns = d.strs()
		if hasCols && idx.Columns == nil {
			idx.Columns = []string{}
		}
		idx.Unique = d.bool()
		idx.Table = ref(d, d.tables)
		idx.Constraint = ref(d, d.constraints)
		idx.Partial = d.bool()
		idx.cols = refs(d, d.cols)
		idx.deps = refs(d, d.cols)
	}
}
