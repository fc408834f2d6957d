package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/fuzzseed"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// FuzzReport lints a file of any name and contents and reads every format
// back: json and SARIF decode to the same findings, the XML formats parse
// and keep every message and name (but the characters XML cannot carry),
// each finding is one workflow command that decodes to its file, rule and
// message, and one header line of text.
func FuzzReport(f *testing.F) {
	for _, h := range hostile {
		f.Add(h.path, h.src)
	}
	for _, s := range fuzzseed.Hostile {
		f.Add("db/001_x.sql", s)
	}
	for _, s := range fuzzseed.SQL("..") {
		f.Add(s.Path, s.Src)
	}
	f.Fuzz(func(t *testing.T, path, src string) {
		defer fuzzseed.Deadline(path + "\x00" + src)()
		// users comes first, so that the policy rules have a target.
		files := []*parser.File{parser.NewFile("000_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);"), parser.NewFile(path, src)}
		for _, f := range files {
			parser.Parse(f)
		}
		diags := rules.Run(files, schema.Replay(files), rules.DefaultPolicies, rules.All)
		sum := summarize(files, diags)
		checkJSON(t, diags, sum)
		checkSARIF(t, diags)
		checkGitHub(t, diags, sum)
		checkText(t, diags, sum)
		checkXML(t, files, diags)
	})
}

// jsonSafe is s as encoding/json writes it: each invalid byte becomes
// U+FFFD.
func jsonSafe(s string) string { return string([]rune(s)) }

// xmlSafe is s as encoding/xml writes it: characters XML 1.0 cannot carry,
// invalid bytes included, become U+FFFD.
func xmlSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF {
			b.WriteRune(r)
		} else {
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}

