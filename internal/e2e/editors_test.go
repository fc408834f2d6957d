// Package e2e tests miglint where users meet it: editors' patterns over
// its real output, and the real pre-commit running the hook.
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/report"
)

// finding is what an editor should read from one line of the text format.
type finding struct {
	File, Severity, Message string
	Line, Column            int
}

// editorRun lints a history with a warning and an error through
// --stdin-filename, as the Neovim and Emacs setups do, and returns the text
// output and the findings the json format reports for the same input.
func editorRun(t *testing.T) (string, []finding) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "db", "001_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	write(t, filepath.Join(dir, "db", "002_sessions.sql"), "SELECT 1;\n")
	buffer := "CREATE TABLE sessions (\n  user_id bigint CONSTRAINT by_user REFERENCES users(id)\n);\n" +
		"ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey;\n"
	name := filepath.Join(dir, "db", "002_sessions.sql")
	run := func(format string) string {
		var stdout, stderr bytes.Buffer
		code := cli.Main([]string{"lint", "--color", "never", "--format", format, "--stdin-filename", name}, strings.NewReader(buffer), &stdout, &stderr)
		if code != cli.ExitFindings {
			t.Fatalf("exit %d, want %d: %s", code, cli.ExitFindings, stderr.String())
		}
		return stdout.String()
	}
	var doc report.JSONReport
	if err := json.Unmarshal([]byte(run("json")), &doc); err != nil {
		t.Fatal(err)
	}
	var want []finding
	severities := map[string]bool{}
	for _, d := range doc.Diagnostics {
		want = append(want, finding{d.File, d.Severity, d.Message + " [" + d.Rule + "]", d.Line, d.Column})
		severities[d.Severity] = true
	}
	if !severities["error"] || !severities["warning"] {
		t.Fatalf("the run should report an error and a warning, got %+v", want)
	}
	return run("text"), want
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editorsDoc is docs/editors.md, where the patterns under test live.
func editorsDoc(t *testing.T) string {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(doc)
}

// TestEditorPatterns applies the patterns of docs/editors.md, as written
// there, to real output: each must find exactly the findings, with their
// file, position, severity and message, and nothing in the other lines.
func TestEditorPatterns(t *testing.T) {
	out, want := editorRun(t)
	doc := editorsDoc(t)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	t.Run("vscode", func(t *testing.T) {
		m := regexp.MustCompile("(?s)```json\n(\\{\n  \"version\": \"2.0.0\".*?)\n```").FindStringSubmatch(doc)
		if m == nil {
			t.Fatal("no tasks.json in docs/editors.md")
		}
		var tasks struct {
			Tasks []struct {
				ProblemMatcher struct {
					Pattern struct {
						Regexp                                      string
						File, Line, Column, Severity, Message, Code int
					}
				}
			}
		}
		if err := json.Unmarshal([]byte(m[1]), &tasks); err != nil {
			t.Fatalf("tasks.json: %v", err)
		}
		p := tasks.Tasks[0].ProblemMatcher.Pattern
		re := regexp.MustCompile(p.Regexp) // the syntax is common to JavaScript and Go
		var got []finding
		for _, line := range lines {
			if g := re.FindStringSubmatch(line); g != nil {
				got = append(got, finding{g[p.File], g[p.Severity], g[p.Message] + " [" + g[p.Code] + "]", atoi(g[p.Line]), atoi(g[p.Column])})
			}
		}
		compare(t, got, want)
	})
	t.Run("emacs", func(t *testing.T) {
		m := regexp.MustCompile(`(?s):error-patterns\s*\((.*?)\)\s*:modes`).FindStringSubmatch(doc)
		if m == nil {
			t.Fatal("no :error-patterns in docs/editors.md")
		}
		patterns := regexp.MustCompile(`\((error|warning|info) ([^()]*(?:\([a-z-]+\)[^()]*)*)\)`).FindAllStringSubmatch(m[1], -1)
		if len(patterns) != 3 {
			t.Fatalf("want 3 error patterns, got %q", patterns)
		}
		var got []finding
		for _, line := range lines {
			for _, p := range patterns {
				if g := rxToRegexp(t, p[2]).FindStringSubmatch(line); g != nil {
					got = append(got, finding{g[1], p[1], g[4], atoi(g[2]), atoi(g[3])})
				}
			}
		}
		compare(t, got, want)
	})
	t.Run("vim", func(t *testing.T) {
		efms := regexp.MustCompile(`let &l:errorformat = '([^']*)'|from_errorformat\('([^']*)'`).FindAllStringSubmatch(doc, -1)
		if len(efms) != 4 {
			t.Fatalf("want the Vim errorformat and nvim-lint's three, got %q", efms)
		}
		vim, err := exec.LookPath("vim")
		if err != nil {
			t.Skip("vim is not installed: the errorformats are checked with Vim's own parser (Debian package vim)")
		}
		// Vim's errorformat, then nvim-lint's, whose per-parser severity
		// stands in for %t.
		var nvim []finding
		for _, efm := range efms {
			if efm[1] != "" {
				compare(t, quickfix(t, vim, efm[1], lines), want)
				continue
			}
			sev := strings.TrimSuffix(strings.TrimPrefix(efm[2], "%f:%l:%c: "), ": %m")
			for _, f := range quickfix(t, vim, efm[2], lines) {
				f.Severity = sev
				nvim = append(nvim, f)
			}
		}
		// nvim-lint concatenates its parsers' results: by severity.
		rank := map[string]int{"error": 0, "warning": 1, "info": 2}
		bySeverity := append([]finding(nil), want...)
		sort.SliceStable(bySeverity, func(i, j int) bool { return rank[bySeverity[i].Severity] < rank[bySeverity[j].Severity] })
		compare(t, nvim, bySeverity)
	})
}

