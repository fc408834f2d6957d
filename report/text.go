package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/miglint/miglint/rules"
)

// Text writes diagnostics as path:line:col: severity: message [rule], each
// followed by its source line and a marker under the span, then a summary.
// Colour is used only when colored is true.
func Text(w io.Writer, diags []rules.Diagnostic, sum Summary, colored bool) error {
	paint := func(attrs ...color.Attribute) func(string) string {
		c := color.New(attrs...)
		if colored {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return func(s string) string { return c.Sprint(s) }
	}
	sev := map[rules.Severity]func(string) string{
		rules.Error:   paint(color.FgRed, color.Bold),
		rules.Warning: paint(color.FgYellow, color.Bold),
		rules.Info:    paint(color.FgCyan, color.Bold),
	}
	bold, faint, marker := paint(color.Bold), paint(color.Faint), paint(color.FgGreen)
	// Written a chunk at a time, rendered on every core: the report of a
	// large history is tens of megabytes.
	b := bufio.NewWriter(w)
	err := writeOrdered(b, len(diags), func(b *bytes.Buffer, from, to int) error {
		for _, d := range diags[from:to] {
			start, end := d.Span.StartPos(), d.Span.EndPos()
			fmt.Fprintf(b, "%s: %s: %s %s\n", bold(fmt.Sprintf("%s:%d:%d", oneLine(d.Span.File.Path), start.Line, start.Column)),
				sev[d.Severity](d.Severity.String()), oneLine(d.Message), faint("["+d.Rule+"]"))
			line := []rune(visible(d.Span.File.Line(start.Line)))
			width := len(line) - start.Column + 1
			if end.Line == start.Line {
				width = end.Column - start.Column
			}
			col := start.Column
			line, col, width = window(line, col, max(1, width))
			fmt.Fprintf(b, "    %s\n    %s%s\n", string(line), indent(line, col), marker("^"+strings.Repeat("~", width-1)))
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(b, sum.String())
	return b.Flush()
}

// maxShown is how many characters of a source line the text format shows.
const maxShown = 160

// window cuts a long source line to the part around the span, marking the
// cuts with "…", and returns the span's column and width in the cut line.
func window(line []rune, col, width int) ([]rune, int, int) {
	if len(line) <= maxShown {
		return line, col, width
	}
	from := max(0, min(col-1-maxShown/4, len(line)-maxShown))
	to := min(len(line), from+maxShown)
	cut := append([]rune(nil), line[from:to]...)
	col -= from
	if from > 0 {
		cut = append([]rune("…"), cut...)
		col++
	}
	if to < len(line) {
		cut = append(cut, '…')
	}
	return cut, col, max(1, min(width, len(cut)-col+1))
}

// indent reproduces line's leading characters up to column as blanks, keeping
// tabs, so the marker lines up under the span.
func indent(line []rune, column int) string {
	var b strings.Builder
	for i, r := range line {
		if i >= column-1 {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// oneLine keeps a path or message on its line, and the terminal's state as
// it was, whatever the file names and identifiers in it hold: line breaks
// and other control characters are written as Go escapes.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case isControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// visible replaces the control characters of a source line, but tabs, with
// U+FFFD: one character each, so the marker stays under the span.
func visible(line string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return '\uFFFD'
		}
		return r
	}, line)
}

// isControl reports whether a terminal may act on r rather than show it:
// C0 controls but the tab, DEL, and the C1 controls (U+0080 to U+009F),
// among which U+009B starts an escape sequence as ESC [ does.
func isControl(r rune) bool {
	return r != '\t' && (r < 0x20 || 0x7f <= r && r < 0xa0)
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
