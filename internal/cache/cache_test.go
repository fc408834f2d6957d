package cache

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestKeysSeparateParts(t *testing.T) {
	if NewKey("ab", "c") == NewKey("a", "bc") || NewKey("a") == NewKey("a", "") {
		t.Error("different parts give the same key")
	}
	if a, b := NewKey("a", "b"), NewKey("a", "b"); a != b {
		t.Error("the same parts give different keys")
	}
	// Each part is hashed after its length in decimal and a colon.
	if got, want := NewKey("ab", "", strings.Repeat("x", 12)), Key(sha256.Sum256([]byte("2:ab0:12:xxxxxxxxxxxx"))); got != want {
		t.Errorf("key %v, want %v", got, want)
	}
}

func TestGetPut(t *testing.T) {
	c := Open(filepath.Join(t.TempDir(), "c")) // created on first write
	k := NewKey("x")
	if _, ok := c.Get(k); ok {
		t.Fatal("empty cache has an entry")
	}
	c.Put(k, []byte("hello"))
	if data, ok := c.Get(k); !ok || string(data) != "hello" {
		t.Fatalf("Get = %q, %v", data, ok)
	}
}

// TestConcurrentWriters: runs writing the same entries at once never let a
// reader see part of one.
func TestPutFunc(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	k := NewKey("streamed")
	c.PutFunc(k, func(w io.Writer) error {
		for i := range 3 {
			if _, err := fmt.Fprintf(w, "part %d;", i); err != nil {
				return err
			}
		}
		return nil
	})
	if data, ok := c.Get(k); !ok || string(data) != "part 0;part 1;part 2;" {
		t.Fatalf("Get = %q, %v", data, ok)
	}
	// A writer that fails half way stores nothing, and leaves no file.
	bad := NewKey("failed")
	c.PutFunc(bad, func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return errors.New("encoding failed")
	})
	if data, ok := c.Get(bad); ok {
		t.Fatalf("a failed write was stored: %q", data)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*", ".tmp-*"))
	if len(matches) > 0 {
		t.Fatalf("temporary files left: %v", matches)
	}
}

func TestConcurrentWriters(t *testing.T) {
	c := Open(t.TempDir())
	value := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 1<<16+i) }
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				k := NewKey(fmt.Sprint(i))
				if w%2 == 0 {
					c.Put(k, value(i))
				} else if data, ok := c.Get(k); ok && !bytes.Equal(data, value(i)) {
					t.Errorf("entry %d read half written: %d bytes", i, len(data))
				}
			}
		})
	}
	wg.Wait()
	for i := range 20 {
		if data, ok := c.Get(NewKey(fmt.Sprint(i))); !ok || !bytes.Equal(data, value(i)) {
			t.Errorf("entry %d: %d bytes, %v", i, len(data), ok)
		}
	}
}

func TestPack(t *testing.T) {
	c := Open(t.TempDir())
	name := NewKey("pack")
	if c.OpenPack(name) != nil {
		t.Fatal("a pack that was never written opens")
	}
	w := c.NewPack(name)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() { w.Add(NewKey(fmt.Sprint(i)), []byte(fmt.Sprint("entry ", i))) })
	}
	wg.Wait()
	// Until committed, readers see no pack.
	if c.OpenPack(name) != nil {
		t.Fatal("an uncommitted pack opens")
	}
	w.Commit()
	p := c.OpenPack(name)
	if p == nil {
		t.Fatal("committed pack does not open")
	}
	defer p.Close()
	for i := range 50 {
		if data, ok := p.Get(NewKey(fmt.Sprint(i)), nil); !ok || string(data) != fmt.Sprint("entry ", i) {
			t.Errorf("entry %d = %q, %v", i, data, ok)
		}
	}
	// Read into one buffer, each entry comes whole and alone, in the
	// buffer when it holds the entry.
	var buf []byte
	for i := 49; i >= 0; i-- {
		data, ok := p.Get(NewKey(fmt.Sprint(i)), buf)
		if !ok || string(data) != fmt.Sprint("entry ", i) {
			t.Errorf("entry %d read into a used buffer = %q, %v", i, data, ok)
		}
		if buf != nil && &data[0] != &buf[:1][0] {
			t.Errorf("entry %d: read into a new slice, though the buffer given holds it", i)
		}
		buf = data
	}
	if p.Has(NewKey("other")) {
		t.Error("pack has an entry never added")
	}

	// A damaged pack is no pack.
	path := c.path(name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 3, len(data) / 2, len(data) - 1} {
		if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		if c.OpenPack(name) != nil {
			t.Errorf("pack cut at %d of %d bytes opens", cut, len(data))
		}
	}
}

func TestTrimEvictsLeastRecentlyUsed(t *testing.T) {
	c := Open(t.TempDir())
	old := time.Now().Add(-48 * time.Hour)
	for i := range 10 {
		k := NewKey(fmt.Sprint(i))
		c.Put(k, make([]byte, 1000))
		// Entry i was last used i hours after the oldest.
		when := old.Add(time.Duration(i) * time.Hour)
		if err := os.Chtimes(c.path(k), when, when); err != nil {
			t.Fatal(err)
		}
	}
	// Reading entry 0 makes it the most recently used.
	if _, ok := c.Get(NewKey("0")); !ok {
		t.Fatal("entry 0 missing")
	}
	if err := c.Trim(8000); err != nil {
		t.Fatal(err)
	}
	var kept []int
	for i := range 10 {
		if _, err := os.Stat(c.path(NewKey(fmt.Sprint(i)))); err == nil {
			kept = append(kept, i)
		}
	}
	// Down to 3/4 of 8000 bytes: six entries, the most recently used.
	if fmt.Sprint(kept) != "[0 5 6 7 8 9]" {
		t.Errorf("kept %v, want [0 5 6 7 8 9]", kept)
	}
}

func TestCleanRemovesOnlyEntries(t *testing.T) {
	dir := t.TempDir()
	c := Open(dir)
	c.Put(NewKey("x"), []byte("x"))
	c.NewPack(NewKey("p")).Commit()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Clean(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "notes.txt" {
		t.Errorf("after Clean: %v, want only notes.txt", entries)
	}
	// A cache directory with nothing else goes; one that does not exist
	// is clean already.
	only := filepath.Join(t.TempDir(), "c")
	Open(only).Put(NewKey("x"), nil)
	if err := Clean(only); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(only); !os.IsNotExist(err) {
		t.Errorf("cache directory left behind: %v", err)
	}
	if err := Clean(only); err != nil {
		t.Errorf("cleaning a missing cache: %v", err)
	}
}
