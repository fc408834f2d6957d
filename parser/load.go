package parser

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// LoadOptions tune Load.
type LoadOptions struct {
	// Convention is the migration tool whose layout the directories follow;
	// empty or Auto detects it for each directory.
	Convention string
	// Exclude are glob patterns (path.Match syntax, slash-separated) of
	// files to leave out, matched against the path as reported and against
	// each of its trailing parts, so "*.seed.sql" and "legacy/*" both work.
	Exclude []string
	// Overlay maps file paths to contents read instead of the disk's, such
	// as an editor's unsaved buffer; a file not on disk yet joins the
	// directory that would hold it.
	Overlay map[string]string
	// Index, when set, spares reading the files and listing the
	// directories that have not changed since it remembered them (see
	// Index), and learns those that did; the files' digests are computed
	// as they are read.
	Index Index
}

// Load reads the migration files named by paths in replay order, detecting
// each directory's convention.
func Load(paths []string) ([]*File, []error) { return LoadWith(paths, LoadOptions{}) }

// LoadWith reads the migration files named by paths in replay order: paths
// in the order given; a directory's *.sql files, found recursively, in the
// order of its migration tool (natural version order unless the tool says
// otherwise). Problems reading a path are returned and the rest is still
// loaded. Files are not parsed.
func LoadWith(paths []string, opts LoadOptions) ([]*File, []error) {
	conv := opts.Convention
	if conv == "" {
		conv = Auto
	}
	ov := overlay{files: map[string]string{}, mem: &chunks{}}
	for p, src := range opts.Overlay {
		ov.files[absPath(p)] = src
	}
	var files []*File
	var errs []error
	for _, root := range paths {
		info, err := os.Stat(root)
		if _, ok := ov.files[absPath(root)]; ok && err != nil {
			err, info = nil, nil // a buffer not saved yet
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if info == nil || !info.IsDir() {
			f, err := ov.read(root, true)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			rel := filepath.ToSlash(filepath.Base(root))
			classify(f, rel, conv, contentMarks(rel, f.src))
			files = append(files, f)
			continue
		}
		if _, err := os.Stat(filepath.Join(root, "sqitch.plan")); err == nil && (conv == Auto || conv == Sqitch) {
			fs, sqErrs := sqitchFiles(root, ov)
			files, errs = append(files, excluded(fs, opts.Exclude)...), append(errs, sqErrs...)
			continue
		}
		rels, read, readErrs, walkErrs := ov.readTree(root, conv, opts.Index)
		errs = append(errs, walkErrs...)
		var dirFiles []*File
		var dirRels []string
		for i, rel := range rels {
			f, err := read[i], readErrs[i]
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if isExcluded(f.Path, opts.Exclude) {
				continue
			}
			dirFiles, dirRels = append(dirFiles, f), append(dirRels, rel)
		}
		// Sort first, so a duplicate version is reported on the later file.
		order := make([]int, len(dirFiles))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return VersionLess(dirFiles[order[a]].sortKey, dirFiles[order[b]].sortKey) })
		sorted, sortedRels := make([]*File, len(order)), make([]string, len(order))
		for i, k := range order {
			sorted[i], sortedRels[i] = dirFiles[k], dirRels[k]
		}
		checkVersions(sorted, sortedRels)
		files = append(files, sorted...)
	}
	return files, errs
}

func excluded(files []*File, patterns []string) []*File {
	var out []*File
	for _, f := range files {
		if !isExcluded(f.Path, patterns) {
			out = append(out, f)
		}
	}
	return out
}

func isExcluded(p string, patterns []string) bool {
	p = filepath.ToSlash(p)
	for _, pat := range patterns {
		for sub := p; ; {
			if ok, _ := path.Match(pat, sub); ok {
				return true
			}
			i := strings.IndexByte(sub, '/')
			if i < 0 {
				break
			}
			sub = sub[i+1:]
		}
	}
	return false
}

// overlay maps absolute paths to contents that replace the disk's; the
// disk's are read into mem.
type overlay struct {
	files map[string]string
	mem   *chunks
}

// chunks hands out the memory that files are read into from allocations of
// chunkSize: an allocation per file would round each up to a size class,
// 8% more than the contents on a history of 25 KB files.
type chunks struct {
	mu   sync.Mutex // files are read several at a time
	free []byte
}

const chunkSize = 1 << 20

func (c *chunks) take(n int) []byte {
	if n > chunkSize/16 {
		return make([]byte, n)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.free) < n {
		c.free = make([]byte, chunkSize)
	}
	b := c.free[:n:n]
	c.free = c.free[n:]
	return b
}

// read reads path from the overlay or the disk. Only a path named on the
// command line may be other than a regular file (a pipe, as <(cmd) gives):
// a FIFO or a device among migrations would block the run or never end. At
// most MaxFileSize+1 bytes are read; parsing reports a larger file.
func (ov overlay) read(path string, named bool) (*File, error) {
	if src, ok := ov.buffer(path); ok {
		return newFile(path, src), nil
	}
	f, _, _, err := ov.readStated(path, named)
	return f, err
}

