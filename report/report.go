// Package report formats diagnostics and catalogs. Every format is built
// from the same diagnostics and positions: 1-based lines, and columns that
// count characters, with end columns one past the last character.
package report

import (
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// Summary counts what a run saw.
type Summary struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Files      int `json:"files"`
	Statements int `json:"statements"`
}

// Summarize counts diagnostics by severity and the files and statements
// they came from.
func Summarize(files []*parser.File, diags []rules.Diagnostic) Summary {
	s := Summary{Files: len(files)}
	for _, f := range files {
		s.Statements += len(f.Stmts)
	}
	for _, d := range diags {
		switch d.Severity {
		case rules.Error:
			s.Errors++
		case rules.Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}
