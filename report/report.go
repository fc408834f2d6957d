// Package report formats diagnostics and catalogs. Every format is built
// from the same diagnostics and positions: 1-based lines, and columns that
// count characters, with end columns one past the last character.
package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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

// Summarize counts diagnostics by severity, beside the numbers of files
// and statements they came from.
func Summarize(files, statements int, diags []rules.Diagnostic) Summary {
	s := Summary{Files: files, Statements: statements}
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

// String is the one-line summary that ends the text and github formats,
// e.g. "14 errors, 5 warnings, 12 files (113 statements)".
func (s Summary) String() string {
	return fmt.Sprintf("%s, %s, %s (%s)", count(s.Errors, "error"), count(s.Warnings, "warning"),
		count(s.Files, "file"), count(s.Statements, "statement"))
}

// RepoPath is path as code hosts want it: relative to root (the current
// directory, normally the repository's root), slash-separated and without
// "./". A path outside root is returned as given, slash-separated.
func RepoPath(path, root string) string {
	abs := path
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(root, abs)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// RepoURL is miglint's repository; rule docs live under docs/rules there.
const RepoURL = "https://github.com/miglint/miglint"

// RuleDocURL is the web page of a rule's documentation.
func RuleDocURL(id string) string { return RepoURL + "/blob/main/docs/rules/" + id + ".md" }
