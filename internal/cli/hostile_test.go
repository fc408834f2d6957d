package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
)

// goodSQL sits beside every hostile input, as good.sql, and has one known
// finding, a warning, so that the exit code is the hostile input's own.
const goodSQL = `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE posts (
    author bigint CONSTRAINT by_user REFERENCES users ON DELETE CASCADE
);
CREATE INDEX ON posts (author);
`

var goodFinding = regexp.MustCompile(`(?m)^good\.sql:3:19: warning: .*\[fk-name-convention\]$`)

// crashRE matches what the Go runtime prints when the process dies.
var crashRE = regexp.MustCompile(`(?m)^(panic: |fatal error: |SIGSEGV|SIGPIPE|SIGABRT|SIGBUS|goroutine \d+ \[)`)

// miglint runs the real command (the test binary, which TestMain puts on
// PATH as miglint) in dir.
func miglint(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return miglintEnv(t, dir, nil, args...)
}

// miglintEnv is miglint with variables added to the environment.
func miglintEnv(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "miglint", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("miglint %q did not finish in 2 minutes", args)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if crashRE.MatchString(out.String() + errOut.String()) {
		t.Fatalf("miglint %q crashed:\n%s", args, errOut.String())
	}
	return out.String(), errOut.String(), code
}

func write(t *testing.T, path string, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
}

