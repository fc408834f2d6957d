package lint

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/parser"
)

// fileIndex is a parser.Index kept in the cache: an entry per directory,
// replaced whenever what the directory holds changes. Unlike the cache's
// other entries it is not named by what it was computed from, but each of
// its records is only used when the file's state still matches it.
type fileIndex struct{ c *cache.Cache }

func (x fileIndex) key(root string) cache.Key { return cache.NewKey("files", buildID(), absPath(root)) }

func (x fileIndex) Known(root string) *parser.Listing {
	data, ok := x.c.Get(x.key(root))
	if !ok {
		return nil
	}
	l, err := decodeIndex(data)
	if err != nil {
		return nil
	}
	return l
}

func (x fileIndex) Remember(root string, l *parser.Listing) {
	x.c.Put(x.key(root), encodeIndex(l))
}

const indexMagic = "MGLI2\n"

// encodeIndex serializes l in the order of its paths, so that the same
// listing makes the same bytes.
func encodeIndex(l *parser.Listing) []byte {
	b := make([]byte, 0, len(indexMagic)+len(l.Files)*96+len(l.Dirs)*64)
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, uint64(len(l.Files)))
	for _, rel := range slices.Sorted(maps.Keys(l.Files)) {
		k := l.Files[rel]
		b = appendString(b, rel)
		b = appendState(b, k.State)
		b = binary.AppendUvarint(b, uint64(k.Marks))
		b = append(b, k.Digest[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(l.Dirs)))
	for _, rel := range slices.Sorted(maps.Keys(l.Dirs)) {
		d := l.Dirs[rel]
		b = appendString(b, rel)
		b = appendState(b, d.State)
		b = binary.AppendUvarint(b, uint64(len(d.Entries)))
		for _, e := range d.Entries {
			b = appendString(b, e)
		}
	}
	return b
}

func appendState(b []byte, st parser.FileState) []byte {
	for _, v := range []uint64{st.Dev, st.Ino, st.Size, uint64(st.Mtime), uint64(st.Ctime)} {
		b = binary.AppendUvarint(b, v)
	}
	return b
}

var errBadIndex = errors.New("malformed file index")

func decodeIndex(data []byte) (*parser.Listing, error) {
	if !strings.HasPrefix(string(data), indexMagic) {
		return nil, errBadIndex
	}
	d := runDecoder{data: data[len(indexMagic):]}
	state := func() parser.FileState {
		return parser.FileState{Dev: d.uvarint(), Ino: d.uvarint(), Size: d.uvarint(), Mtime: int64(d.uvarint()), Ctime: int64(d.uvarint())}
	}
	// Each record takes a byte at least.
	count := func() uint64 {
		n := d.uvarint()
		if n > uint64(len(d.data)) {
			d.bad = true
			return 0
		}
		return n
	}
	l := &parser.Listing{}
	n := count()
	l.Files = make(map[string]parser.Known, n)
	for range n {
		rel := d.string()
		k := parser.Known{State: state()}
		marks := d.uvarint()
		if d.bad || marks > 0xff || len(d.data) < len(k.Digest) {
			return nil, errBadIndex
		}
		k.Marks = uint8(marks)
		d.data = d.data[copy(k.Digest[:], d.data):]
		l.Files[rel] = k
	}
	n = count()
	l.Dirs = make(map[string]parser.Dir, n)
	for range n {
		rel := d.string()
		dir := parser.Dir{State: state()}
		entries := count()
		for range entries {
			e := d.string()
			// An entry is a name in the directory: walked into, it must not
			// lead out of it.
			if name := strings.TrimSuffix(e, "/"); name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
				d.bad = true
			}
			dir.Entries = append(dir.Entries, e)
		}
		if d.bad {
			return nil, errBadIndex
		}
		l.Dirs[rel] = dir
	}
	if d.bad || len(d.data) > 0 {
		return nil, errBadIndex
	}
	return l, nil
}
