package parser

import (
	"crypto/sha256"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// memIndex is an Index in memory that counts what it is told.
type memIndex struct {
	known      map[string]*Listing
	remembered int
}

func (x *memIndex) Known(root string) *Listing { return x.known[root] }

func (x *memIndex) Remember(root string, l *Listing) {
	x.known[root] = l
	x.remembered++
}

// TestIndex loads a directory with an Index, again and again: files whose
// state has not changed are not read, yet are what reading them gives (their
// length, digest, convention and suppression comments too); a
// file rewritten, even to the same size with its modification time set
// back, is read again; one rewritten once loaded is caught by Fetch; files
// written less than settle ago are not remembered.
func TestIndex(t *testing.T) {
	defer func(old time.Duration) { settle = old }(settle)
	settle = -time.Hour // every file has settled

	dir := t.TempDir()
	srcs := map[string]string{
		"20240101_a.sql": "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY a_i ON a (id);\n",
		"20240102_b.sql": "-- +goose Up\nCREATE TABLE b (id int);\n",
		"20240103_c.sql": "-- +goose Up\n-- miglint:ignore-file unused-ignore kept\nCREATE TABLE c (id int);\n",
	}
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, src := range srcs {
		write(name, src)
	}
	x := &memIndex{known: map[string]*Listing{}}
	load := func(overlay map[string]string) []*File {
		t.Helper()
		files, errs := LoadWith([]string{dir}, LoadOptions{Index: x, Overlay: overlay})
		if len(errs) > 0 || len(files) != len(srcs) {
			t.Fatalf("%d files, errors %v", len(files), errs)
		}
		return files
	}
	unread := func(files []*File) (n int) {
		for _, f := range files {
			if f.Unread() {
				n++
			}
		}
		return n
	}

	first := load(nil)
	if x.remembered != 1 || len(x.known[dir].Files) != len(srcs) || unread(first) != 0 {
		t.Fatalf("first load: remembered %d times, %d files, %d unread", x.remembered, len(x.known[dir].Files), unread(first))
	}
	for _, f := range first {
		k := x.known[dir].Files[filepath.Base(f.Path)]
		if k.Digest != sha256.Sum256([]byte(f.Src())) || f.Digest() != k.Digest || k.State.Size != uint64(f.Len()) {
			t.Errorf("%s: remembered %+v", f.Path, k)
		}
	}
	if first[0].Convention != Goose || !first[0].NoTransaction || first[1].NoTransaction {
		t.Fatalf("classified as %q, no transaction %v", first[0].Convention, first[0].NoTransaction)
	}

	second := load(nil)
	if x.remembered != 1 || unread(second) != len(srcs) {
		t.Fatalf("unchanged: remembered %d times, %d of %d files unread", x.remembered, unread(second), len(srcs))
	}
	for i, f := range second {
		was := first[i]
		if f.Path != was.Path || f.Len() != was.Len() || f.Digest() != was.Digest() || f.Convention != was.Convention ||
			f.Version != was.Version || f.NoTransaction != was.NoTransaction || f.Down != was.Down {
			t.Errorf("unread %s differs from what reading it gave", f.Path)
		}
		if f.HasIgnore() != was.HasIgnore() || f.HasIgnore() != (i == 2) {
			t.Errorf("%s: has miglint:ignore %v, want %v", f.Path, f.HasIgnore(), i == 2)
		}
		if !f.Unread() {
			t.Errorf("%s was read for its length, digest or comments", f.Path)
		}
		if f.Position(f.Len()) != was.Position(was.Len()) || f.Src() != was.Src() || f.Unread() {
			t.Errorf("%s: text %q, want %q", f.Path, f.Src(), was.Src())
		}
	}
	if !Fetch(second) {
		t.Error("Fetch: unchanged files reported changed")
	}

	// Same size, modification time set back: the change time still moved.
	b := filepath.Join(dir, "20240102_b.sql")
	old := x.known[dir].Files["20240102_b.sql"].State
	write("20240102_b.sql", "-- +goose Up\nCREATE TABLE B (id int);\n")
	mtime := time.Unix(0, old.Mtime)
	if err := os.Chtimes(b, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	third := load(nil)
	if third[1].Unread() || third[1].Src() != "-- +goose Up\nCREATE TABLE B (id int);\n" || unread(third) != 2 {
		t.Fatalf("after a rewrite of the same size: %d unread, text %q", unread(third), third[1].Src())
	}
	if x.remembered != 2 || x.known[dir].Files["20240102_b.sql"].State == old {
		t.Errorf("the rewritten file's new state was not remembered")
	}

	// Rewritten after Load, before its text was read.
	fourth := load(nil)
	write("20240103_c.sql", strings.Replace(srcs["20240103_c.sql"], "TABLE c", "TABLE C", 1))
	if Fetch(fourth) {
		t.Error("Fetch missed a file rewritten once loaded")
	}
	if fourth[2].Src() != strings.Replace(srcs["20240103_c.sql"], "TABLE c", "TABLE C", 1) {
		t.Errorf("rewritten file read as %q", fourth[2].Src())
	}

	// An editor's buffer: the disk's file is not looked at, and what is
	// remembered of it stays.
	load(nil) // learns c's new state
	before := x.remembered
	buffered := load(map[string]string{b: "-- +goose Up\nSELECT 1;\n"})
	if buffered[1].Src() != "-- +goose Up\nSELECT 1;\n" || buffered[1].Unread() || x.remembered != before {
		t.Errorf("buffer: text %q, remembered %d times (was %d)", buffered[1].Src(), x.remembered, before)
	}
	if _, ok := x.known[dir].Files["20240102_b.sql"]; !ok {
		t.Error("the buffered file was forgotten")
	}

	// Written just now: not remembered until it settles.
	settle = time.Hour
	write("20240101_a.sql", srcs["20240101_a.sql"]+"-- edited\n")
	load(nil)
	if _, ok := x.known[dir].Files["20240101_a.sql"]; ok || len(x.known[dir].Files) != 2 {
		t.Errorf("a file written just now was remembered: %d files", len(x.known[dir].Files))
	}
}

// TestIndexDirs walks a tree of migration folders with an Index, changing
// it between walks: each walk finds what a walk without the Index finds,
// and the Index remembers the directories whose state it can trust.
func TestIndexDirs(t *testing.T) {
	defer func(old time.Duration) { settle = old }(settle)
	settle = -time.Hour // every file has settled

	dir := t.TempDir()
	write := func(rel string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("SELECT 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"m/2024-01-01-000001_a/up.sql", "m/2024-01-01-000001_a/down.sql",
		"m/2024-01-01-000002_b/up.sql", "m/.hidden/x.sql", "m/README.md"} {
		write(rel)
	}
	x := &memIndex{known: map[string]*Listing{}}
	walk := func(step string) *Listing {
		t.Helper()
		files, errs := LoadWith([]string{dir}, LoadOptions{Index: x})
		want, wantErrs := sqlFiles(dir, nil)
		var got []string
		for _, f := range files {
			rel, _ := filepath.Rel(dir, f.Path)
			got = append(got, filepath.ToSlash(rel))
		}
		if !slices.Equal(got, want) || len(errs) != len(wantErrs) {
			t.Fatalf("%s: walked %q (errors %v), want %q (errors %v)", step, got, errs, want, wantErrs)
		}
		return x.known[dir]
	}
	l := walk("first")
	if got := slices.Sorted(maps.Keys(l.Dirs)); !slices.Equal(got, []string{".", "m", "m/2024-01-01-000001_a", "m/2024-01-01-000002_b"}) {
		t.Fatalf("remembered directories %q", got)
	}
	if e := l.Dirs["m"].Entries; !slices.Equal(e, []string{"2024-01-01-000001_a/", "2024-01-01-000002_b/"}) {
		t.Fatalf("entries of m: %q", e)
	}
	if walk("unchanged"); x.remembered != 1 {
		t.Errorf("an unchanged tree was remembered again")
	}
	write("m/2024-01-01-000003_c/up.sql")
	walk("a folder added")
	write("m/2024-01-01-000001_a/extra.sql")
	walk("a file added to a remembered folder")
	if err := os.Remove(filepath.Join(dir, "m/2024-01-01-000002_b/up.sql")); err != nil {
		t.Fatal(err)
	}
	walk("a file removed")
	if err := os.Symlink(filepath.Join(dir, "m/2024-01-01-000003_c/up.sql"), filepath.Join(dir, "m/2024-01-01-000001_a/link.sql")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if l := walk("a symbolic link added"); l.Dirs["m/2024-01-01-000001_a"].Entries != nil {
		t.Errorf("a folder with a symbolic link was remembered")
	}
	walk("again")
}
