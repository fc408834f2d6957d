package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/miglint/miglint/parser"
)

// TestIndexEncoding round-trips a listing, and decodes every truncation of
// it and every single-byte change without a panic: a damaged index is
// refused, or read as some listing whose records the files' states must
// still match, and never lets the walk out of a folder.
func TestIndexEncoding(t *testing.T) {
	st := func(n uint64) parser.FileState {
		return parser.FileState{Dev: 2049, Ino: 1000 + n, Size: 10 * n, Mtime: 1_700_000_000_000_000_000 + int64(n), Ctime: -int64(n)}
	}
	l := &parser.Listing{
		Files: map[string]parser.Known{
			"m/001_a/up.sql": {State: st(1), Digest: [32]byte{1, 2, 3}, Marks: 1 | 128},
			"m/002_b/up.sql": {State: st(2), Digest: [32]byte{31: 9}},
		},
		Dirs: map[string]parser.Dir{
			".":       {State: st(3), Entries: []string{"m/"}},
			"m":       {State: st(4), Entries: []string{"001_a/", "002_b/"}},
			"m/001_a": {State: st(5), Entries: []string{"up.sql"}},
			"m/002_b": {State: st(6), Entries: []string{"up.sql"}},
		},
	}
	data := encodeIndex(l)
	got, err := decodeIndex(data)
	if err != nil || !reflect.DeepEqual(got, l) {
		t.Fatalf("round trip: %v\n%+v\nwant %+v", err, got, l)
	}
	if string(encodeIndex(got)) != string(data) {
		t.Fatal("the same listing encoded to other bytes")
	}
	check := func(what string, b []byte) {
		t.Helper()
		l, err := decodeIndex(b)
		if err != nil {
			return
		}
		for rel, d := range l.Dirs {
			for _, e := range d.Entries {
				if name := strings.TrimSuffix(e, "/"); name == "" || name == "." || name == ".." || strings.Contains(name, "/") {
					t.Fatalf("%s: folder %q has entry %q", what, rel, e)
				}
			}
		}
	}
	for n := range len(data) {
		if _, err := decodeIndex(data[:n]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	for i := range data {
		for _, b := range []byte{0, 1, '/', '.', 0x7f, 0x80, 0xff, data[i] ^ 0x20} {
			damaged := append([]byte(nil), data...)
			damaged[i] = b
			check(fmt.Sprintf("byte %d set to %#x", i, b), damaged)
		}
	}
	bad := encodeIndex(&parser.Listing{Dirs: map[string]parser.Dir{".": {State: st(1), Entries: []string{"../"}}}})
	if _, err := decodeIndex(bad); err == nil {
		t.Error("an entry leading out of its folder was accepted")
	}
}
