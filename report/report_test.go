package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// root stands for the repository's checkout in the tests.
const root = "/repo"

// The hostile history: file names and identifiers holding what each format
// must escape (%, :, commas, newlines, <, &, quotes, control characters),
// a finding that spans lines, CRLF line endings, and a file outside root.
var hostile = []struct{ path, src string }{
	{"db/001_a%2C,b:c<&>\"'.sql", "CREATE TABLE \"us%e:r,s<&>\"\"'\" (id bigint PRIMARY KEY);\r\n" +
		"CREATE TABLE \"ta\nble\" (\r\n    owner bigint REFERENCES \"us%e:r,s<&>\"\"'\"\r\n        (id)\r\n);\r\n"},
	{"db/002_new\nline\x01.sql", "ALTER TABLE \"ta\nble\" DROP CONSTRAINT IF EXISTS \"x%y,z:w\";\n" +
		"ALTER TABLE \"ctl\x01char\" ADD COLUMN c int;\n" +
		"CREATE TABLE broken (id int,);\n"},
	{"/elsewhere/003_é.sql", "ALTER TABLE \"ta\nble\" ADD CONSTRAINT \"fk,%:<&>\"\"'\nowner\" FOREIGN KEY (owner) REFERENCES \"us%e:r,s<&>\"\"'\" (id);\n"},
}

// hostileRules are the rules the hostile history exercises; a fixed list,
// so that a new rule does not change the goldens.
var hostileRules = []string{"fk-on-delete", "fk-name-convention", "drop-constraint-noop", "duplicate-fk", "unknown-object", "syntax-error"}

// lintHostile runs the real pipeline over the hostile history, with a
// policy on the hostile users table so that the policy rules report too.
func lintHostile(t *testing.T, edit func(path, src string) string) ([]*parser.File, []rules.Diagnostic, report.Summary) {
	t.Helper()
	files, diags, sum, _ := lintHostileRules(t, edit)
	return files, diags, sum
}

func lintHostileRules(t *testing.T, edit func(path, src string) string) ([]*parser.File, []rules.Diagnostic, report.Summary, []*rules.Rule) {
	t.Helper()
	var files []*parser.File
	for _, h := range hostile {
		src := h.src
		if edit != nil {
			src = edit(h.path, src)
		}
		f := parser.NewFile(h.path, src)
		parser.Parse(f)
		files = append(files, f)
	}
	policies := []rules.Policy{{Table: `us%e:r,s<&>"'`, Columns: []string{"id"}, OnDelete: schema.Cascade}}
	var rs []*rules.Rule
	for _, id := range hostileRules {
		rs = append(rs, rules.ByID(id))
	}
	diags := rules.Run(files, schema.Replay(files), policies, rs)
	return files, diags, summarize(files, diags), rs
}

// TestFormatsGolden checks every format byte for byte against
// testdata/hostile.*; UPDATE_GOLDEN=1 go test ./report rewrites them.
func TestFormatsGolden(t *testing.T) {
	files, diags, sum, ran := lintHostileRules(t, nil)
	rulesSeen := map[string]bool{}
	for _, d := range diags {
		rulesSeen[d.Rule] = true
	}
	for _, want := range hostileRules {
		if !rulesSeen[want] {
			t.Errorf("the hostile history no longer gets a %s finding; the goldens would not cover its escaping", want)
		}
	}
	formats := map[string]func(w *bytes.Buffer) error{
		"txt":            func(w *bytes.Buffer) error { return report.Text(w, diags, sum, false) },
		"json":           func(w *bytes.Buffer) error { return report.JSON(w, diags, sum) },
		"github":         func(w *bytes.Buffer) error { return report.GitHub(w, diags, sum, root) },
		"md":             func(w *bytes.Buffer) error { return report.GitHubSummary(w, diags, sum, root) },
		"sarif":          func(w *bytes.Buffer) error { return report.SARIF(w, diags, ran, root, "0.0.0-test") },
		"checkstyle.xml": func(w *bytes.Buffer) error { return report.Checkstyle(w, files, diags) },
		"junit.xml":      func(w *bytes.Buffer) error { return report.JUnit(w, files, diags) },
	}
	for ext, write := range formats {
		t.Run(ext, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "hostile."+ext)
			if os.Getenv("UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				got, exp := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
				i := 0
				for i < len(got) && i < len(exp) && got[i] == exp[i] {
					i++
				}
				t.Errorf("output differs from %s from line %d (UPDATE_GOLDEN=1 rewrites it):\ngot  %q\nwant %q", golden, i+1, at(got, i), at(exp, i))
			}
			var again bytes.Buffer
			if err := write(&again); err != nil || !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Errorf("a second run gives other bytes (%v)", err)
			}
		})
	}
}