func checkJSON(t *testing.T, diags []rules.Diagnostic, sum report.Summary) {
	var b bytes.Buffer
	if err := report.JSON(&b, diags, sum); err != nil {
		t.Fatal(err)
	}
	var doc report.JSONReport
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("json does not decode: %v", err)
	}
	if len(doc.Diagnostics) != len(diags) || doc.Summary != sum {
		t.Fatalf("json: %d findings and %+v, want %d and %+v", len(doc.Diagnostics), doc.Summary, len(diags), sum)
	}
	for i, d := range diags {
		start, end := d.Span.StartPos(), d.Span.EndPos()
		want := report.JSONDiagnostic{Rule: d.Rule, Severity: d.Severity.String(), File: jsonSafe(d.Span.File.Path),
			Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column, Message: jsonSafe(d.Message), Fix: jsonSafe(d.Fix)}
		got := doc.Diagnostics[i]
		if len(got.Related) != len(d.Related) {
			t.Fatalf("json finding %d: %d related locations, want %d", i, len(got.Related), len(d.Related))
		}
		got.Related = nil
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("json finding %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func checkSARIF(t *testing.T, diags []rules.Diagnostic) {
	doc := sarifOf(t, diags)
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != len(diags) {
		t.Fatalf("sarif: version %q, %d runs, want 2.1.0 and one run of %d results", doc.Version, len(doc.Runs), len(diags))
	}
	for i, d := range diags {
		res := doc.Runs[0].Results[i]
		loc := res.Locations[0].PhysicalLocation
		path, err := url.PathUnescape(loc.ArtifactLocation.URI)
		if u, uerr := url.Parse(loc.ArtifactLocation.URI); err != nil || uerr != nil || u.Scheme != "" || u.Opaque != "" || path != report.RepoPath(d.Span.File.Path, root) {
			t.Fatalf("sarif result %d: uri %q does not decode to %q (%v, %v)", i, loc.ArtifactLocation.URI, report.RepoPath(d.Span.File.Path, root), err, uerr)
		}
		start, end := d.Span.StartPos(), d.Span.EndPos()
		if res.RuleID != d.Rule || res.Message.Text != jsonSafe(d.Message) || loc.Region.StartLine != start.Line ||
			loc.Region.StartColumn != start.Column || loc.Region.EndLine != end.Line || loc.Region.EndColumn != end.Column {
			t.Fatalf("sarif result %d: %+v, want %s %q at %v-%v", i, res, d.Rule, d.Message, start, end)
		}
	}
}

func checkGitHub(t *testing.T, diags []rules.Diagnostic, sum report.Summary) {
	lines := githubLines(t, diags, sum)
	for i, d := range diags {
		props, msg, ok := githubCommand(lines[i])
		if !ok || strings.ContainsRune(lines[i], '\r') {
			t.Fatalf("github line %d is not one workflow command: %q", i+1, lines[i])
		}
		if want := githubProps(d); fmt.Sprintf("%q", props) != fmt.Sprintf("%q", want) {
			t.Fatalf("github line %d: properties %q, want %q", i+1, props, want)
		}
		if msg != d.Message {
			t.Fatalf("github line %d: message %q, want %q", i+1, msg, d.Message)
		}
	}
	var md bytes.Buffer
	if err := report.GitHubSummary(&md, diags, sum, root); err != nil {
		t.Fatal(err)
	}
	if _, after, ok := strings.Cut(md.String(), "| severity | location | rule | message |\n|---|---|---|---|\n"); ok {
		if got := strings.Count(strings.TrimSuffix(after, "\n\n"), "\n") + 1; got != len(diags) {
			t.Fatalf("job summary: %d lines in the table of findings, want %d:\n%s", got, len(diags), after)
		}
	}
}

// textPath is how the text format writes a path: on one line, control
// characters escaped.
func textPath(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case r != '\t' && (r < 0x20 || 0x7f <= r && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func checkText(t *testing.T, diags []rules.Diagnostic, sum report.Summary) {
	var b bytes.Buffer
	if err := report.Text(&b, diags, sum, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3*len(diags)+1 || lines[len(lines)-1] != sum.String() {
		t.Fatalf("text: %d lines, want 3 a finding (%d) and the summary:\n%s", len(lines), len(diags), b.String())
	}
	for i, d := range diags {
		start := d.Span.StartPos()
		header := fmt.Sprintf("%s:%d:%d: %s: ", textPath(d.Span.File.Path), start.Line, start.Column, d.Severity)
		if !strings.HasPrefix(lines[3*i], header) || !strings.HasSuffix(lines[3*i], " ["+d.Rule+"]") {
			t.Fatalf("text finding %d: %q, want it to start with %q", i, lines[3*i], header)
		}
		for _, l := range lines[3*i : 3*i+3] {
			if strings.ContainsFunc(l, func(r rune) bool { return r != '\t' && (r < 0x20 || 0x7f <= r && r < 0xa0) }) {
				t.Fatalf("text finding %d: a control character reaches the terminal: %q", i, l)
			}
		}
	}
}

func checkXML(t *testing.T, files []*parser.File, diags []rules.Diagnostic) {
	checkstyle, junit := xmlOf(t, files, diags)
	if len(checkstyle.Files) != len(files) || len(junit.Suites) != len(files) {
		t.Fatalf("%d checkstyle files, %d junit suites, want %d", len(checkstyle.Files), len(junit.Suites), len(files))
	}
	for i, f := range files {
		if checkstyle.Files[i].Name != xmlSafe(f.Path) || junit.Suites[i].Name != xmlSafe(f.Path) {
			t.Fatalf("file %q comes back as %q and %q", f.Path, checkstyle.Files[i].Name, junit.Suites[i].Name)
		}
	}
	var want []string
	for _, d := range diags {
		want = append(want, xmlSafe(d.Message))
	}
	fromCheckstyle, fromJUnit := xmlMessages(checkstyle, junit)
	// Both list findings file by file; diags may interleave files.
	for _, s := range [][]string{want, fromCheckstyle, fromJUnit} {
		slices.Sort(s)
	}
	if !slices.Equal(fromCheckstyle, want) || !slices.Equal(fromJUnit, want) {
		t.Fatalf("messages do not survive:\ncheckstyle %q\njunit      %q\nwant       %q", fromCheckstyle, fromJUnit, want)
	}
}
