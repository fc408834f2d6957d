package report

import (
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

// JSON writes diagnostics as one JSON document.
func JSON(w io.Writer, diags []rules.Diagnostic, sum Summary) error {
	doc := JSONReport{Diagnostics: []JSONDiagnostic{}, Summary: sum}
	for _, d := range diags {
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
		doc.Diagnostics = append(doc.Diagnostics, jd)
	}
	return writeJSON(w, doc)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
