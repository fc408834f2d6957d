package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/internal/lint"
)

func TestMain(m *testing.M) {
	// A parallel run starts this binary as a parse worker.
	if len(os.Args) > 1 && os.Args[1] == lint.WorkerArg {
		os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	// Runs may parse in worker processes: this binary, above. A test binary
	// caches only in the directory MIGLINT_CACHE_DIR names, never in the
	// user's cache: the scripts and tests that want a cache set it.
	if err := os.Setenv("MIGLINT_TEST_WORKERS", "1"); err != nil {
		panic(err)
	}
	testscript.Main(m, map[string]func(){
		"miglint": func() { os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the command-line scenarios in testdata/script. The
// example history of the repository is copied into each work directory, so
// scripts name it by a relative path, as a user would.
func TestScript(t *testing.T) {
	example, err := filepath.Abs("../../testdata/examples/cascade-backfill")
	if err != nil {
		t.Fatal(err)
	}
	actionScript, err := filepath.Abs("../../scripts/action.sh")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("ACTION_SCRIPT", actionScript) // the GitHub Action's logic
			// Scripts run with a cache of their own, so that running a
			// command twice also checks that cached runs say the same.
			env.Setenv("MIGLINT_CACHE_DIR", filepath.Join(env.WorkDir, ".miglint-cache"))
			env.Setenv("MIGLINT_TEST_WORKERS", "1")
			return os.CopyFS(filepath.Join(env.WorkDir, "cascade-backfill"), os.DirFS(example))
		},
		UpdateScripts: os.Getenv("UPDATE_GOLDEN") != "",
	})
}