var (
	commandRE = regexp.MustCompile(`^::(error|warning|notice) ([^:]*)::(.*)$`)
	unescape  = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
)

// githubLines writes the github format, which must be a line per finding
// and the summary, and returns the lines of the findings.
func githubLines(t *testing.T, diags []rules.Diagnostic, sum report.Summary) []string {
	t.Helper()
	var b bytes.Buffer
	if err := report.GitHub(&b, diags, sum, root); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(diags)+1 || lines[len(lines)-1] != sum.String() {
		t.Fatalf("github: %d lines, want a command per finding (%d) and the summary:\n%q", len(lines), len(diags), b.String())
	}
	return lines[:len(diags)]
}

// githubCommand decodes line as the runner does: ok is whether it is one
// workflow command, and then props and msg are its properties and message.
func githubCommand(line string) (props map[string]string, msg string, ok bool) {
	m := commandRE.FindStringSubmatch(line)
	if m == nil {
		return nil, "", false
	}
	props = map[string]string{}
	for _, kv := range strings.Split(m[2], ",") {
		k, v, _ := strings.Cut(kv, "=")
		props[k] = unescape.Replace(v)
	}
	return props, unescape.Replace(m[3]), true
}

// githubProps are the properties d's workflow command must decode to.
func githubProps(d rules.Diagnostic) map[string]string {
	start, end := d.Span.StartPos(), d.Span.EndPos()
	want := map[string]string{"file": report.RepoPath(d.Span.File.Path, root), "line": strconv.Itoa(start.Line),
		"endLine": strconv.Itoa(end.Line), "title": d.Rule}
	if start.Line == end.Line {
		want["col"], want["endColumn"] = strconv.Itoa(start.Column), strconv.Itoa(end.Column)
	}
	return want
}

// TestGitHubCannotBeInjected parses the github format back as the runner
// does: each finding must be exactly one command whose properties and
// message decode to the original path, rule and message.
func TestGitHubCannotBeInjected(t *testing.T) {
	_, diags, sum := lintHostile(t, nil)
	lines := githubLines(t, diags, sum)
	for i, d := range diags {
		props, msg, ok := githubCommand(lines[i])
		if !ok {
			t.Fatalf("line %d is not one workflow command: %q", i+1, lines[i])
		}
		if want := githubProps(d); fmt.Sprint(props) != fmt.Sprint(want) {
			t.Errorf("line %d: properties %v, want %v", i+1, props, want)
		}
		if msg != d.Message {
			t.Errorf("line %d: message %q, want %q", i+1, msg, d.Message)
		}
	}
}

