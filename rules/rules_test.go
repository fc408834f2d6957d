package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// TestRules runs every rule over its testdata: testdata/<rule-id>/<case>/ is
// a migration history, and each line that should get a finding of the rule
// says so in a trailing comment: -- want rule-id "regexp" [rule-id "regexp"...].
// Every finding must be wanted on its line, and every want found.
func TestRules(t *testing.T) {
	for _, r := range rules.All {
		t.Run(r.ID, func(t *testing.T) {
			cases, err := os.ReadDir(filepath.Join("testdata", r.ID))
			if err != nil || len(cases) == 0 {
				t.Fatalf("rule %s has no testdata: %v", r.ID, err)
			}
			for _, c := range cases {
				if !c.IsDir() {
					continue
				}
				t.Run(c.Name(), func(t *testing.T) { checkCase(t, r, filepath.Join("testdata", r.ID, c.Name())) })
			}
		})
	}
}

type want struct {
	file string
	line int
	rule string
	re   *regexp.Regexp
	met  bool
}

func checkCase(t *testing.T, r *rules.Rule, dir string) {
	files, errs := parser.Load([]string{dir})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var wants []*want
	for _, f := range files {
		parser.Parse(f)
		ws, err := parseWants(f)
		if err != nil {
			t.Fatal(err)
		}
		wants = append(wants, ws...)
	}
	// All rules run, as suppressions depend on the others' findings; only
	// the rule under test is checked.
	diags := rules.Run(files, schema.Replay(files), rules.DefaultPolicies, rules.All)
	for _, d := range diags {
		if d.Rule != r.ID {
			continue
		}
		pos := d.Span.StartPos()
		matched := false
		for _, w := range wants {
			if !w.met && w.file == d.Span.File.Path && w.line == pos.Line && w.rule == d.Rule && w.re.MatchString(d.Message) {
				w.met, matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected %s: %s", d.Span.File.Path, pos.Line, pos.Column, d.Rule, d.Message)
		}
	}
	for _, w := range wants {
		if !w.met {
			t.Errorf("%s:%d: no %s finding matching %q", w.file, w.line, w.rule, w.re)
		}
	}
}

var wantRE = regexp.MustCompile(`--\s*want\s+(.*)$`)

func parseWants(f *parser.File) ([]*want, error) {
	var out []*want
	for i, line := range strings.Split(f.Src(), "\n") {
		m := wantRE.FindStringSubmatch(strings.TrimRight(line, "\r"))
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		for rest != "" {
			rule, after, ok := strings.Cut(rest, " ")
			if !ok {
				return nil, fmt.Errorf("%s:%d: want needs rule-id \"regexp\"", f.Path, i+1)
			}
			q, err := strconv.QuotedPrefix(strings.TrimSpace(after))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", f.Path, i+1, err)
			}
			pattern, _ := strconv.Unquote(q)
			re, err := regexp.Compile(pattern)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", f.Path, i+1, err)
			}
			out = append(out, &want{file: f.Path, line: i + 1, rule: rule, re: re})
			rest = strings.TrimSpace(strings.TrimSpace(after)[len(q):])
		}
	}
	return out, nil
}

func TestEveryRuleDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.Summary == "" || len(r.Doc) < 100 || r.Since == "" || r.Run == nil {
			t.Errorf("rule %s lacks a summary, doc, since or run", r.ID)
		}
		if rules.ByID(r.ID) != r {
			t.Errorf("ByID(%q) does not find it", r.ID)
		}
	}
}

