package analyzer_test

import (
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzer"
	"github.com/miglint/miglint/rules"
)

func TestEmbedded(t *testing.T) { run(t, analyzer.Analyzer, "embedded") }

func TestNoMigrations(t *testing.T) {
	for _, pkg := range []string{"nomigrations", "notmigrations"} {
		if diags := run(t, analyzer.Analyzer, pkg); len(diags) != 0 {
			t.Errorf("%s: %d findings, want none", pkg, len(diags))
		}
	}
}

func TestSuppressed(t *testing.T) {
	if rules.ByID("unused-ignore") == nil {
		t.Skip("suppression comments (-- miglint:ignore rule reason) are not implemented yet")
	}
	run(t, analyzer.Analyzer, "suppressed")
}

func TestCockroach(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{Dialect: "cockroachdb"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, a, "cockroach")
}

// TestGooseMix checks, beyond the lines analysistest compares, that findings
// in Go string literals cover exactly the source of the SQL they are about,
// escapes included.
func TestGooseMix(t *testing.T) {
	want := map[string]string{
		"00002_orders.go:16": `\x52EFERENCES users(id)`,
		"00002_orders.go:22": `REFERENCES users(id) ON DELETE SET NULL`,
		"consts.go:4":        `REFERENCES users(id)`,
		"00003_fix.sql:2":    `DROP CONSTRAINT IF EXISTS orders_user_fkey`,
	}
	for _, d := range run(t, analyzer.Analyzer, "goosemix") {
		start, end := d.fset.Position(d.Pos), d.fset.Position(d.End)
		src, err := os.ReadFile(start.Filename)
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%s:%d", filepath.Base(start.Filename), start.Line)
		if got := string(src[start.Offset:end.Offset]); got != want[key] {
			t.Errorf("%s: finding covers %q, want %q", key, got, want[key])
		}
	}
}

// TestPolicy runs the analyzer as golangci-lint's settings configure it;
// the testdata's expectations are written for its policies.
func TestPolicy(t *testing.T) {
	a, err := analyzer.New(analyzer.Config{Policies: []string{"users(id)=set null, accounts(tenant, id)=cascade"}, Dialect: "postgres"})
	if err != nil {
		t.Fatal(err)
	}
	run(t, a, "policy")
	for _, bad := range []analyzer.Config{{Policies: []string{"users(id)=delete"}}, {Dialect: "mysql"}, {CockroachVersion: "latest"}} {
		if _, err := analyzer.New(bad); err == nil {
			t.Errorf("New(%+v) succeeded", bad)
		}
	}
}

// TestFlags sets the flags as go vet passes them, on a fresh copy of
// Analyzer.
func TestFlags(t *testing.T) {
	a := analyzer.Flagged()
	fs := &a.Flags
	fs.SetOutput(io.Discard)
	if err := fs.Parse([]string{"-policy", "users(id)=set null", "-policy=accounts(tenant, id)=cascade", "-dialect", "postgres"}); err != nil {
		t.Fatal(err)
	}
	if got, want := fs.Lookup("policy").Value.String(), "users(id)=set null,accounts(tenant,id)=cascade"; got != want {
		t.Errorf("-policy = %s, want %s", got, want)
	}
	run(t, a, "policy")
	for _, bad := range [][]string{{"-dialect", "cockroach"}, {"-cockroachdb-version", "22"}, {"-policy", "users"}} {
		if err := fs.Parse(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

type diagnostic struct {
	analysis.Diagnostic
	fset *token.FileSet
}

// tested are the rules whose findings the testdata expects: those that show
// where findings land and that the history replays in order. Rules added
// later do not break these tests.
var tested = map[string]bool{
	"fk-on-delete": true, "drop-constraint-noop": true, "syntax-error": true,
	"unknown-object": true, "duplicate-object": true, "duplicate-fk": true,
}

// run runs a on the testdata package pkg and returns its findings of the
// tested rules. analysistest compares those in Go files with their // want
// comments; embedded SQL files, which analysistest does not read, say what
// they want on the line in a trailing comment: -- want rule-id "regexp" ...
func run(t *testing.T, a *analysis.Analyzer, pkg string) []diagnostic {
	t.Helper()
	var all, inSQL []diagnostic
	split := &analysis.Analyzer{Name: a.Name, Doc: a.Doc, Run: func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			if !tested[d.Category] {
				return
			}
			all = append(all, diagnostic{d, pass.Fset})
			if strings.HasSuffix(pass.Fset.Position(d.Pos).Filename, ".sql") {
				inSQL = append(inSQL, diagnostic{d, pass.Fset})
				return
			}
			pass.Report(d)
		}
		return a.Run(&p)
	}}
	analysistest.Run(t, analysistest.TestData(), split, pkg)
	checkSQL(t, filepath.Join(analysistest.TestData(), "src", pkg), inSQL)
	return all
}

var wantRE = regexp.MustCompile(`--\s*want\s+(.*)$`)

type want struct {
	rule string
	re   *regexp.Regexp
}

func checkSQL(t *testing.T, dir string, diags []diagnostic) {
	t.Helper()
	wants := map[string][]want{} // by file:line
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil || filepath.Ext(path) != ".sql" {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			m := wantRE.FindStringSubmatch(line)
			for rest := strings.TrimSpace(safe(m, 1)); rest != ""; {
				rule, after, _ := strings.Cut(rest, " ")
				q, err := strconv.QuotedPrefix(strings.TrimSpace(after))
				if err != nil {
					return fmt.Errorf("%s:%d: want rule-id \"regexp\": %w", path, i+1, err)
				}
				pattern, _ := strconv.Unquote(q)
				key := fmt.Sprintf("%s:%d", path, i+1)
				wants[key] = append(wants[key], want{rule, regexp.MustCompile(pattern)})
				rest = strings.TrimSpace(strings.TrimSpace(after)[len(q):])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		posn := d.fset.Position(d.Pos)
		key := fmt.Sprintf("%s:%d", posn.Filename, posn.Line)
		ws, found := wants[key], false
		for i, w := range ws {
			if w.rule == d.Category && w.re.MatchString(d.Message) {
				wants[key], found = append(ws[:i:i], ws[i+1:]...), true
				break
			}
		}
		if !found {
			t.Errorf("%s: unexpected %s: %s", posn, d.Category, d.Message)
		}
	}
	for key, ws := range wants {
		for _, w := range ws {
			t.Errorf("%s: no %s finding matching %q", key, w.rule, w.re)
		}
	}
}

func safe(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

// TestConfigured: the .miglint.yaml found from the package's directory sets
// the policy and switches duplicate-fk off (sessions has two keys that would
// otherwise be reported).
func TestConfigured(t *testing.T) { run(t, analyzer.Analyzer, "configured") }