// TestXMLRoundTrip reads the XML formats back: every message survives,
// except for the characters XML 1.0 cannot carry, which become U+FFFD.
func TestXMLRoundTrip(t *testing.T) {
	files, diags, _ := lintHostile(t, nil)
	checkstyle, junit := xmlOf(t, files, diags)
	for i, f := range checkstyle.Files {
		if f.Name != xmlSafe(files[i].Path) {
			t.Errorf("checkstyle file %q, want %q", f.Name, files[i].Path)
		}
	}
	fromCheckstyle, fromJUnit := xmlMessages(checkstyle, junit)
	var want []string
	for _, d := range diags {
		want = append(want, xmlSafe(d.Message))
	}
	if fmt.Sprintf("%q", fromCheckstyle) != fmt.Sprintf("%q", want) || fmt.Sprintf("%q", fromJUnit) != fmt.Sprintf("%q", want) {
		t.Errorf("messages do not survive:\ncheckstyle %q\njunit      %q\nwant       %q", fromCheckstyle, fromJUnit, want)
	}
	if junit.Failures != len(diags) || junit.Tests != len(diags) {
		t.Errorf("junit counts %d tests, %d failures; want %d of each (every file has a finding)", junit.Tests, junit.Failures, len(diags))
	}
}

type checkstyleDoc struct {
	Files []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Message string `xml:"message,attr"`
			Source  string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Failure *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// xmlMessages are the messages of the findings in each XML format, file by
// file.
func xmlMessages(checkstyle checkstyleDoc, junit junitDoc) (fromCheckstyle, fromJUnit []string) {
	for _, f := range checkstyle.Files {
		for _, e := range f.Errors {
			fromCheckstyle = append(fromCheckstyle, e.Message)
		}
	}
	for _, s := range junit.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				fromJUnit = append(fromJUnit, c.Failure.Message)
			}
		}
	}
	return fromCheckstyle, fromJUnit
}

// xmlOf writes the XML formats and reads them back.
func xmlOf(t *testing.T, files []*parser.File, diags []rules.Diagnostic) (checkstyleDoc, junitDoc) {
	t.Helper()
	var cs, ju bytes.Buffer
	if err := report.Checkstyle(&cs, files, diags); err != nil {
		t.Fatal(err)
	}
	if err := report.JUnit(&ju, files, diags); err != nil {
		t.Fatal(err)
	}
	var checkstyle checkstyleDoc
	if err := xml.Unmarshal(cs.Bytes(), &checkstyle); err != nil {
		t.Fatalf("checkstyle is not XML: %v", err)
	}
	var junit junitDoc
	if err := xml.Unmarshal(ju.Bytes(), &junit); err != nil {
		t.Fatalf("junit is not XML: %v", err)
	}
	return checkstyle, junit
}

type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}

func sarifOf(t *testing.T, diags []rules.Diagnostic) sarifDoc {
	t.Helper()
	var b bytes.Buffer
	if err := report.SARIF(&b, diags, rules.All, root, "0.0.0-test"); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("sarif does not decode: %v", err)
	}
	return doc
}

// TestSARIF checks what code scanning relies on: every rule is described,
// URIs decode to the repository-relative paths, and fingerprints are
// distinct and do not move when lines are inserted above a finding.
func TestSARIF(t *testing.T) {
	_, diags, _ := lintHostile(t, nil)
	doc := sarifOf(t, diags)
	driverRules := doc.Runs[0].Tool.Driver.Rules
	if len(driverRules) != len(rules.All) {
		t.Errorf("%d rules in the driver, want all %d", len(driverRules), len(rules.All))
	}
	for i, r := range driverRules {
		if r.ID != rules.All[i].ID || r.HelpURI != report.RuleDocURL(r.ID) {
			t.Errorf("driver rule %d: %+v", i, r)
		}
	}
	prints := map[string]bool{}
	results := doc.Runs[0].Results
	for i, res := range results {
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if u, err := url.Parse(uri); err != nil || u.Scheme != "" || u.Path != report.RepoPath(diags[i].Span.File.Path, root) {
			t.Errorf("result %d: uri %q does not decode to %q (%v)", i, uri, report.RepoPath(diags[i].Span.File.Path, root), err)
		}
		fp := res.PartialFingerprints[report.FingerprintKey]
		if fp == "" || prints[fp] {
			t.Errorf("result %d: fingerprint %q missing or not unique", i, fp)
		}
		prints[fp] = true
	}
	// Two blank lines and a comment above everything: lines move, the
	// fingerprints stay.
	_, moved, _ := lintHostile(t, func(_, src string) string { return "\n-- moved\n" + src })
	again := sarifOf(t, moved).Runs[0].Results
	if len(again) != len(results) {
		t.Fatalf("%d results after the edit, want %d", len(again), len(results))
	}
	for i := range results {
		a, b := results[i], again[i]
		if b.Locations[0].PhysicalLocation.Region.StartLine == a.Locations[0].PhysicalLocation.Region.StartLine {
			t.Errorf("result %d did not move; the test proves nothing", i)
		}
		if a.PartialFingerprints[report.FingerprintKey] != b.PartialFingerprints[report.FingerprintKey] {
			t.Errorf("result %d (%s): the fingerprint changed when lines were added above", i, a.RuleID)
		}
	}
}