// readFile reads path, a file found in a directory, from the overlay or the
// disk.
func (ov overlay) readFile(path string) (*File, error) { return ov.read(path, false) }

// readStated reads path from the disk (see read), with its state when
// stated (see Index).
func (ov overlay) readStated(path string, named bool) (f *File, st FileState, stated bool, err error) {
	b, st, stated, err := ov.readDisk(path, named)
	if err != nil {
		return nil, st, false, err
	}
	// The bytes are not written again: they become the string without a
	// copy, which would double a large history's memory while it loads.
	return newFile(path, unsafe.String(unsafe.SliceData(b), len(b))), st, stated, nil
}

// buffer returns the overlay's content for path, if it has one.
func (ov overlay) buffer(path string) (string, bool) {
	if len(ov.files) == 0 {
		return "", false
	}
	src, ok := ov.files[absPath(path)]
	return src, ok
}

// readRest reads fh to its end: a pipe named on the command line, or a file
// whose size the system does not tell (as in /proc).
func readRest(fh *os.File) ([]byte, error) {
	return io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
}

// readTree reads root's *.sql files (see sqlFiles) and the overlay's new
// ones under root, in sqlFiles' order, and classifies them under convention
// conv. A history has hundreds of small files, often a directory each, and
// system calls are most of loading: files are read several at a time, while
// the walk goes on, and classified as they are read (a search through each
// for markers). With index, a file unchanged since the index remembered it
// is not read (see Index), and the index learns what changed.
func (ov overlay) readTree(root, conv string, index Index) (rels []string, files []*File, errs, walkErrs []error) {
	was := &Listing{}
	var learnedDirs map[string]Dir
	if index != nil {
		if l := index.Known(root); l != nil {
			was = l
		}
		learnedDirs = map[string]Dir{}
	}
	known := was.Files
	now := time.Now()
	type read struct {
		f        *File
		err      error
		k        Known
		remember bool
	}
	load := func(rel string) read {
		path := filepath.Join(root, filepath.FromSlash(rel))
		k, isKnown := known[rel]
		src, buffered := ov.buffer(path)
		if isKnown && !buffered && k.State.Size > 0 && k.State.Size <= MaxFileSize {
			if st, ok := lstate(path, false); ok && st == k.State {
				f := newUnread(path, k)
				classify(f, rel, conv, k.Marks)
				return read{f: f, k: k, remember: true}
			}
		}
		var (
			f      *File
			st     FileState
			stated bool
			err    error
		)
		if buffered {
			f = newFile(path, src)
		} else {
			f, st, stated, err = ov.readStated(path, false)
		}
		if err != nil {
			return read{err: err}
		}
		marks := contentMarks(rel, f.src)
		classify(f, rel, conv, marks)
		r := read{f: f}
		switch {
		case index == nil:
		case stated && st.settled(now) && st.Size == uint64(f.size):
			if f.HasIgnore() {
				marks |= markIgnore
			}
			r.k, r.remember = Known{State: st, Digest: f.Digest(), Marks: marks}, true
		case buffered && isKnown:
			r.k, r.remember = k, true // the disk's file was not looked at
		default:
			f.Digest() // here, several at a time
		}
		return r
	}
	var mu sync.Mutex
	got := map[string]read{}
	found := make(chan string, 64)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for rel := range found {
				r := load(rel)
				mu.Lock()
				got[rel] = r
				mu.Unlock()
			}
		})
	}
	rels, walkErrs = walkTree(root, was.Dirs, learnedDirs, func(rel string) { found <- rel })
	close(found)
	wg.Wait()
	rels = ov.add(root, rels)
	files, errs = make([]*File, len(rels)), make([]error, len(rels))
	learned := map[string]Known{}
	for i, rel := range rels {
		r, ok := got[rel]
		if !ok { // a buffer not saved yet
			r = load(rel)
		}
		files[i], errs[i] = r.f, r.err
		if r.remember {
			learned[rel] = r.k
		}
	}
	if l := (&Listing{Files: learned, Dirs: learnedDirs}); index != nil && !was.equal(l) {
		index.Remember(root, l)
	}
	return rels, files, errs, walkErrs
}

