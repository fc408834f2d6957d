package cli

import (
	"flag"
	"fmt"
	"io"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/report"
)

func schemaCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json")
	applyDialect := dialectFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	if *format != "json" {
		fmt.Fprintf(stderr, "miglint: unknown format %q: want json\n", *format)
		return ExitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "miglint: no PATH given")
		return ExitUsage
	}
	opts := lint.Options{Paths: paths}
	if err := applyDialect(&opts); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	res := lint.Run(opts)
	printErrors(stderr, res.LoadErrors)
	if err := report.Schema(stdout, res.Replay.Catalog); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if len(res.LoadErrors) > 0 {
		return ExitUsage
	}
	return ExitOK
}