func TestRepoPath(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"db/001.sql", "db/001.sql"},
		{"./db/001.sql", "db/001.sql"},
		{"/repo/db/001.sql", "db/001.sql"},
		{"/repo/./db/../db/001.sql", "db/001.sql"},
		{"../shared/001.sql", "../shared/001.sql"},
		{"/elsewhere/001.sql", "/elsewhere/001.sql"},
		{"/repository/001.sql", "/repository/001.sql"},
	} {
		if got := report.RepoPath(tc.path, root); got != tc.want {
			t.Errorf("RepoPath(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestJSONIsOneDocument checks that the json format, written a diagnostic
// at a time, is byte for byte the JSONReport encoded whole, with findings
// and without.
func TestJSONIsOneDocument(t *testing.T) {
	_, diags, _ := lintHostile(t, nil)
	many := manyDiagnostics(diags, 1000)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, diags := range [][]rules.Diagnostic{diags, nil, many} {
		var got bytes.Buffer
		if err := report.JSON(&got, diags, report.Summarize(0, 0, diags)); err != nil {
			t.Fatal(err)
		}
		var doc report.JSONReport
		if err := json.Unmarshal(got.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Diagnostics == nil {
			doc.Diagnostics = []report.JSONDiagnostic{}
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Diagnostics) != len(diags) || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d diagnostics: got\n%s\nwant\n%s", len(diags), got.Bytes(), want.Bytes())
		}
	}
}

// manyDiagnostics is n diagnostics, copies of diags numbered in their
// messages, so that a report of them in another order differs.
func manyDiagnostics(diags []rules.Diagnostic, n int) []rules.Diagnostic {
	var many []rules.Diagnostic
	for i := range n {
		d := diags[i%len(diags)]
		d.Message = fmt.Sprintf("%d: %s", i, d.Message)
		many = append(many, d)
	}
	return many
}

// TestTextInOrder: the text format, rendered on several cores, is the same
// bytes as on one, its findings in their order.
func TestTextInOrder(t *testing.T) {
	_, diags, _ := lintHostile(t, nil)
	many := manyDiagnostics(diags, 1000)
	render := func(procs int) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var b strings.Builder
		if err := report.Text(&b, many, report.Summarize(0, 0, many), true); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	one, four := render(1), render(4)
	if one != four {
		t.Fatal("the text report on four cores differs from the one on one core")
	}
	last := -1
	for _, m := range regexp.MustCompile(`(?m)(?:warning|error|info)\S*: (\d+): `).FindAllStringSubmatch(one, -1) {
		i, _ := strconv.Atoi(m[1])
		if i != last+1 {
			t.Fatalf("finding %d follows %d", i, last)
		}
		last = i
	}
	if last != len(many)-1 {
		t.Errorf("the report holds findings 0 to %d, want 0 to %d", last, len(many)-1)
	}
}

// summarize is report.Summarize of parsed files.
func summarize(files []*parser.File, diags []rules.Diagnostic) report.Summary {
	n := 0
	for _, f := range files {
		n += len(f.Stmts)
	}
	return report.Summarize(len(files), n, diags)
}
