package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

type policyFlag []rules.Policy

func (p *policyFlag) String() string {
	var s []string
	for _, x := range *p {
		s = append(s, x.String())
	}
	return strings.Join(s, " ")
}

func (p *policyFlag) Set(v string) error {
	pol, err := rules.ParsePolicy(v)
	if err != nil {
		return err
	}
	*p = append(*p, pol)
	return nil
}

func lintCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	colorMode := fs.String("color", "auto", "colour the text format: auto, always or never (auto: only on a terminal, and not when NO_COLOR is set)")
	var policies policyFlag
	fs.Var(&policies, "policy", "ON DELETE policy `table(cols)=action`, repeatable (default users(id)=cascade)")
	applyDialect := dialectFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: miglint lint [flags] PATH...\n\nFlags:")
		fs.PrintDefaults()
	}
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "miglint: unknown format %q: want text or json\n", *format)
		return ExitUsage
	}
	colored, err := useColor(*colorMode, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "miglint: no PATH given")
		fs.Usage()
		return ExitUsage
	}
	opts := lint.Options{Paths: paths, Policies: policies}
	if err := applyDialect(&opts); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	res := lint.Run(opts)
	printErrors(stderr, res.LoadErrors)
	sum := report.Summarize(res.Files, res.Diagnostics)
	if *format == "json" {
		err = report.JSON(stdout, res.Diagnostics, sum)
	} else {
		err = report.Text(stdout, res.Diagnostics, sum, colored)
	}
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	case len(res.LoadErrors) > 0:
		return ExitUsage
	case sum.Errors > 0:
		return ExitFindings
	}
	return ExitOK
}

func usageErr(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

// printErrors reports unreadable paths; the rest is still linted.
func printErrors(stderr io.Writer, errs []error) {
	for _, err := range errs {
		fmt.Fprintln(stderr, "miglint:", err)
	}
}

func useColor(mode string, stdout io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		f, ok := stdout.(*os.File)
		return ok && os.Getenv("NO_COLOR") == "" && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())), nil
	}
	return false, fmt.Errorf("unknown --color %q: want auto, always or never", mode)
}
