// Package cli is the miglint command: it wires the parser, the replay, the
// rules and the reports together and maps the outcome to an exit code.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// Exit codes.
const (
	ExitOK       = 0 // no error-severity finding
	ExitFindings = 1 // at least one error-severity finding
	ExitUsage    = 2 // bad usage, configuration or I/O error
)

// Version is miglint's version.
const Version = "0.1.0"

const usage = `miglint checks SQL migration histories without a database.

Usage:
  miglint lint [flags] PATH...     report findings (exit 0: none are errors, 1: errors, 2: usage or I/O error)
  miglint schema [flags] PATH...   print the replayed schema as JSON
  miglint rules                    list the rules
  miglint explain RULE             print a rule's documentation
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
		return lint(rest, stdout, stderr)
	case "schema":
		return schemaCmd(rest, stdout, stderr)
	case "rules":
		return listRules(stdout)
	case "explain":
		return explain(rest, stdout, stderr)
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

func lint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	colorMode := fs.String("color", "auto", "colour the text format: auto, always or never (auto: only on a terminal, and not when NO_COLOR is set)")
	var policies policyFlag
	fs.Var(&policies, "policy", "ON DELETE policy `table(cols)=action`, repeatable (default users(id)=cascade)")
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
	if len(policies) == 0 {
		policies = rules.DefaultPolicies
	}
	files, loadErrs := load(paths, stderr)
	res := schema.Replay(files)
	diags := rules.Run(files, res, policies, rules.All)
	sum := report.Summarize(files, diags)
	if *format == "json" {
		err = report.JSON(stdout, diags, sum)
	} else {
		err = report.Text(stdout, diags, sum, colored)
	}
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	case loadErrs:
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

// load reads and parses the history, reporting unreadable paths on stderr;
// the rest is still loaded.
func load(paths []string, stderr io.Writer) ([]*parser.File, bool) {
	files, errs := parser.Load(paths)
	for _, err := range errs {
		fmt.Fprintln(stderr, "miglint:", err)
	}
	for _, f := range files {
		parser.Parse(f)
	}
	return files, len(errs) > 0
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

func schemaCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint schema", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "output format: json")
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
	files, loadErrs := load(paths, stderr)
	if err := report.Schema(stdout, schema.Replay(files).Catalog); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if loadErrs {
		return ExitUsage
	}
	return ExitOK
}

func listRules(stdout io.Writer) int {
	for _, r := range rules.All {
		fmt.Fprintf(stdout, "%-22s %-8s %s\n", r.ID, r.Severity, r.Summary)
	}
	return ExitOK
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "Usage: miglint explain RULE")
		return ExitUsage
	}
	r := rules.ByID(args[0])
	if r == nil {
		fmt.Fprintf(stderr, "miglint: unknown rule %q; 'miglint rules' lists them\n", args[0])
		return ExitUsage
	}
	fmt.Fprintf(stdout, "%s (%s, since %s)\n\n%s\n\n%s\n", r.ID, r.Severity, r.Since, r.Summary, r.Doc)
	return ExitOK
}