func TestParsePolicy(t *testing.T) {
	for in, want := range map[string]string{
		"users(id)=cascade":              "users(id)=cascade",
		"Auth.Users (ID) = SET_NULL":     "auth.users(id)=set null",
		"accounts(tenant, id)=no action": "accounts(tenant,id)=no action",
		"users=restrict":                 "users()=restrict",
	} {
		p, err := rules.ParsePolicy(in)
		if err != nil || p.String() != want {
			t.Errorf("ParsePolicy(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"users(id)", "users(id)=delete", "=cascade", "1users(id)=cascade"} {
		if _, err := rules.ParsePolicy(bad); err == nil {
			t.Errorf("ParsePolicy(%q) succeeded", bad)
		}
	}
}

// TestExamples keeps the documented examples honest: each rule's Bad
// history gets a finding of the rule, its Good one neither a finding of the
// rule nor any error (other rules may warn: an example stays focused on
// its rule), and the suppression comment the docs show silences the rule in
// Bad.
func TestExamples(t *testing.T) {
	for _, r := range rules.All {
		if r.Bad == "" || r.Good == "" {
			t.Errorf("%s: no Bad or Good example: give the rule self-contained example histories (Rule.Bad, Rule.Good); they go into docs/rules/%s.md", r.ID, r.ID)
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			if n := count(lintExample(t, r.Bad, ""), r.ID); n == 0 {
				t.Errorf("the Bad example gets no %s finding", r.ID)
			}
			for _, d := range lintExample(t, r.Good, "") {
				if d.Rule != r.ID && d.Severity != rules.Error {
					continue
				}
				t.Errorf("the Good example gets %s at %s:%d: %s", d.Rule, filepath.Base(d.Span.File.Path), d.Span.StartPos().Line, d.Message)
			}
			if r == rules.UnusedIgnore || r == rules.IgnoreWithoutReason {
				return // about suppressions themselves
			}
			ignore := "-- miglint:ignore-file " + r.ID + " the example says why\n"
			if n := count(lintExample(t, r.Bad, ignore), r.ID); n != 0 {
				t.Errorf("%q leaves %d %s findings in the Bad example", ignore, n, r.ID)
			}
		})
	}
}

// lintExample lints an example history as files on disk, each starting
// with prefix.
func lintExample(t *testing.T, example, prefix string) []rules.Diagnostic {
	dir := t.TempDir()
	efs := rules.ExampleFiles(example)
	for _, ef := range efs {
		if err := os.WriteFile(filepath.Join(dir, ef.Name), []byte(prefix+ef.Src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := dir
	if len(efs) == 1 {
		root = filepath.Join(dir, efs[0].Name)
	}
	files, errs := parser.Load([]string{root})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, f := range files {
		parser.Parse(f)
	}
	return rules.Run(files, schema.Replay(files), rules.DefaultPolicies, rules.All)
}

func count(diags []rules.Diagnostic, rule string) int {
	n := 0
	for _, d := range diags {
		if d.Rule == rule {
			n++
		}
	}
	return n
}

// TestDocsAreMarkdown checks that rule docs, rendered as Markdown on the
// docs pages and in SARIF, keep code such as <table>_<col>_fkey in code
// spans or indented blocks, where it is not taken for HTML.
func TestDocsAreMarkdown(t *testing.T) {
	codeSpan := regexp.MustCompile("`[^`]*`")
	for _, r := range rules.All {
		prose := codeSpan.ReplaceAllString(r.Doc, "")
		for i, line := range strings.Split(prose, "\n") {
			if !strings.HasPrefix(line, "    ") && strings.ContainsAny(line, "<`") {
				t.Errorf("%s: doc line %d has < or an unclosed code span outside code: %q", r.ID, i+1, line)
			}
		}
	}
}

// TestWanted: with Settings.Wanted, the findings are exactly those of the
// wanted files in a run over all, also of a rule that does not ask
// Pass.Wants, and the other files' ignore comments are not reported.
func TestWanted(t *testing.T) {
	everyFile := &rules.Rule{ID: "every-file", Severity: rules.Warning, Run: func(p *rules.Pass) {
		for _, f := range p.Files {
			p.Report(f.Stmts[0].Span(), "a file")
		}
	}}
	rs := append(slices.Clone(rules.All), everyFile)
	files, errs := parser.Load([]string{filepath.Join("testdata", "unused-ignore", "cases")})
	if len(errs) > 0 || len(files) != 2 {
		t.Fatal(files, errs)
	}
	for _, f := range files {
		parser.Parse(f)
	}
	res := schema.Replay(files)
	text := func(d rules.Diagnostic) string { return fmt.Sprintf("%v %s %s", d.Span.StartPos(), d.Rule, d.Message) }
	all := rules.Run(files, res, rules.DefaultPolicies, rs)
	for _, wanted := range files {
		var want []string
		for _, d := range all {
			if d.Span.File == wanted {
				want = append(want, text(d))
			}
		}
		var got []string
		set := rules.Settings{Policies: rules.DefaultPolicies, Wanted: func(f *parser.File) bool { return f == wanted }}
		for _, d := range rules.RunWith(files, res, set, rs) {
			got = append(got, text(d))
		}
		if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s wanted:\n%s\n--- of a run over all:\n%s", wanted.Path, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
