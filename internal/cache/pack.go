package cache

import (
	"bufio"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// A pack is one entry holding many: the parses of a history's files. On
// some file systems creating a file costs half a millisecond, as much as
// parsing a small migration, so a run writes one pack for all the files it
// parsed rather than a file each: what it read from the old pack and what
// it parsed. Layout: the entries' data, then an index of (key, offset,
// length), then the index's offset as 8 bytes.

const packMagic = "MGLK1\n"

// Pack is a pack opened for reading. Its entries are read as needed, so a
// large history's pack is never all in memory.
type Pack struct {
	f     *os.File
	index map[Key][2]int64 // offset, length
}

// OpenPack opens the pack named k, or returns nil when there is none or it
// is damaged.
func (c *Cache) OpenPack(k Key) *Pack {
	f, err := os.Open(c.path(k))
	if err != nil {
		return nil
	}
	p := &Pack{f: f}
	if err := p.readIndex(); err != nil {
		_ = f.Close()
		return nil
	}
	c.touch(c.path(k))
	return p
}

var errBadPack = errors.New("malformed pack")

func (p *Pack) readIndex() error {
	info, err := p.f.Stat()
	if err != nil {
		return err
	}
	size := info.Size()
	var trailer [8]byte
	if size < int64(len(packMagic)+len(trailer)) {
		return errBadPack
	}
	if _, err := p.f.ReadAt(trailer[:], size-8); err != nil {
		return err
	}
	at := int64(binary.LittleEndian.Uint64(trailer[:]))
	if at < int64(len(packMagic)) || at > size-8 {
		return errBadPack
	}
	buf := make([]byte, size-8-at)
	if _, err := p.f.ReadAt(buf, at); err != nil {
		return err
	}
	n, m := binary.Uvarint(buf)
	if m <= 0 || n > uint64(len(buf))/34 {
		return errBadPack
	}
	buf = buf[m:]
	p.index = make(map[Key][2]int64, n)
	for range n {
		if len(buf) < len(Key{}) {
			return errBadPack
		}
		var k Key
		copy(k[:], buf)
		buf = buf[len(k):]
		off, m1 := binary.Uvarint(buf)
		if m1 <= 0 {
			return errBadPack
		}
		length, m2 := binary.Uvarint(buf[m1:])
		if m2 <= 0 || off+length > uint64(at) || off < uint64(len(packMagic)) {
			return errBadPack
		}
		buf = buf[m1+m2:]
		p.index[k] = [2]int64{int64(off), int64(length)}
	}
	return nil
}

// Has reports whether the pack holds k.
func (p *Pack) Has(k Key) bool {
	if p == nil {
		return false
	}
	_, ok := p.index[k]
	return ok
}

// Get reads the entry k into buf, grown as needed (nil: a new slice). A
// reader that is done with an entry before it reads the next reuses its
// buffer: each entry allocated anew, an editor's run over 500 files
// touched 6 MB of fresh memory, a page fault per 4 kB.
func (p *Pack) Get(k Key, buf []byte) ([]byte, bool) {
	if p == nil {
		return nil, false
	}
	e, ok := p.index[k]
	if !ok {
		return nil, false
	}
	data := slices.Grow(buf[:0], int(e[1]))[:e[1]]
	if _, err := p.f.ReadAt(data, e[0]); err != nil {
		return nil, false
	}
	return data, true
}

// Close closes the pack.
func (p *Pack) Close() {
	if p != nil {
		_ = p.f.Close()
	}
}

// PackWriter writes a pack; Add is safe to call from several goroutines.
type PackWriter struct {
	c     *Cache
	k     Key
	mu    sync.Mutex
	f     *os.File
	bw    *bufio.Writer // a write per entry would cost a system call per file
	off   int64
	index []byte
	n     int
	err   error
}

// NewPack starts writing the pack named k; it replaces the old one, if
// any, on Commit. nil when the cache cannot be written.
func (c *Cache) NewPack(k Key) *PackWriter {
	c.trim.Do(c.maybeTrim)
	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return nil
	}
	if _, err := f.WriteString(packMagic); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil
	}
	return &PackWriter{c: c, k: k, f: f, bw: bufio.NewWriterSize(f, 256<<10), off: int64(len(packMagic))}
}

// Add appends the entry k.
func (w *PackWriter) Add(k Key, data []byte) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return
	}
	if _, w.err = w.bw.Write(data); w.err != nil {
		return
	}
	w.index = append(w.index, k[:]...)
	w.index = binary.AppendUvarint(w.index, uint64(w.off))
	w.index = binary.AppendUvarint(w.index, uint64(len(data)))
	w.off += int64(len(data))
	w.n++
}

// Commit writes the index and puts the pack in place.
func (w *PackWriter) Commit() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		b := binary.AppendUvarint(nil, uint64(w.n))
		b = append(b, w.index...)
		b = binary.LittleEndian.AppendUint64(b, uint64(w.off))
		if _, w.err = w.bw.Write(b); w.err == nil {
			w.err = w.bw.Flush()
		}
	}
	if cerr := w.f.Close(); w.err != nil || cerr != nil || os.Rename(w.f.Name(), w.c.path(w.k)) != nil {
		_ = os.Remove(w.f.Name())
	}
	w.err = errors.New("committed")
}
