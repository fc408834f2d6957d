package oracle

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/miglint/miglint/internal/pgtest"
)

var (
	binDir      string
	miglintOnce sync.Once
	miglintBin  string
	miglintErr  error
	dbCount     atomic.Int64 // numbers the databases of a cluster
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// needMiglint builds ./cmd/miglint once per test binary run and returns its
// path. Without it the test is skipped, or fails under CI=true.
func needMiglint(t testing.TB) string {
	t.Helper()
	miglintOnce.Do(func() {
		binDir, miglintErr = os.MkdirTemp("", "oracle-bin-")
		if miglintErr != nil {
			return
		}
		miglintBin = filepath.Join(binDir, "miglint")
		// The runs must not fill the user's cache: give them one of their own.
		miglintErr = os.Setenv("MIGLINT_CACHE_DIR", filepath.Join(binDir, "cache"))
		if miglintErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", miglintBin, "./cmd/miglint")
		cmd.Dir = filepath.Join("..", "..") // the module root
		if out, err := cmd.CombinedOutput(); err != nil {
			miglintErr = fmt.Errorf("go build ./cmd/miglint: %w\n%s", err, out)
		}
	})
	if miglintErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(miglintErr)
		}
		t.Skip(miglintErr)
	}
	return miglintBin
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// workers starts n workers, each with its own database, on cluster c.
func workers(t testing.TB, c *pgtest.Cluster, miglint string, n int) []*Worker {
	t.Helper()
	dir := t.TempDir()
	var ws []*Worker
	for range n {
		w, err := NewWorker(context.Background(), c, fmt.Sprintf("w%d", dbCount.Add(1)), miglint, dir)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	return ws
}

func numWorkers() int { return envInt("MIGLINT_ORACLE_WORKERS", runtime.GOMAXPROCS(0)) }