// TestHostileInputs runs miglint over each kind of input a linter in CI or
// an editor meets, beside good.sql: each gets a clear finding or error
// message with its position, the documented exit code, and good.sql is
// still linted, in text and json, without a crash.
func TestHostileInputs(t *testing.T) {
	for _, tc := range []struct {
		name string
		// setup writes the hostile input into dir and returns the paths to
		// lint before good.sql.
		setup func(t *testing.T, dir string) []string
		code  int
		// stdout and stderr lines each pattern must match; stderr must be
		// empty without patterns.
		stdout, stderr []string
	}{{
		name:   "empty file",
		setup:  file(""),
		stdout: []string{`^0 errors, 1 warning, 2 files \(3 statements\)$`},
	}, {
		name:   "comments only",
		setup:  file("-- nothing here\n/* nor\n   here */\n"),
		stdout: []string{`^0 errors, 1 warning, 2 files \(3 statements\)$`},
	}, {
		name:  "UTF-8 BOM and CRLF lines",
		setup: file("\uFEFFSELEC 1;\r\nCREATE TABLE b (id int,, x int);\r\n"),
		code:  1,
		// The BOM takes no column; no carriage return reaches the output.
		stdout: []string{`^bad\.sql:1:1: error: syntax error at or near "SELEC" \[syntax-error\]$`, `^    SELEC 1;$`,
			`^bad\.sql:2:24: error: syntax error at or near "," \[syntax-error\]$`, `^    CREATE TABLE b \(id int,, x int\);$`},
	}, {
		name:   "NUL bytes",
		setup:  file("SELECT 1;\nSELECT 'a\x00b';\nSELECT 3;\n"),
		code:   1,
		stdout: []string{`^bad\.sql:2:10: error: NUL byte in SQL text \[syntax-error\]$`, `^    SELECT 'a\x{FFFD}b';$`, `, 2 files \(6 statements\)$`},
	}, {
		name:   "invalid UTF-8",
		setup:  file("SELECT 1;\nSELECT 'é\xff';\nSELECT 3;\n"),
		code:   1,
		stdout: []string{`^bad\.sql:2:10: error: invalid byte sequence for encoding "UTF8" \[syntax-error\]$`, `, 2 files \(6 statements\)$`},
	}, {
		name:  "a statement nested 20,000 deep",
		setup: file("SELECT 1;\nSELECT " + strings.Repeat("(", 20_000) + "1" + strings.Repeat(")", 20_000) + ";\nSELECT 3;\n"),
		code:  1,
		// SELECT and 999 parentheses make 1,000 levels: the next one is
		// reported.
		stdout: []string{fmt.Sprintf(`^bad\.sql:2:1007: error: statement nested deeper than %d levels .*\[syntax-error\]$`, parser.MaxDepth), `, 2 files \(6 statements\)$`},
	}, {
		// 100,000 of them killed the process (SIGSEGV in libpg_query).
		name:   "an operator chain 100,000 long",
		setup:  file("SELECT 1" + strings.Repeat(" + 1", 100_000) + ";\n"),
		code:   1,
		stdout: []string{`^bad\.sql:1:\d+: error: statement nested deeper than \d+ levels .*\[syntax-error\]$`},
	}, {
		name:   "unterminated string",
		setup:  file("SELECT 1;\nSELECT 'abc;\nSELECT 3;\n"),
		code:   1,
		stdout: []string{`^bad\.sql:2:8: error: unterminated quoted string at or near "'abc;\\nSELECT 3;\\n" \[syntax-error\]$`},
	}, {
		name:   "unterminated comment",
		setup:  file("SELECT 1;\n/* never closed\nSELECT 2;\n"),
		code:   1,
		stdout: []string{`^bad\.sql:2:1: error: unterminated /\* comment at or near .*\[syntax-error\]$`},
	}, {
		name:   "unterminated dollar quote",
		setup:  file("CREATE FUNCTION f() RETURNS int AS $body$\nSELECT 1;\n"),
		code:   1,
		stdout: []string{`^bad\.sql:1:36: error: unterminated dollar-quoted string at or near .*\[syntax-error\]$`},
	}, {
		name: "binary data",
		setup: func(t *testing.T, dir string) []string {
			b := make([]byte, 64<<10)
			rand.New(rand.NewSource(8)).Read(b)
			write(t, filepath.Join(dir, "bad.sql"), string(b))
			return []string{"bad.sql"}
		},
		code:   1,
		stdout: []string{`^bad\.sql:\d+:\d+: error: .*\[syntax-error\]$`},
	}, {
		name: "a 60,000-statement file",
		setup: func(t *testing.T, dir string) []string {
			var b strings.Builder
			for i := range 60_000 {
				fmt.Fprintf(&b, "CREATE TABLE t%d (id int PRIMARY KEY);\n", i)
			}
			b.WriteString("CREATE TABLE broken (id int,);\n")
			write(t, filepath.Join(dir, "bad.sql"), b.String())
			return []string{"bad.sql"}
		},
		code:   1,
		stdout: []string{`^bad\.sql:60001:29: error: syntax error at or near "\)" \[syntax-error\]$`, `^1 error, 1 warning, 2 files \(60004 statements\)$`},
	}, {
		name: "a file larger than the limit",
		setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "bad.sql"), "SELECT 1;\n")
			if err := os.Truncate(filepath.Join(dir, "bad.sql"), parser.MaxFileSize+1); err != nil {
				t.Fatal(err)
			}
			return []string{"bad.sql"}
		},
		code:   1,
		stdout: []string{`^bad\.sql:1:1: error: file is larger than 16 MiB, the most miglint reads; not parsed \[syntax-error\]$`},
	}, {
		// Links to directories are not followed: no loop, and the
		// directory's own files are linted.
		name: "directory symlink loop",
		setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "hist/001_a.sql"), "SELEC 1;\n")
			symlink(t, ".", filepath.Join(dir, "hist/loop"))
			symlink(t, "..", filepath.Join(dir, "hist/sub/up"))
			symlink(t, ".", filepath.Join(dir, "hist/002_dir.sql"))
			return []string{"hist"}
		},
		code:   1,
		stdout: []string{`^hist/001_a\.sql:1:1: error: syntax error at or near "SELEC" \[syntax-error\]$`, `, 2 files \(4 statements\)$`},
	}, {
		// A directory named through a link is linted (WalkDir alone
		// would not enter it).
		name: "symlink to a directory as the argument",
		setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "hist/001_a.sql"), "SELEC 1;\n")
			symlink(t, "hist", filepath.Join(dir, "link"))
			return []string{"link"}
		},
		code:   1,
		stdout: []string{`^link/001_a\.sql:1:1: error: syntax error at or near "SELEC" \[syntax-error\]$`},
	}, {
		name: "symlink to itself",
		setup: func(t *testing.T, dir string) []string {
			symlink(t, "self.sql", filepath.Join(dir, "self.sql"))
			symlink(t, "self.sql", filepath.Join(dir, "hist/self.sql"))
			write(t, filepath.Join(dir, "hist/001_a.sql"), "SELEC 1;\n")
			return []string{"self.sql", "hist"}
		},
		code:   2,
		stdout: []string{`^hist/001_a\.sql:1:1: error: `},
		stderr: []string{`^miglint: stat self\.sql: too many levels of symbolic links$`, `^miglint: stat hist/self\.sql: too many levels of symbolic links$`},
	}, {
		name: "unreadable file (no permission)",
		setup: func(t *testing.T, dir string) []string {
			if os.Geteuid() == 0 {
				t.Skip("running as root, which reads a file whatever its mode; the other unreadable rows still run")
			}
			write(t, filepath.Join(dir, "bad.sql"), "SELECT 1;\n")
			write(t, filepath.Join(dir, "hist/001_a.sql"), "SELECT 1;\n")
			for _, p := range []string{"bad.sql", "hist/001_a.sql"} {
				if err := os.Chmod(filepath.Join(dir, p), 0); err != nil {
					t.Fatal(err)
				}
			}
			return []string{"bad.sql", "hist"}
		},
		code:   2,
		stderr: []string{`^miglint: open bad\.sql: permission denied$`, `^miglint: open hist/001_a\.sql: permission denied$`},
	}, {
		name: "unreadable file (dangling symlink)",
		setup: func(t *testing.T, dir string) []string {
			symlink(t, "nowhere.sql", filepath.Join(dir, "bad.sql"))
			symlink(t, "nowhere.sql", filepath.Join(dir, "hist/001_a.sql"))
			return []string{"bad.sql", "hist"}
		},
		code:   2,
		stderr: []string{`^miglint: stat bad\.sql: no such file or directory$`, `^miglint: stat hist/001_a\.sql: no such file or directory$`},
	}, {
		// Reading a FIFO would wait for a writer forever.
		name: "unreadable file (FIFO among migrations)",
		setup: func(t *testing.T, dir string) []string {
			write(t, filepath.Join(dir, "hist/001_a.sql"), "SELEC 1;\n")
			if err := syscall.Mkfifo(filepath.Join(dir, "hist/002_b.sql"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
			return []string{"hist"}
		},
		code:   2,
		stdout: []string{`^hist/001_a\.sql:1:1: error: `},
		stderr: []string{`^miglint: hist/002_b\.sql: not a regular file$`},
	}, {
		name:   "nonexistent path",
		setup:  func(*testing.T, string) []string { return []string{"missing.sql", "missing/"} },
		code:   2,
		stderr: []string{`^miglint: stat missing\.sql: no such file or directory$`, `^miglint: stat missing/: no such file or directory$`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "good.sql"), goodSQL)
			args := append(tc.setup(t, dir), "good.sql")
			stdout, stderr, code := miglint(t, dir, append([]string{"lint"}, args...)...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, cut(stdout), stderr)
			}
			if !goodFinding.MatchString(stdout) {
				t.Errorf("good.sql's finding is missing:\n%s", cut(stdout))
			}
			for _, re := range tc.stdout {
				if !regexp.MustCompile("(?m)" + re).MatchString(stdout) {
					t.Errorf("stdout does not match %s:\n%s", re, cut(stdout))
				}
			}
			for _, re := range tc.stderr {
				if !regexp.MustCompile("(?m)" + re).MatchString(stderr) {
					t.Errorf("stderr does not match %s:\n%s", re, stderr)
				}
			}
			if len(tc.stderr) == 0 && stderr != "" {
				t.Errorf("unexpected stderr:\n%s", stderr)
			}

			// The same in json: one document, the same exit code, as many
			// findings as the text has headers, good.sql's among them.
			jsonOut, _, jsonCode := miglint(t, dir, append([]string{"lint", "--format", "json"}, args...)...)
			var doc report.JSONReport
			if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil {
				t.Fatalf("json output is not one document: %v\n%s", err, cut(jsonOut))
			}
			if jsonCode != code {
				t.Errorf("json exits %d, text %d", jsonCode, code)
			}
			found := false
			for _, d := range doc.Diagnostics {
				found = found || d.File == "good.sql" && d.Rule == "fk-name-convention" && d.Line == 3 && d.Column == 19
			}
			if !found {
				t.Errorf("good.sql's finding is missing from the json output")
			}
			if n := headers(stdout); n != len(doc.Diagnostics) {
				t.Errorf("text has %d finding lines, json %d findings", n, len(doc.Diagnostics))
			}
		})
	}
}

