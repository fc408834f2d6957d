package cli

import (
	"fmt"
	"io"

	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

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
	// The same page as docs/rules/<id>.md.
	fmt.Fprint(stdout, report.RuleDoc(r))
	return ExitOK
}
