package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/miglint/miglint/rules"
)

// JSONDiagnostic is one diagnostic in the json format.
type JSONDiagnostic struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	// Related are other locations that explain the finding.
	Related []JSONLocation `json:"related,omitempty"`
	// Fix is the SQL that repairs the finding, when the rule knows it.
	Fix string `json:"fix,omitempty"`
}

// JSONLocation is a related location in the json format.
type JSONLocation struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
}

// JSONReport is the json format's one document.
type JSONReport struct {
	Diagnostics []JSONDiagnostic `json:"diagnostics"`
	Summary     Summary          `json:"summary"`
}

// JSON writes diagnostics as one JSON document: the JSONReport, indented
// as writeJSON would, written a chunk of diagnostics at a time (rendered on
// every core), as the report of a large history would take tens of
// megabytes held whole (and twice, to indent it).
func JSON(w io.Writer, diags []rules.Diagnostic, sum Summary) error {
	bw := bufio.NewWriter(w)
	head, tail := "{\n  \"diagnostics\": [\n    ", "\n  ],\n  \"summary\": "
	if len(diags) == 0 {
		head, tail = "{\n  \"diagnostics\": [],\n  \"summary\": ", ""
	}
	if _, err := bw.WriteString(head); err != nil {
		return err
	}
	err := writeOrdered(bw, len(diags), func(b *bytes.Buffer, from, to int) error {
		in := newIndenter(b)
		for i := from; i < to; i++ {
			if i > 0 {
				b.WriteString(",\n    ")
			}
			if err := in.write(jsonDiagnostic(diags[i]), "    "); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := bw.WriteString(tail); err != nil {
		return err
	}
	if err := newIndenter(bw).write(sum, "  "); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// indenter writes values indented as writeJSON would, nested under a
// prefix, without the newline json.Encoder ends them with.
type indenter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newIndenter(w io.Writer) *indenter {
	in := &indenter{w: w}
	in.enc = json.NewEncoder(&in.buf)
	in.enc.SetEscapeHTML(false)
	return in
}

func (in *indenter) write(v any, prefix string) error {
	in.buf.Reset()
	in.enc.SetIndent(prefix, "  ")
	if err := in.enc.Encode(v); err != nil {
		return err
	}
	_, err := in.w.Write(bytes.TrimSuffix(in.buf.Bytes(), []byte("\n")))
	return err
}

func jsonDiagnostic(d rules.Diagnostic) JSONDiagnostic {
	start, end := d.Span.StartPos(), d.Span.EndPos()
	jd := JSONDiagnostic{
		Rule: d.Rule, Severity: d.Severity.String(), File: d.Span.File.Path,
		Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column,
		Message: d.Message, Fix: d.Fix,
	}
	for _, r := range d.Related {
		start, end := r.Span.StartPos(), r.Span.EndPos()
		jd.Related = append(jd.Related, JSONLocation{File: r.Span.File.Path,
			Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column, Message: r.Message})
	}
	return jd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
