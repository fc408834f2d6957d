package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
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

func lintCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output `format`: "+strings.Join(formatNames, ", "))
	stdinName := fs.String("stdin-filename", "", "lint standard input as the file at `PATH` (an editor's unsaved buffer), replaying the rest of its history from disk")
	colorMode := fs.String("color", "auto", "colour the text format: auto, always or never (auto: only on a terminal, and not when NO_COLOR is set)")
	set := addSettings(fs)
	newFromRev := fs.String("new-from-rev", "", "report only findings in files added or changed since the git `revision` (the whole history is still replayed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: miglint lint [flags] PATH...\n\nFlags:")
		fs.PrintDefaults()
	}
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	if !slices.Contains(formatNames, *format) {
		fmt.Fprintf(stderr, "miglint: unknown format %q: want %s\n", *format, strings.Join(formatNames, ", "))
		return ExitUsage
	}
	colored, err := useColor(*colorMode, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	_, opts, err := set.resolve(paths)
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if len(opts.Paths) == 0 && *stdinName == "" {
		fmt.Fprintln(stderr, "miglint: no PATH given, and no paths in a configuration file")
		fs.Usage()
		return ExitUsage
	}
	opts.FileMode = true
	opts.CacheResult = true // lint reads the findings only, not the replayed schema
	if *newFromRev != "" {
		changed, err := lint.ChangedSince(*newFromRev)
		if err != nil {
			fmt.Fprintln(stderr, "miglint:", err)
			return ExitUsage
		}
		opts.Only = append(opts.Only, changed...)
		if len(changed) == 0 {
			opts.Only = append(opts.Only, os.DevNull) // nothing changed: report nothing
		}
	}
	if *stdinName != "" {
		// Read no more than a file would be (a larger one is reported).
		src, err := io.ReadAll(io.LimitReader(stdin, parser.MaxFileSize+1))
		if err != nil {
			fmt.Fprintln(stderr, "miglint: reading standard input:", err)
			return ExitUsage
		}
		opts.Overlay = map[string]string{*stdinName: string(src)}
		if !slices.Contains(paths, *stdinName) {
			opts.Paths = append(opts.Paths, *stdinName)
		}
	}
	undo := pauseGC(os.Getenv)
	opts.Loaded = func(size int) {
		undo()
		undo = limitMemory(os.Getenv, size)
	}
	defer func() { undo() }()
	// The checkpoint after the last file is written while the findings
	// are printed.
	opts.Detach = true
	res := lint.Run(opts)
	defer res.Wait()
	printErrors(stderr, res.LoadErrors)
	sum := report.Summarize(len(res.Files), res.Statements, res.Diagnostics)
	err = writeReport(*format, stdout, res, sum, colored)
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
