package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDeterministicOutput: the same input gives the same bytes in every
// format, run after run, whatever the parallelism (GOMAXPROCS sets how many
// parse workers a run starts) and the state of the cache (cold, warm, off),
// and with any parallelism flag that lint -h lists.
func TestDeterministicOutput(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "hist"), os.DirFS("../../testdata/examples/cascade-backfill")); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{
		"900_deep.sql":       "SELECT 1" + strings.Repeat("+1", 5000) + ";\n",
		"901_bytes.sql":      "SELECT '\x00';\nSELECT '\xff';\nALTER TABLE users ADD COLUMN \"a,b:c%\" int;\n",
		"902_new\nline.sql":  "ALTER TABLE nope DROP CONSTRAINT IF EXISTS x;\n",
		"903_open.sql":       "CREATE TABLE z (user_id bigint REFERENCES users);\nSELECT $$never closed\n",
		"904_é 100%,a:b.sql": "\uFEFFCREATE TABLE y (user_id bigint REFERENCES users);\r\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, "hist", name), []byte(src), 0o644); err != nil {
			t.Skipf("cannot write %q here: %v", name, err)
		}
	}

	// A test binary caches only in MIGLINT_CACHE_DIR: without it, no cache.
	type variant struct{ env, args []string }
	cache := filepath.Join(dir, "cache")
	variants := []variant{
		{},
		{env: []string{"GOMAXPROCS=1"}},
		{env: []string{"GOMAXPROCS=2"}},
		{env: []string{"GOMAXPROCS=8"}},
		{env: []string{"MIGLINT_CACHE_DIR=" + cache}},                 // cold
		{env: []string{"MIGLINT_CACHE_DIR=" + cache, "GOMAXPROCS=4"}}, // warm
	}
	_, help, _ := miglint(t, dir, "lint", "-h")
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+-([a-z-]+)`).FindAllStringSubmatch(help, -1) {
		defined[m[1]] = true
	}
	if defined["no-cache"] {
		variants = append(variants, variant{args: []string{"--no-cache"}})
	}
	for _, f := range []string{"jobs", "j", "parallel", "workers"} {
		if defined[f] {
			variants = append(variants, variant{args: []string{"--" + f + "=1"}}, variant{args: []string{"--" + f + "=8"}})
		}
	}
	variants = append(variants, variant{}) // the plain run again
	t.Logf("variants: %+v", variants)

	for _, format := range []string{"text", "json", "github", "sarif", "checkstyle", "junit"} {
		var first string
		for i, v := range variants {
			args := append(append([]string{"lint", "--format", format}, v.args...), "hist")
			stdout, stderr, code := miglintEnv(t, dir, v.env, args...)
			if code != 1 || stderr != "" {
				t.Fatalf("%q %q: exit code %d, stderr %q", v.env, args, code, stderr)
			}
			if i == 0 {
				first = stdout
			} else if stdout != first {
				t.Errorf("%q %q gives other bytes than the first run of %s", v.env, args, format)
			}
		}
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("MIGLINT_CACHE_DIR was not used (%v): the cache variants prove nothing", err)
	}
}
