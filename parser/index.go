package parser

import (
	"crypto/sha256"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// A run over an unchanged history needs the text of few of its files: those
// its cached findings point into. An Index remembers each file of a
// directory by its state (FileState), with a digest of its text and what
// its comments tell of its convention, so that Load need not read a file
// whose state has not changed since: the file's text is read when first
// needed, or by Fetch. It remembers each folder by its state too, with the
// entries the walk goes on with, so that a folder whose state has not
// changed is not listed again. Reading and hashing every file, and listing
// every folder, was most of such a run.
//
// A file's state changes whenever its content is written, and a folder's
// whenever an entry is created, removed or renamed: the change time is set
// by the system on every write and cannot be set back, unlike the
// modification time. As a file system stamps times at a coarse tick, a
// file written again within the tick of its last write could keep its
// state: a file or folder is remembered only once its last write is settle
// old, as the go command's test cache does.

// An Index keeps what Load learned of directories' files across runs.
type Index interface {
	// Known returns what was remembered of the tree at root, or nil.
	Known(root string) *Listing
	// Remember records the tree at root, when it differs from Known's.
	Remember(root string, l *Listing)
}

// A Listing is what an Index remembers of a tree: its files and
// directories by their slash-separated paths relative to its root ("."
// for the root).
type Listing struct {
	Files map[string]Known
	Dirs  map[string]Dir
}

// Dir is what an Index remembers of a directory: its state, and the
// entries a walk goes on with, in order: the names of its *.sql files and
// of the directories under it (these end in "/"). A directory that holds a
// symbolic link to a file is not remembered: the link's target may change
// with no trace in the directory.
type Dir struct {
	State   FileState
	Entries []string
}

// equal reports whether l and m hold the same.
func (l *Listing) equal(m *Listing) bool {
	return maps.Equal(l.Files, m.Files) && maps.EqualFunc(l.Dirs, m.Dirs, func(a, b Dir) bool {
		return a.State == b.State && slices.Equal(a.Entries, b.Entries)
	})
}

// Known is what an Index remembers of a file.
type Known struct {
	State  FileState
	Digest [sha256.Size]byte
	Marks  uint8 // see contentMarks, and markIgnore
}

// markIgnore is the mark of a text that holds "miglint:ignore" (see
// File.HasIgnore).
const markIgnore = 1 << 7

// FileState is what the system tells of a regular file or a directory that
// changes whenever its content is written.
type FileState struct {
	Dev, Ino, Size uint64
	Mtime, Ctime   int64 // nanoseconds since 1970
}

// settle is how old a file's last write must be for the file to be
// remembered (see Index).
var settle = 2 * time.Second

// settled reports whether s was last written settle before now.
func (s FileState) settled(now time.Time) bool {
	before := now.Add(-settle).UnixNano()
	return s.Mtime < before && s.Ctime < before
}

// unread is how a file known by its state gets its text: the first reader
// reads it (see File.text).
type unread struct {
	path  string
	state FileState
	once  sync.Once
	read  atomic.Bool
	stale bool // the file was no longer what state says
}

// newUnread makes the File of path, whose text, not read yet, is what k
// says.
func newUnread(path string, k Known) *File {
	f := newFile(path, "")
	f.size = int(k.State.Size)
	f.lazy = &unread{path: path, state: k.State}
	f.digestOnce.Do(func() { f.digest = k.Digest })
	f.ignoreOnce.Do(func() { f.hasIgnore = k.Marks&markIgnore != 0 })
	return f
}

// text reads f's text if Load left it unread. A file that changed since is
// marked stale (see Fetch), and its text made as long as f says, so that
// offsets into it stay valid.
func (f *File) text() string {
	if f.lazy == nil {
		return f.src
	}
	f.lazy.once.Do(func() {
		b, st, err := readState(f.lazy.path, f.size)
		f.lazy.stale = err != nil || st != f.lazy.state || len(b) != f.size
		if len(b) < f.size {
			b = append(b, make([]byte, f.size-len(b))...)
		}
		// Never written again: the string needs no copy.
		f.src = unsafe.String(unsafe.SliceData(b), f.size)
		f.lazy.read.Store(true)
	})
	return f.src
}

// Unread reports whether f's text has not been read yet: Load found the
// file unchanged since an Index remembered it, and nothing needed its text
// so far.
func (f *File) Unread() bool { return f.lazy != nil && !f.lazy.read.Load() }

// Changed reports whether f's text, read after Load left it unread, was
// not what its Index said: the file changed since. What was worked out
// from the Index (the file's digest, and anything cached under it) may not
// match it, and the caller should load the files again without the Index.
func (f *File) Changed() bool { return f.lazy != nil && f.lazy.read.Load() && f.lazy.stale }

// Fetch reads the text of files that Load left unread, several at a time,
// and reports whether each was what its Index said (see Changed).
func Fetch(files []*File) bool {
	var todo []*File
	for _, f := range files {
		if f.Unread() {
			todo = append(todo, f)
		}
	}
	next := make(chan *File)
	var wg sync.WaitGroup
	for range min(4, len(todo)) { // as Load reads
		wg.Go(func() {
			for f := range next {
				f.text()
			}
		})
	}
	for _, f := range todo {
		next <- f
	}
	close(next)
	wg.Wait()
	for _, f := range files {
		if f.Changed() {
			return false
		}
	}
	return true
}

// Digest is the SHA-256 of f's text as loaded. It is computed on first need,
// which must come before Compact.
func (f *File) Digest() [sha256.Size]byte {
	f.digestOnce.Do(func() {
		if f.kept != nil {
			panic("parser: Digest of a compacted file")
		}
		src := f.text()
		f.digest = sha256.Sum256(unsafe.Slice(unsafe.StringData(src), len(src)))
	})
	return f.digest
}
