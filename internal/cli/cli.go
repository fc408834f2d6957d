// Package cli is the miglint command: it wires the parser, the replay, the
// rules and the reports together and maps the outcome to an exit code.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/miglint/miglint/internal/lint"
)

// Exit codes.
const (
	ExitOK       = 0 // no error-severity finding
	ExitFindings = 1 // at least one error-severity finding
	ExitUsage    = 2 // bad usage, configuration or I/O error
)

// workerHeap is the heap a parse worker lets its garbage grow to.
const workerHeap = 64 << 20

// Version is miglint's version.
const Version = "0.1.0"

const usage = `miglint checks SQL migration histories without a database.

Usage:
  miglint lint [flags] PATH...     report findings (exit 0: none are errors, 1: errors, 2: usage or I/O error)
  miglint schema [flags] PATH...   print the replayed schema as JSON, or with --root users(id)
                                   the deletion tree of a key (--format tree|json|mermaid|dot)
  miglint fix [flags] PATH...      write the migration that makes deleting users succeed
  miglint config [flags]           print the effective configuration (.miglint.yaml and flags)
  miglint rules                    list the rules
  miglint explain RULE             print a rule's documentation
  miglint cache clean|dir          empty the cache of parsed files and findings, or print where it is
  miglint version

A PATH is a .sql file or a directory, walked recursively for *.sql files in
natural version order (9_x before 100_x); down migrations are never
replayed. Several PATHs replay in the order given.

Run 'miglint lint -h' for the flags.
`

// Main runs miglint with args (without the program name) and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "lint":
		return lintCmd(rest, stdin, stdout, stderr)
	case "schema":
		return schemaCmd(rest, stdout, stderr)
	case "fix":
		return fixCmd(rest, stdout, stderr)
	case "config":
		return configCmd(rest, stdout, stderr)
	case "rules":
		return listRules(stdout)
	case "explain":
		return explain(rest, stdout, stderr)
	case "cache":
		return cacheCmd(rest, stdout, stderr)
	case lint.WorkerArg:
		if !tuned(os.Getenv) {
			// A worker keeps nothing from one batch to the next: collecting
			// only once its garbage reaches workerHeap costs far less than
			// a collection every few megabytes.
			debug.SetGCPercent(-1)
			debug.SetMemoryLimit(workerHeap)
		}
		if err := lint.ServeWorker(stdin, stdout); err != nil {
			fmt.Fprintln(stderr, "miglint: parse worker:", err)
			return ExitUsage
		}
		return ExitOK
	case "version", "--version":
		fmt.Fprintln(stdout, "miglint", Version)
		return ExitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "miglint: unknown command %q\n\n%s", cmd, usage)
		return ExitUsage
	}
}

// parseArgs parses flags wherever they stand among the paths, so that
// "miglint lint dir --format json" works as well as the usual order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return paths, nil
		}
		rest := fs.Args()
		if fs.NArg() < len(args) && args[len(args)-fs.NArg()-1] == "--" {
			return append(paths, rest...), nil
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
}
