package parser

import (
	"sort"
	"strings"
	"unicode/utf8"
)

const bom = "\uFEFF"

// File is one migration file.
type File struct {
	// Path is how the file is reported: the command-line argument joined with
	// the file's path inside it.
	Path string
	Src  string
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

	lineStarts []int32 // offsets of the lines: a file is far below 2 GB, and a history has millions
}

// NewFile makes a File of src without parsing it.
func NewFile(path, src string) *File {
	f := &File{Path: path, Src: src, lineStarts: make([]int32, 1, strings.Count(src, "\n")+1)}
	for i := 0; ; {
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			return f
		}
		i += j + 1
		f.lineStarts = append(f.lineStarts, int32(i))
	}
}

// Position is a 1-based line and column. Columns count Unicode characters
// (an invalid byte counts as one), so a column means the same in every format
// whatever the encoding of the identifiers before it.
type Position struct {
	Line, Column int
}

// Position converts a byte offset of f.Src to a line and column. A leading
// byte-order mark takes no column.
func (f *File) Position(off int) Position {
	off = max(0, min(off, len(f.Src)))
	line := sort.Search(len(f.lineStarts), func(i int) bool { return int(f.lineStarts[i]) > off }) - 1
	start := int(f.lineStarts[line])
	if line == 0 && strings.HasPrefix(f.Src, bom) && off >= len(bom) {
		start = len(bom)
	}
	return Position{Line: line + 1, Column: utf8.RuneCountInString(f.Src[start:off]) + 1}
}

// Line returns the text of 1-based line n without its line ending.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lineStarts) {
		return ""
	}
	start, end := int(f.lineStarts[n-1]), len(f.Src)
	if n < len(f.lineStarts) {
		end = int(f.lineStarts[n]) - 1
	}
	if n == 1 {
		start += len(bom) * boolInt(strings.HasPrefix(f.Src, bom))
	}
	return strings.TrimSuffix(f.Src[start:end], "\r")
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

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
func (s Span) Text() string { return s.File.Src[s.Start:s.End] }
