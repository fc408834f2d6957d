package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/cli"
)

// TestLintKeepsOutput: lint prints what it printed for an unchanged history
// without linting it again, and lints anew a file changed in place with its
// size and modification time kept.
func TestLintKeepsOutput(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "h")
	if err := os.Mkdir(hist, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(hist, "001_a.sql")
	src := "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users ON DELETE SET NULL);\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(dir, "cache")
	t.Setenv("MIGLINT_CACHE_DIR", cacheDir)
	// Files' times are trusted once two seconds old (see lint.OutputKey).
	time.Sleep(2100 * time.Millisecond)
	run := func() (string, int) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := cli.Main([]string{"lint", "--format", "json", hist}, nil, &out, &errOut)
		if errOut.Len() > 0 {
			t.Fatalf("stderr: %s", errOut.String())
		}
		return out.String(), code
	}
	first, code := run()
	if code != cli.ExitFindings || !strings.Contains(first, "SET NULL") {
		t.Fatalf("exit %d, output %s", code, first)
	}
	// The first run kept its output, which the next one prints.
	if again, c := run(); again != first || c != code {
		t.Fatalf("second run: exit %d, output %s", c, again)
	}

	// The entry the run kept holds its exit code and output: once marked,
	// the next run prints the mark.
	var kept string
	want := append([]byte{byte(code)}, first...)
	_ = filepath.WalkDir(cacheDir, func(p string, d fs.DirEntry, err error) error {
		if data, rerr := os.ReadFile(p); err == nil && !d.IsDir() && rerr == nil && bytes.Equal(data, want) {
			kept = p
		}
		return nil
	})
	if kept == "" {
		t.Fatal("the run kept no output")
	}
	if err := os.WriteFile(kept, append([]byte{byte(code)}, "kept\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, c := run(); got != "kept\n" || c != code {
		t.Fatalf("an unchanged history: exit %d, output %q; want the kept %d, %q", c, got, code, "kept\n")
	}

	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(src, "SET NULL", "RESTRICT", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got, _ := run(); got == "kept\n" || !strings.Contains(got, "RESTRICT") {
		t.Fatalf("a file changed in place: output %s", got)
	}
}
