package lint

import (
	"encoding/binary"
	"errors"
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

func (x fileIndex) Known(root string) map[string]parser.Known {
	data, ok := x.c.Get(x.key(root))
	if !ok {
		return nil
	}
	known, err := decodeIndex(data)
	if err != nil {
		return nil
	}
	return known
}

func (x fileIndex) Remember(root string, files map[string]parser.Known) {
	x.c.Put(x.key(root), encodeIndex(files))
}

const indexMagic = "MGLI1\n"

// encodeIndex serializes files in the order of their paths, so that the
// same files make the same bytes.
func encodeIndex(files map[string]parser.Known) []byte {
	rels := make([]string, 0, len(files))
	for rel := range files {
		rels = append(rels, rel)
	}
	slices.Sort(rels)
	b := make([]byte, 0, len(indexMagic)+len(files)*96)
	b = append(b, indexMagic...)
	b = binary.AppendUvarint(b, uint64(len(files)))
	for _, rel := range rels {
		k := files[rel]
		b = appendString(b, rel)
		for _, v := range []uint64{k.State.Dev, k.State.Ino, k.State.Size, uint64(k.State.Mtime), uint64(k.State.Ctime), uint64(k.Marks)} {
			b = binary.AppendUvarint(b, v)
		}
		b = append(b, k.Digest[:]...)
	}
	return b
}

var errBadIndex = errors.New("malformed file index")

func decodeIndex(data []byte) (map[string]parser.Known, error) {
	if !strings.HasPrefix(string(data), indexMagic) {
		return nil, errBadIndex
	}
	d := runDecoder{data: data[len(indexMagic):]}
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		return nil, errBadIndex
	}
	files := make(map[string]parser.Known, n)
	for range n {
		rel := d.string()
		var k parser.Known
		k.State.Dev, k.State.Ino, k.State.Size = d.uvarint(), d.uvarint(), d.uvarint()
		k.State.Mtime, k.State.Ctime = int64(d.uvarint()), int64(d.uvarint())
		marks := d.uvarint()
		if d.bad || marks > 0xff || len(d.data) < len(k.Digest) {
			return nil, errBadIndex
		}
		k.Marks = uint8(marks)
		d.data = d.data[copy(k.Digest[:], d.data):]
		files[rel] = k
	}
	if len(d.data) > 0 {
		return nil, errBadIndex
	}
	return files, nil
}
