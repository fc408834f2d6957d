package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/internal/lint"
)

// cacheCmd empties the cache or prints where it is.
func cacheCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] != "clean" && args[0] != "dir" {
		fmt.Fprintln(stderr, "Usage: miglint cache clean|dir\n\n"+
			"The cache keeps each file's parse and each run's findings, so that a run\n"+
			"re-parses only the files that changed. It lives in $MIGLINT_CACHE_DIR, else\n"+
			"miglint in the user cache directory; MIGLINT_CACHE_SIZE bounds it (in MB,\n"+
			"default 1024): the least recently used entries go first.")
		return ExitUsage
	}
	dir, err := cacheDir()
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if args[0] == "dir" {
		fmt.Fprintln(stdout, dir)
		return ExitOK
	}
	if err := cache.Clean(dir); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	return ExitOK
}

// cacheDir is where the cache lives. A test binary (go test) has none
// unless MIGLINT_CACHE_DIR names one: tests must never touch the user's.
func cacheDir() (string, error) {
	if testing.Testing() && os.Getenv("MIGLINT_CACHE_DIR") == "" {
		return "", fmt.Errorf("no cache in tests unless MIGLINT_CACHE_DIR is set")
	}
	return cache.Dir()
}

// openCache returns the cache, or nil when there is no place for one: it
// only makes runs faster.
func openCache() *cache.Cache {
	dir, err := cacheDir()
	if err != nil {
		return nil
	}
	return cache.Open(dir)
}

// workerCommand returns how to start a parse worker: this executable with
// lint.WorkerArg. A worker starts none of its own. A test binary serves as a
// worker only when its tests say its TestMain dispatches lint.WorkerArg
// (MIGLINT_TEST_WORKERS=1); else it would run its tests instead.
func workerCommand() func() *exec.Cmd {
	exe, err := os.Executable()
	if err != nil || os.Getenv("MIGLINT_PARSE_WORKER") != "" || testing.Testing() && os.Getenv("MIGLINT_TEST_WORKERS") != "1" {
		return nil
	}
	return func() *exec.Cmd {
		cmd := exec.Command(exe, lint.WorkerArg)
		cmd.Args[0] = os.Args[0] // how a multi-command test binary knows it is miglint
		cmd.Env = append(os.Environ(), "MIGLINT_PARSE_WORKER=1", "GOMAXPROCS=1")
		cmd.Stderr = os.Stderr
		return cmd
	}
}
