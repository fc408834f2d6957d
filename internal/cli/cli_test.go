package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/miglint/miglint/internal/cli"
)

func TestMain(m *testing.M) {
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
			return os.CopyFS(filepath.Join(env.WorkDir, "cascade-backfill"), os.DirFS(example))
		},
		UpdateScripts: os.Getenv("UPDATE_GOLDEN") != "",
	})
}
