package parser

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

const bom = "\uFEFF"

// File is one migration file. A file that Load knew unchanged from an
// Index is read on the first need of its text (Src, Slice, Position, ...).
type File struct {
	// Path is how the file is reported: the command-line argument joined with
	// the file's path inside it.
	Path string
	// src is the text (read by text when lazy is set); once Compact ran,
	// only the parts kept names, one after another.
	src  string
	kept []keptRange
	size int
	// Down files are parsed and syntax-checked but never replayed: down
	// and undo migrations, sqitch revert and verify scripts, and files a
	// migration tool would not run.
	Down  bool
	Stmts []*Statement

	// Convention is the migration tool whose naming the file follows ("" if
	// none) and Version its version under that convention.
	Convention string
	Version    string
	// NoTransaction records goose's -- +goose NO TRANSACTION.
	NoTransaction bool
	// Problems found on load: duplicate versions, unrecognized files.
	Problems []Problem

	sortKey string

	lines      sync.Once
	lineStarts []int32 // see starts; a file is far below 2 GB, and a history has millions

	trees *treeReader // what made the statements' trees, for DropTrees

	lazy       *unread // set when Load left the text unread (see Index)
	digestOnce sync.Once
	digest     [32]byte
	ignoreOnce sync.Once
	hasIgnore  bool
}

// NewFile makes a File of src without parsing it.
func NewFile(path, src string) *File {
	return &File{Path: path, src: src, size: len(src)}
}

// starts returns the offsets of f's lines, found on first need: most files
// of a run are never reported on (a warm run of lemmy reports on 11 of its
// 684), and finding the lines of every file as it loaded took a fifteenth
// of that run. Compact needs them before it drops text.
func (f *File) starts() []int32 {
	f.lines.Do(func() {
		src := f.text()
		f.lineStarts = make([]int32, 1, strings.Count(src, "\n")+1)
		for i := 0; ; {
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return
			}
			i += j + 1
			f.lineStarts = append(f.lineStarts, int32(i))
		}
	})
	return f.lineStarts
}

// Position is a 1-based line and column. Columns count Unicode characters
// (an invalid byte counts as one), so a column means the same in every format
// whatever the encoding of the identifiers before it.
type Position struct {
	Line, Column int
}

// Position converts a byte offset of the text to a line and column. A
// leading byte-order mark takes no column.
func (f *File) Position(off int) Position {
	off = max(0, min(off, f.size))
	line := f.lineOf(off)
	start := int(f.starts()[line])
	if line == 0 && f.hasBOM() && off >= len(bom) {
		start = len(bom)
	}
	return Position{Line: line + 1, Column: utf8.RuneCountInString(f.Slice(start, off)) + 1}
}

// Line returns the text of 1-based line n without its line ending.
func (f *File) Line(n int) string {
	starts := f.starts()
	if n < 1 || n > len(starts) {
		return ""
	}
	start, end := int(starts[n-1]), f.size
	if n < len(starts) {
		end = int(starts[n]) - 1
	}
	if n == 1 && f.hasBOM() {
		start += len(bom)
	}
	return strings.TrimSuffix(f.Slice(start, end), "\r")
}

// hasBOM reports whether the text starts with a byte-order mark (the first
// line is always kept).
func (f *File) hasBOM() bool { return strings.HasPrefix(f.Slice(0, min(len(bom), f.size)), bom) }

// Span is a byte range [Start, End) of a file.
type Span struct {
	File       *File
	Start, End int
}

// StartPos and EndPos are the span's ends as positions; EndPos is one
// character past the last one, as editors and SARIF expect.
func (s Span) StartPos() Position { return s.File.Position(s.Start) }
func (s Span) EndPos() Position   { return s.File.Position(s.End) }

// Text is the source text of the span.
func (s Span) Text() string { return s.File.Slice(s.Start, s.End) }

// Src is the file's text. After Compact, the parts it dropped read as
// spaces, and each call builds the whole text: read parts with Slice.
func (f *File) Src() string { return f.Slice(0, f.size) }

// Len is the length of the file's text in bytes.
func (f *File) Len() int { return f.size }

// Slice is the text of bytes [start, end). After Compact, the parts it
// dropped read as spaces, so that offsets and the lines kept stay as they
// were.
func (f *File) Slice(start, end int) string {
	if f.kept == nil {
		return f.text()[start:end]
	}
	i := sort.Search(len(f.kept), func(i int) bool { return int(f.kept[i].end) > start })
	if i < len(f.kept) && int(f.kept[i].start) <= start && end <= int(f.kept[i].end) {
		return f.kept[i].text(f.src, start, end)
	}
	b := []byte(strings.Repeat(" ", end-start))
	for ; i < len(f.kept) && int(f.kept[i].start) < end; i++ {
		k := f.kept[i]
		from, to := max(start, int(k.start)), min(end, int(k.end))
		copy(b[from-start:], k.text(f.src, from, to))
	}
	return string(b)
}

// keptRange is bytes [start, end) of a compacted file's text, at src[at:].
type keptRange struct{ start, end, at int32 }

// text is bytes [from, to) of the file's text, which lie in k, read from
// src, the compacted text.
func (k keptRange) text(src string, from, to int) string {
	at := int(k.at) + from - int(k.start)
	return src[at : at+to-from]
}

// Compact drops the text of f's lines that only lean statements without a
// tree occupy (data changes, grants, comments: most of a long history's
// bytes), which nothing reads once the file is replayed. It keeps the first
// line and every line of a statement that has a tree or a syntax error, so
// that the positions and lines of what rules report stay exact.
func (f *File) Compact() {
	if f.kept != nil {
		return
	}
	f.HasIgnore() // before the comments go
	starts := f.starts()
	var kept []keptRange
	keep := func(start, end int) {
		from := starts[f.lineOf(start)]
		to := int32(f.size)
		if l := f.lineOf(max(start, end-1)) + 1; l < len(starts) {
			to = starts[l]
		}
		if n := len(kept); n > 0 && kept[n-1].end >= from {
			kept[n-1].end = max(kept[n-1].end, to)
			return
		}
		kept = append(kept, keptRange{start: from, end: to})
	}
	keep(0, 0)
	for _, s := range f.Stmts {
		if s.Err != nil {
			keep(min(s.Start, s.Err.Span.Start), max(s.End, s.Err.Span.End))
		} else if !s.Lean || s.Node != nil {
			keep(s.Start, s.End)
		}
	}
	n := 0
	for i := range kept {
		kept[i].at = int32(n)
		n += int(kept[i].end - kept[i].start)
	}
	if n == f.size {
		return
	}
	// A Builder's String does not copy, as string(bytes) would: a third of
	// a large history's text is kept.
	var b strings.Builder
	b.Grow(n)
	for _, k := range kept {
		b.WriteString(f.src[k.start:k.end])
	}
	f.src, f.kept = b.String(), kept
}

// HasIgnore reports whether f's text holds "miglint:ignore", which starts a
// suppression comment (see package rules): a file an Index knows unchanged
// tells it without being read.
func (f *File) HasIgnore() bool {
	f.ignoreOnce.Do(func() { f.hasIgnore = strings.Contains(f.text(), "miglint:ignore") })
	return f.hasIgnore
}

// Compacted reports whether Compact dropped part of f's text.
func (f *File) Compacted() bool { return f.kept != nil }

// lineOf is the 0-based line of byte off.
func (f *File) lineOf(off int) int {
	starts := f.starts()
	return sort.Search(len(starts), func(i int) bool { return int(starts[i]) > off }) - 1
}
