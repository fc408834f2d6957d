// Package linttest lets a test binary be its own parse worker, as the
// miglint binary is, so that tests and benchmarks can run the pipeline in
// parallel.
package linttest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/miglint/miglint/internal/lint"
)

// Worker returns how to start a parse worker: this test binary, whose
// TestMain must call Main.
func Worker(tb testing.TB) func() *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	return func() *exec.Cmd {
		cmd := exec.Command(exe, lint.WorkerArg)
		cmd.Stderr = os.Stderr
		return cmd
	}
}

// Main is a TestMain that serves parse requests when Worker started the
// binary, and runs the tests otherwise.
func Main(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == lint.WorkerArg {
		if err := lint.ServeWorker(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
