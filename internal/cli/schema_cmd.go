package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

func schemaCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output `format`: json; with --root also tree, mermaid or dot")
	root := fs.String("root", "", "print the deletion tree of a key, `table(cols)` such as users(id) (without columns: the primary key), instead of the catalog")
	set := addSettings(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	if *root == "" && *format != "json" || !slices.Contains(cascade.Formats, *format) {
		fmt.Fprintf(stderr, "miglint: unknown format %q: want json, or with --root %s\n", *format, strings.Join(cascade.Formats, ", "))
		return ExitUsage
	}
	opts, ok := set.history(paths, stderr, nil)
	if !ok {
		return ExitUsage
	}
	res := lint.Run(opts)
	printErrors(stderr, res.LoadErrors)
	if *root != "" {
		return deletionTree(res, *root, *format, stdout, stderr)
	}
	if err := report.Schema(stdout, res.Replay.Catalog); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if len(res.LoadErrors) > 0 {
		return ExitUsage
	}
	return ExitOK
}

// deletionTree prints the deletion tree of the key root names (see package
// cascade) in format.
func deletionTree(res *lint.Result, root, format string, stdout, stderr io.Writer) int {
	p, err := rules.ParsePolicy(root + "=cascade") // the action plays no part in the tree
	if err != nil || strings.Contains(root, "=") {
		fmt.Fprintf(stderr, "miglint: --root %q: want [schema.]table[(columns)], e.g. users(id)\n", root)
		return ExitUsage
	}
	roots := rules.Roots(res.Replay.Catalog, []rules.Policy{p})
	if len(roots) == 0 {
		fmt.Fprintf(stderr, "miglint: --root %s: the final schema has no such table, or no such key\n", root)
		return ExitUsage
	}
	if err := cascade.Render(stdout, cascade.Walk(res.Replay.Catalog, roots[0], nil), format); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if len(res.LoadErrors) > 0 {
		return ExitUsage
	}
	return ExitOK
}