// file is a setup that writes bad.sql and lints it.
func file(src string) func(*testing.T, string) []string {
	return func(t *testing.T, dir string) []string {
		write(t, filepath.Join(dir, "bad.sql"), src)
		return []string{"bad.sql"}
	}
}

// headers counts the finding lines of the text format: all but the
// indented source and marker lines and the summary.
func headers(text string) int {
	n := 0
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if line != "" && !strings.HasPrefix(line, "    ") {
			n++
		}
	}
	return n - 1
}

// cut keeps a failure message readable when the output is huge.
func cut(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// hostileNames are file names that each format must escape or keep intact.
var hostileNames = []string{"with space.sql", "é漢字.sql", "100%25%.sql", "a:b.sql", "a,b.sql", "new\nline.sql", "quote\"'<&>.sql"}

// TestHostileFileNames lints files whose names hold spaces, non-ASCII, %,
// :, commas, quotes and a newline, and reads every format back: each
// finding is one line of text and one annotation, and every format gives
// the name back exactly.
func TestHostileFileNames(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.sql"), goodSQL)
	args := []string{"good.sql"}
	for i, name := range hostileNames {
		if err := os.WriteFile(filepath.Join(dir, name), fmt.Appendf(nil, "CREATE TABLE t%d (user_id bigint REFERENCES users);\nCREATE INDEX ON t%[1]d (user_id);\n", i), 0o644); err != nil {
			t.Skipf("cannot name a file %q here: %v", name, err)
		}
		args = append(args, name)
	}
	run := func(format string) string {
		stdout, stderr, code := miglint(t, dir, append([]string{"lint", "--format", format}, args...)...)
		if code != 1 || stderr != "" {
			t.Errorf("--format %s: exit code %d, want 1; stderr %q", format, code, stderr)
		}
		return stdout
	}

	text := run("text")
	if got, want := headers(text), len(hostileNames)+1; got != want {
		t.Errorf("text: %d finding lines, want %d:\n%s", got, want, text)
	}
	for _, name := range hostileNames {
		header := strings.ReplaceAll(name, "\n", `\n`) + ":1:"
		if !strings.Contains(text, "\n"+header) {
			t.Errorf("text: no finding line starts with %q", header)
		}
	}

	var doc report.JSONReport
	if err := json.Unmarshal([]byte(run("json")), &doc); err != nil {
		t.Fatal(err)
	}
	var jsonFiles []string
	for _, d := range doc.Diagnostics[1:] {
		jsonFiles = append(jsonFiles, d.File)
	}
	if fmt.Sprintf("%q", jsonFiles) != fmt.Sprintf("%q", hostileNames) {
		t.Errorf("json files %q, want %q", jsonFiles, hostileNames)
	}

	lines := strings.Split(strings.TrimSuffix(run("github"), "\n"), "\n")
	if len(lines) != len(hostileNames)+2 {
		t.Fatalf("github: %d lines, want an annotation per finding and the summary:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	for i, name := range hostileNames {
		m := regexp.MustCompile(`^::error file=([^,]*),line=1,`).FindStringSubmatch(lines[i+1])
		if m == nil || unescape.Replace(m[1]) != name {
			t.Errorf("github: annotation %q does not name %q", lines[i+1], name)
		}
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(run("sarif")), &sarif); err != nil {
		t.Fatal(err)
	}
	for i, res := range sarif.Runs[0].Results[1:] {
		u, err := url.Parse(res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		if err != nil || u.Path != hostileNames[i] {
			t.Errorf("sarif: uri %q does not decode to %q (%v)", res.Locations[0].PhysicalLocation.ArtifactLocation.URI, hostileNames[i], err)
		}
	}

	for _, format := range []string{"checkstyle", "junit"} {
		var names []string
		d := xml.NewDecoder(strings.NewReader(run(format)))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if el, ok := tok.(xml.StartElement); ok && (el.Name.Local == "file" || el.Name.Local == "testsuite") {
				for _, a := range el.Attr {
					if a.Name.Local == "name" {
						names = append(names, a.Value)
					}
				}
			}
		}
		if fmt.Sprintf("%q", names) != fmt.Sprintf("%q", append([]string{"good.sql"}, hostileNames...)) {
			t.Errorf("%s: files %q, want good.sql and %q", format, names, hostileNames)
		}
	}
}
