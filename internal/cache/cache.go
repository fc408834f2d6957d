// Package cache is miglint's on-disk cache: entries named by the hash of
// everything they were computed from, so an entry is either right or absent
// and is never invalidated, only evicted. Writers write a temporary file and
// rename it into place, so concurrent runs never see half an entry; when two
// write the same one, the last rename wins with the same bytes.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// DefaultMaxBytes bounds the cache's size unless MIGLINT_CACHE_SIZE (in
// megabytes) says otherwise.
const DefaultMaxBytes = 1 << 30

// trimEvery is how often a process that wrote entries walks the cache to
// evict: between two walks it can grow past its bound by what one minute of
// runs writes.
const trimEvery = time.Minute

// Cache is a directory of entries.
type Cache struct {
	dir      string
	maxBytes int64
	trim     sync.Once
}

// Key names an entry.
type Key [sha256.Size]byte

// NewKey hashes parts, each length-prefixed, so that no two lists of parts
// give the same key.
func NewKey(parts ...string) Key {
	h := sha256.New()
	var n [20]byte // a length's digits, without an allocation per part
	for _, p := range parts {
		h.Write(append(strconv.AppendInt(n[:0], int64(len(p)), 10), ':'))
		// Not copied: a file's whole source may be a part.
		h.Write(unsafe.Slice(unsafe.StringData(p), len(p)))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Dir is where the cache lives: $MIGLINT_CACHE_DIR, else miglint in the
// user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux).
func Dir() (string, error) {
	if d := os.Getenv("MIGLINT_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "miglint"), nil
}

// Open returns the cache at dir, which is created on the first write.
func Open(dir string) *Cache {
	limit := int64(DefaultMaxBytes)
	if mb, err := strconv.ParseInt(os.Getenv("MIGLINT_CACHE_SIZE"), 10, 64); err == nil && mb > 0 {
		limit = mb << 20
	}
	return &Cache{dir: dir, maxBytes: limit}
}

// Dir is the cache's directory.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, s[:2], s[2:])
}

// Get returns an entry, or false when there is none. An entry read more
// than an hour after its last use is touched, so that eviction takes the
// least recently used first without a write per read.
func (c *Cache) Get(k Key) ([]byte, bool) {
	p := c.path(k)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	c.touch(p)
	return data, true
}

// touch marks the entry at p used, if it was last marked over an hour ago.
func (c *Cache) touch(p string) {
	if info, err := os.Stat(p); err == nil && time.Since(info.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(p, now, now)
	}
}

// Put stores an entry. Failures are ignored: a cache that cannot be written
// only makes the next run slower. A process's first write evicts the least
// recently used entries if the cache has outgrown its bound (see
// maybeTrim).
func (c *Cache) Put(k Key, data []byte) {
	c.PutFunc(k, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// PutFunc is Put of what write writes, for an entry too large to hold in
// memory as a whole; nothing is stored if write fails.
func (c *Cache) PutFunc(k Key, write func(io.Writer) error) {
	c.trim.Do(c.maybeTrim)
	p := c.path(k)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	werr := write(f)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		_ = os.Remove(f.Name())
	}
}

// maybeTrim trims the cache to its bound unless some process did within
// the last minute: walking it costs a stat per entry.
func (c *Cache) maybeTrim() {
	mark := filepath.Join(c.dir, "trimmed")
	if info, err := os.Stat(mark); err == nil && time.Since(info.ModTime()) < trimEvery {
		return
	}
	if os.MkdirAll(c.dir, 0o755) != nil || os.WriteFile(mark, nil, 0o644) != nil {
		return
	}
	_ = c.Trim(c.maxBytes)
}

// Trim deletes entries, the least recently used first, when the cache holds
// more than limit bytes, down to three quarters of limit, so that the next
// runs do not each evict a little.
func (c *Cache) Trim(limit int64) error {
	type entry struct {
		path string
		size int64
		mod  time.Time
	}
	var entries []entry
	var total int64
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed by a concurrent run
			}
			return err
		}
		if d.IsDir() || filepath.Dir(filepath.Dir(p)) != filepath.Clean(c.dir) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") && time.Since(info.ModTime()) < time.Hour {
			return nil // being written
		}
		entries = append(entries, entry{p, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil || total <= limit {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].mod.Before(entries[j].mod) })
	for _, e := range entries {
		if total <= limit/4*3 {
			break
		}
		if os.Remove(e.path) == nil {
			total -= e.size
		}
	}
	return nil
}

// Clean deletes every entry of the cache at dir, and dir when nothing else
// is left in it: only what the cache wrote, should dir have been set to a
// directory that holds other files.
func Clean(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := hex.DecodeString(e.Name()); err == nil && len(e.Name()) == 2 && e.IsDir() || e.Name() == "trimmed" {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	_ = os.Remove(dir) // fails, harmlessly, when something else is there
	return nil
}
