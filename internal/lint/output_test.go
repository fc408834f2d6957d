package lint

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/cache"
)

// TestOutputKey: the key of a command's output changes with any file's
// contents, even with the same size and modification time, with a file
// added, with an option and with how it is printed; and there is none for
// a history never linted, files changed too recently to trust their times,
// an editor's buffer, or without a cache.
func TestOutputKey(t *testing.T) {
	defer func(s time.Duration) { settle = s }(settle)
	settle = 0
	dir := t.TempDir()
	hist := filepath.Join(dir, "h")
	if err := os.MkdirAll(filepath.Join(hist, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(rel, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(hist, rel), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("001_a.sql", "CREATE TABLE a (id int);\n")
	write("sub/002_b.sql", "CREATE TABLE b (id int);\n")
	opts := Options{Paths: []string{hist}, Cache: cache.Open(filepath.Join(dir, "cache")), FileMode: true}
	if _, ok := OutputKey(opts, "text"); ok {
		t.Error("a history this build never linted has a key")
	}
	res := Run(opts) // caches the history's parses
	key := func(o Options, render ...string) cache.Key {
		t.Helper()
		k, ok := OutputKey(o, render...)
		if !ok {
			t.Fatal("no key")
		}
		return k
	}
	first := key(opts, "text")
	if key(opts, "text") != first {
		t.Fatal("the same files and options give two keys")
	}
	// A run keeps its output under the key its files' stamps give as it
	// read them, which the next run finds from the system alone.
	if kept, ok := KeepKey(opts, res, time.Now(), "text"); !ok || kept != first {
		t.Fatalf("the run keeps its output under another key (%v)", ok)
	}
	keys := map[cache.Key]string{first: "first"}
	differs := func(what string, k cache.Key) {
		t.Helper()
		if prev, ok := keys[k]; ok {
			t.Errorf("%s: the key of %s", what, prev)
		}
		keys[k] = what
	}
	differs("another format", key(opts, "json"))
	o := opts
	o.OwnerColumns = []string{"owner_id"}
	differs("another owner column", key(o))

	p := filepath.Join(hist, "sub", "002_b.sql")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	write("sub/002_b.sql", "CREATE TABLE c (id int);\n")
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	differs("a file changed, same size and time", key(opts, "text"))
	write("003_c.sql", "SELECT 1;\n")
	differs("a file added", key(opts, "text"))

	settle = time.Hour
	if _, ok := OutputKey(opts, "text"); ok {
		t.Error("files changed just now have a key")
	}
	settle = 0
	o = opts
	o.Overlay = map[string]string{p: "SELECT 2;"}
	if _, ok := OutputKey(o, "text"); ok {
		t.Error("an editor's buffer has a key")
	}
	o = opts
	o.Cache = nil
	if _, ok := OutputKey(o, "text"); ok {
		t.Error("a run without cache has a key")
	}
}
