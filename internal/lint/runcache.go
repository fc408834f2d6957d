package lint

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// A run's findings depend only on its files (their paths, order, what Load
// found about them, their parses) and on the options that configure rules,
// so they are cached under a key of all of these: a run over an unchanged
// history reads them back, with the number of statements its summary
// counts, and neither parses nor replays. The statements themselves are
// not kept: the findings' spans point into the files' text, and decoding a
// large history's statements would cost more than the rest of such a run.

// runKey is the key of the findings of a run over files with opts; keys are
// the files' parse keys.
func runKey(files []*parser.File, keys []cache.Key, opts Options, policies []rules.Policy, rs []*rules.Rule) cache.Key {
	parts := []string{"run", buildID(), opts.Dialect, opts.CockroachVersion, strings.Join(opts.OwnerColumns, "\x00")}
	for _, p := range policies {
		parts = append(parts, p.String())
	}
	parts = append(parts, "rules")
	for _, r := range rs {
		parts = append(parts, r.ID, r.Severity.String())
	}
	parts = append(parts, "files")
	for i, f := range files {
		parts = append(parts, f.Path, keys[i].String(), f.Convention, f.Version,
			strings.Repeat("d", boolInt(f.Down))+strings.Repeat("n", boolInt(f.NoTransaction)))
		for _, pr := range f.Problems {
			parts = append(parts, strconv.Itoa(int(pr.Kind)), pr.Msg)
		}
		parts = append(parts, "")
	}
	return cache.NewKey(parts...)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const runMagic = "MGLR2\n"

// encodeRun serializes diags, whose spans are in files, and the number of
// statements files hold.
func encodeRun(files []*parser.File, statements int, diags []rules.Diagnostic) []byte {
	index := make(map[*parser.File]uint64, len(files))
	for i, f := range files {
		index[f] = uint64(i)
	}
	span := func(b []byte, s parser.Span) []byte {
		b = binary.AppendUvarint(b, index[s.File])
		b = binary.AppendUvarint(b, uint64(s.Start))
		return binary.AppendUvarint(b, uint64(s.End))
	}
	// Sized up front: on a large history the entry is megabytes, written
	// when memory is at its highest, and growing it would copy it over and
	// over.
	size := len(runMagic) + 3*binary.MaxVarintLen64
	for _, d := range diags {
		size += 8*binary.MaxVarintLen64 + len(d.Rule) + len(d.Message) + len(d.Fix)
		for _, r := range d.Related {
			size += 4*binary.MaxVarintLen64 + len(r.Message)
		}
	}
	b := append(make([]byte, 0, size), runMagic...)
	b = binary.AppendUvarint(b, uint64(len(files)))
	b = binary.AppendUvarint(b, uint64(statements))
	b = binary.AppendUvarint(b, uint64(len(diags)))
	for _, d := range diags {
		b = appendString(b, d.Rule)
		b = binary.AppendUvarint(b, uint64(d.Severity))
		b = span(b, d.Span)
		b = appendString(b, d.Message)
		b = appendString(b, d.Fix)
		b = binary.AppendUvarint(b, uint64(len(d.Related)))
		for _, r := range d.Related {
			b = span(b, r.Span)
			b = appendString(b, r.Message)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errBadRun = errors.New("malformed cached run")

// decodeRun reads what encodeRun wrote for files: the findings and the
// number of statements.
func decodeRun(data []byte, files []*parser.File) (diags []rules.Diagnostic, statements int, err error) {
	if !strings.HasPrefix(string(data), runMagic) {
		return nil, 0, errBadRun
	}
	d := runDecoder{data: data[len(runMagic):]}
	if d.uvarint() != uint64(len(files)) {
		return nil, 0, errBadRun
	}
	statements = int(d.uvarint())
	span := func() parser.Span {
		i, start, end := d.uvarint(), d.uvarint(), d.uvarint()
		if i >= uint64(len(files)) || start > end || end > uint64(files[i].Len()) {
			d.bad = true
			return parser.Span{}
		}
		return parser.Span{File: files[i], Start: int(start), End: int(end)}
	}
	n := d.uvarint()
	for range n {
		if d.bad {
			break
		}
		dg := rules.Diagnostic{Rule: d.string(), Severity: rules.Severity(d.uvarint()), Span: span(), Message: d.string(), Fix: d.string()}
		if dg.Severity > rules.Error {
			d.bad = true
		}
		for range d.uvarint() {
			if d.bad {
				break
			}
			dg.Related = append(dg.Related, rules.Related{Span: span(), Message: d.string()})
		}
		diags = append(diags, dg)
	}
	// A statement takes a character at least.
	if d.bad || len(d.data) > 0 || statements < 0 || statements > historyBytes(files) {
		return nil, 0, errBadRun
	}
	return diags, statements, nil
}

type runDecoder struct {
	data []byte
	bad  bool
}

func (d *runDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.bad, d.data = true, nil
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *runDecoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		d.bad, d.data = true, nil
		return ""
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	return s
}
