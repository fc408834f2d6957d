package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
	diags := rules.Run(files, schema.Replay(files), rules.DefaultPolicies, []*rules.Rule{r})
	for _, d := range diags {
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
	for i, line := range strings.Split(f.Src, "\n") {
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
