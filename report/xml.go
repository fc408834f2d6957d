package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

type (
	checkstyleDoc struct {
		XMLName xml.Name         `xml:"checkstyle"`
		Version string           `xml:"version,attr"`
		Files   []checkstyleFile `xml:"file"`
	}
	checkstyleFile struct {
		Name   string            `xml:"name,attr"`
		Errors []checkstyleError `xml:"error"`
	}
	checkstyleError struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
)

// Checkstyle writes diagnostics in Checkstyle's XML format (reviewdog,
// Jenkins): a <file> for each of files, in order, with its findings.
// encoding/xml escapes markup and replaces the characters XML 1.0 cannot
// carry (most control characters) with U+FFFD.
func Checkstyle(w io.Writer, files []*parser.File, diags []rules.Diagnostic) error {
	doc := checkstyleDoc{Version: "4.3"}
	byFile := groupByFile(diags)
	for _, f := range files {
		cf := checkstyleFile{Name: f.Path}
		for _, d := range byFile[f] {
			start := d.Span.StartPos()
			cf.Errors = append(cf.Errors, checkstyleError{Line: start.Line, Column: start.Column,
				Severity: d.Severity.String(), Message: d.Message, Source: "miglint." + d.Rule})
		}
		doc.Files = append(doc.Files, cf)
	}
	return writeXML(w, doc)
}

type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// JUnit writes diagnostics as a JUnit XML report (GitLab, CI dashboards):
// a test suite for each of files, in order, with a failed test case for
// each finding, or one passing case when it has none.
func JUnit(w io.Writer, files []*parser.File, diags []rules.Diagnostic) error {
	doc := junitSuites{Name: "miglint"}
	byFile := groupByFile(diags)
	for _, f := range files {
		suite := junitSuite{Name: f.Path}
		for _, d := range byFile[f] {
			start := d.Span.StartPos()
			text := fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.Path, start.Line, start.Column, d.Severity, d.Message, d.Rule)
			if d.Fix != "" {
				text += "\nfix: " + d.Fix
			}
			suite.Cases = append(suite.Cases, junitCase{
				Name:      fmt.Sprintf("%s at %d:%d", d.Rule, start.Line, start.Column),
				ClassName: f.Path,
				Failure:   &junitFailure{Message: d.Message, Type: d.Severity.String(), Text: text},
			})
			suite.Failures++
		}
		if len(suite.Cases) == 0 {
			suite.Cases = []junitCase{{Name: "no findings", ClassName: f.Path}}
		}
		suite.Tests = len(suite.Cases)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Suites = append(doc.Suites, suite)
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, out)
	return err
}

// groupByFile splits diagnostics by file, keeping their order.
func groupByFile(diags []rules.Diagnostic) map[*parser.File][]rules.Diagnostic {
	m := map[*parser.File][]rules.Diagnostic{}
	for _, d := range diags {
		m[d.Span.File] = append(m[d.Span.File], d)
	}
	return m
}
