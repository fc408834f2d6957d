package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

var formatNames = []string{"text", "json", "github", "sarif", "checkstyle", "junit"}

// writeReport writes res in format. The github format also appends the
// job summary to the file GITHUB_STEP_SUMMARY names, when it names one;
// nothing else looks at GitHub's environment, so a format never changes
// because the run is on GitHub Actions.
func writeReport(format string, w io.Writer, res *lint.Result, sum report.Summary, colored bool) error {
	switch format {
	case "json":
		return report.JSON(w, res.Diagnostics, sum)
	case "checkstyle":
		return report.Checkstyle(w, res.Scope, res.Diagnostics)
	case "junit":
		return report.JUnit(w, res.Scope, res.Diagnostics)
	case "text":
		return report.Text(w, res.Diagnostics, sum, colored)
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if format == "sarif" {
		return report.SARIF(w, res.Diagnostics, rules.All, root, Version)
	}
	if err := report.GitHub(w, res.Diagnostics, sum, root); err != nil {
		return err
	}
	path := os.Getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	err = report.GitHubSummary(f, res.Diagnostics, sum, root)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	return nil
}