// quickfix parses lines with Vim's errorformat efm and returns the valid
// entries.
func quickfix(t *testing.T, vim, efm string, lines []string) []finding {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "lines.json"), filepath.Join(dir, "items.json")
	data, _ := json.Marshal(lines)
	write(t, in, string(data))
	script := fmt.Sprintf(`let qf = getqflist({'lines': json_decode(readfile(%q)[0]), 'efm': %s})
call writefile([json_encode(map(filter(qf.items, 'v:val.valid'), '{"file": bufname(v:val.bufnr), "line": v:val.lnum, "col": v:val.col, "type": v:val.type, "text": v:val.text}'))], %q)
qa!
`, in, vimString(efm), out)
	write(t, filepath.Join(dir, "run.vim"), script)
	cmd := exec.Command(vim, "-Nu", "NONE", "-i", "NONE", "-es", "-S", filepath.Join(dir, "run.vim"))
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vim: %v: %s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var items []struct {
		File, Type, Text string
		Line, Col        int
	}
	if err := json.Unmarshal(data, &items); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	types := map[string]string{"e": "error", "w": "warning", "i": "info", "": ""}
	var got []finding
	for _, it := range items {
		got = append(got, finding{it.File, types[it.Type], it.Text, it.Line, it.Col})
	}
	return got
}

func vimString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// rxToRegexp translates the rx forms flycheck's error patterns use here to
// the regular expression Emacs builds from them, with flycheck's groups:
// 1 file name, 2 line, 3 column, 4 message.
func rxToRegexp(t *testing.T, forms string) *regexp.Regexp {
	tr := map[string]string{
		"line-start": "^", "line-end": "$",
		"(file-name)": `(.+?)`, // flycheck: (minimal-match (one-or-more not-newline))
		"line":        `(\d+)`,
		"column":      `(\d+)`,
		"(message)":   `(.+)`, // flycheck: (one-or-more not-newline)
	}
	var re strings.Builder
	for _, tok := range regexp.MustCompile(`"(?:[^"\\]|\\.)*"|\([a-z-]+\)|[a-z-]+`).FindAllString(forms, -1) {
		if strings.HasPrefix(tok, `"`) {
			s, err := strconv.Unquote(tok)
			if err != nil {
				t.Fatalf("%s: %v", tok, err)
			}
			re.WriteString(regexp.QuoteMeta(s))
		} else if r, ok := tr[tok]; ok {
			re.WriteString(r)
		} else {
			t.Fatalf("rx form %s is not translated by the test", tok)
		}
	}
	return regexp.MustCompile(re.String())
}

func compare(t *testing.T, got, want []finding) {
	t.Helper()
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("parsed\n%+v\nwant\n%+v", got, want)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
