package cli

import (
	"flag"
	"fmt"
	"io"
)

// configCmd prints the effective configuration: the configuration file
// with the flags given laid over it.
func configCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	set := addSettings(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: miglint config [flags] [PATH...]\n\nPrints the effective configuration: .miglint.yaml (or --config) with the flags laid over it.\n\nFlags:")
		fs.PrintDefaults()
	}
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	cfg, opts, err := set.resolve(paths)
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	source := "no configuration file"
	if cfg.File != "" {
		source = "from " + cfg.File
	}
	cfg.Paths = opts.Paths
	cfg.Baseline = nil // resolved into paths, in replay order
	out, err := cfg.YAML()
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	fmt.Fprintf(stdout, "# effective configuration (%s); paths in replay order\n%s", source, out)
	return ExitOK
}