// add returns rels with the overlay's .sql files under root that the disk
// does not have yet, as slash-separated paths relative to root.
func (ov overlay) add(root string, rels []string) []string {
	absRoot := absPath(root)
	have := map[string]bool{}
	for _, rel := range rels {
		have[rel] = true
	}
	var extra []string
	for p := range ov.files {
		rel, err := filepath.Rel(absRoot, p)
		if err != nil || strings.HasPrefix(rel, "..") || !strings.EqualFold(filepath.Ext(p), ".sql") {
			continue
		}
		if rel = filepath.ToSlash(rel); !have[rel] {
			extra = append(extra, rel)
		}
	}
	sort.Strings(extra)
	return append(rels, extra...)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

func newFile(path, src string) *File {
	f := NewFile(path, src)
	base := strings.ToLower(filepath.Base(path))
	f.Down = base == "down.sql" || strings.HasSuffix(base, ".down.sql")
	return f
}

// sqlFiles lists root's *.sql files as slash-separated relative paths in
// natural version order, telling found (if set) of each as the walk finds
// it. Hidden directories are skipped and symbolic links to directories are
// not followed, so a link loop cannot trap the walk.
func sqlFiles(root string, found func(rel string)) ([]string, []error) {
	return walkTree(root, nil, nil, found)
}

// walkTree is sqlFiles, with what an index remembers of root's directories
// (known, learned: see Dir) when learned is set.
func walkTree(root string, known, learned map[string]Dir, found func(rel string)) ([]string, []error) {
	info, err := os.Lstat(root)
	if err != nil {
		return nil, []error{err}
	}
	// A root that is a symbolic link to a directory: with a trailing
	// separator, the system resolves it.
	if info.Mode()&fs.ModeSymlink != 0 {
		root += string(filepath.Separator)
	}
	w := &walk{found: found, known: known, learned: learned, now: time.Now()}
	w.dir(root, ".")
	sort.Slice(w.rels, func(i, j int) bool { return VersionLess(w.rels[i], w.rels[j]) })
	return w.rels, w.errs
}

// A walk lists a tree's *.sql files in the order filepath.WalkDir would.
// A directory whose state has not changed since an index remembered it
// (creating, removing or renaming an entry changes it) is not read again:
// listing hundreds of directories was most of a re-run that finds its
// findings cached.
type walk struct {
	found          func(rel string)
	known, learned map[string]Dir
	now            time.Time
	rels           []string
	errs           []error
}

// dir walks the directory at path, rel from the root ("." for the root).
func (w *walk) dir(path, rel string) {
	entries, ok := w.remembered(path, rel)
	if !ok {
		if entries, ok = w.list(path, rel); !ok {
			return
		}
	}
	for _, e := range entries {
		r := e
		if rel != "." {
			r = rel + "/" + e
		}
		if sub, isDir := strings.CutSuffix(r, "/"); isDir {
			w.dir(filepath.Join(path, strings.TrimSuffix(e, "/")), sub)
			continue
		}
		w.rels = append(w.rels, r)
		if w.found != nil {
			w.found(r)
		}
	}
}

// remembered returns the entries of the directory at path, rel from the
// root, if the index knows it unchanged.
func (w *walk) remembered(path, rel string) ([]string, bool) {
	d, ok := w.known[rel]
	if !ok {
		return nil, false
	}
	if st, ok := lstate(path, true); !ok || st != d.State {
		return nil, false
	}
	w.learned[rel] = d
	return d.Entries, true
}

// list reads the entries of the directory at path, rel from the root, that
// the walk goes on with, and tells the index of them.
func (w *walk) list(path, rel string) ([]string, bool) {
	var st FileState
	keep := false
	if w.learned != nil {
		// Before reading: an entry added meanwhile changes the state.
		st, keep = lstate(path, true)
		keep = keep && st.settled(w.now)
	}
	des, err := os.ReadDir(path)
	if err != nil {
		w.errs = append(w.errs, err)
		return nil, false
	}
	entries := make([]string, 0, len(des))
	for _, d := range des {
		name := d.Name()
		switch {
		case d.IsDir():
			if !strings.HasPrefix(name, ".") {
				entries = append(entries, name+"/")
			}
		case !strings.EqualFold(filepath.Ext(name), ".sql"):
		case d.Type()&fs.ModeSymlink != 0:
			keep = false // what it points to may change with no trace here
			if info, err := os.Stat(filepath.Join(path, name)); err != nil || info.IsDir() {
				if err != nil {
					w.errs = append(w.errs, err)
				}
				continue
			}
			entries = append(entries, name)
		default:
			entries = append(entries, name)
		}
	}
	if keep {
		w.learned[rel] = Dir{State: st, Entries: entries}
	}
	return entries, true
}

// VersionLess orders slash-separated paths the way migration tools replay
// them: directory by directory, with runs of digits compared as numbers, so
// 9_x comes before 100_x and <timestamp>_name/up.sql orders by its folder.
func VersionLess(a, b string) bool {
	// Part by part, without splitting: a sort compares each path many times.
	x, y := a, b
	for {
		xp, xrest, xmore := strings.Cut(x, "/")
		yp, yrest, ymore := strings.Cut(y, "/")
		if c := naturalCompare(xp, yp); c != 0 {
			return c < 0
		}
		if !xmore || !ymore {
			if xmore != ymore {
				return ymore // fewer parts first
			}
			return a < b
		}
		x, y = xrest, yrest
	}
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			var na, nb string
			na, a = digits(a)
			nb, b = digits(b)
			na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digits(s string) (string, string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}
