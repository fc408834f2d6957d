package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// An unchanged history printed the same way prints what it printed
	// before: its files are known unchanged by their stamps, unread.
	render := []string{*format, strconv.FormatBool(colored)}
	keepOutput := *stdinName == "" && *newFromRev == ""
	if out, code, ok := keptOutput(opts, render, keepOutput); ok {
		if _, err := stdout.Write(out); err != nil {
			fmt.Fprintln(stderr, "miglint:", err)
			return ExitUsage
		}
		return code
	}
	start := time.Now()
	undo := pauseGC(os.Getenv)
	opts.Loaded = func(size int) {
		undo()
		undo = limitMemory(os.Getenv, size)
	}
	defer func() { undo() }()
	res := lint.Run(opts)
	printErrors(stderr, res.LoadErrors)
	sum := report.Summarize(res.Files, res.Diagnostics)
	out, kept := stdout, &capped{max: maxKeptOutput}
	if keepOutput {
		out = io.MultiWriter(stdout, kept)
	}
	err = writeReport(*format, out, res, sum, colored)
	code := ExitOK
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	case len(res.LoadErrors) > 0:
		return ExitUsage
	case sum.Errors > 0:
		code = ExitFindings
	}
	if key, ok := lint.KeepKey(opts, res, start, render...); ok && keepOutput && !kept.over {
		opts.Cache.Put(key, append([]byte{byte(code)}, kept.b...))
	}
	return code
}

// keptOutput is what lint printed, and its exit code, for an earlier run
// of an unchanged history with opts, printed as render says (see
// lint.OutputKey), when the run may use it.
func keptOutput(opts lint.Options, render []string, may bool) ([]byte, int, bool) {
	if !may {
		return nil, 0, false
	}
	key, ok := lint.OutputKey(opts, render...)
	if !ok {
		return nil, 0, false
	}
	data, ok := opts.Cache.Get(key)
	if !ok || len(data) == 0 || int(data[0]) != ExitOK && int(data[0]) != ExitFindings {
		return nil, 0, false
	}
	return data[1:], int(data[0]), true
}

// maxKeptOutput bounds the output lint keeps for the next run (see
// lint.OutputKey): a larger one is printed as it is made, not held.
const maxKeptOutput = 1 << 20

// capped keeps what is written to it, up to max bytes; over says there was
// more, and then it keeps nothing.
type capped struct {
	b    []byte
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if !c.over {
		if len(c.b)+len(p) > c.max {
			c.over, c.b = true, nil
		} else {
			c.b = append(c.b, p...)
		}
	}
	return len(p), nil
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
