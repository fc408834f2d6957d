package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/miglint/miglint/rules"
)

var githubLevel = map[rules.Severity]string{rules.Error: "error", rules.Warning: "warning", rules.Info: "notice"}

// GitHub writes one GitHub Actions workflow command per diagnostic, which
// the runner turns into an annotation on the file, then the summary line.
// Paths are made relative to root, the repository's checkout. Everything
// that comes from the input is escaped as GitHub's toolkit does, so no file
// name or identifier can end the command early or start another.
func GitHub(w io.Writer, diags []rules.Diagnostic, sum Summary, root string) error {
	var b strings.Builder
	for _, d := range diags {
		start, end := d.Span.StartPos(), d.Span.EndPos()
		props := []string{"file=" + githubProperty(RepoPath(d.Span.File.Path, root)), fmt.Sprintf("line=%d", start.Line)}
		// Columns only make sense when the finding is on one line.
		if start.Line == end.Line {
			props = append(props, fmt.Sprintf("col=%d", start.Column))
		}
		props = append(props, fmt.Sprintf("endLine=%d", end.Line))
		if start.Line == end.Line {
			props = append(props, fmt.Sprintf("endColumn=%d", end.Column))
		}
		props = append(props, "title="+githubProperty(d.Rule))
		fmt.Fprintf(&b, "::%s %s::%s\n", githubLevel[d.Severity], strings.Join(props, ","), githubData(d.Message))
	}
	fmt.Fprintln(&b, sum.String())
	_, err := io.WriteString(w, b.String())
	return err
}

// githubData escapes a workflow command's message as @actions/core's
// escapeData does.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value as
// @actions/core's escapeProperty does.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// GitHubSummary writes the Markdown job summary that goes with the github
// format: GitHub shows only ten annotations of each kind per step, the
// summary lists every finding, with links to the rules' documentation.
func GitHubSummary(w io.Writer, diags []rules.Diagnostic, sum Summary, root string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### miglint: %s, %s\n\n", count(sum.Errors, "error"), count(sum.Warnings, "warning"))
	fmt.Fprintf(&b, "%s (%s) linted.\n\n", count(sum.Files, "file"), count(sum.Statements, "statement"))
	if len(diags) == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	perRule := map[string]int{}
	for _, d := range diags {
		perRule[d.Rule]++
	}
	b.WriteString("| rule | severity | findings |\n|---|---|---:|\n")
	for _, r := range rules.All {
		if n := perRule[r.ID]; n > 0 {
			fmt.Fprintf(&b, "| %s | %s | %d |\n", ruleLink(r.ID), r.Severity, n)
			delete(perRule, r.ID)
		}
	}
	for _, d := range diags { // findings of rules outside rules.All, if any
		if n := perRule[d.Rule]; n > 0 {
			fmt.Fprintf(&b, "| %s | %s | %d |\n", markdownText(d.Rule), d.Severity, n)
			delete(perRule, d.Rule)
		}
	}
	b.WriteString("\n| severity | location | rule | message |\n|---|---|---|---|\n")
	for _, d := range diags {
		start := d.Span.StartPos()
		loc := fmt.Sprintf("%s:%d:%d", RepoPath(d.Span.File.Path, root), start.Line, start.Column)
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", d.Severity, markdownText(loc), ruleLink(d.Rule), markdownText(d.Message))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func ruleLink(id string) string {
	if rules.ByID(id) == nil {
		return markdownText(id)
	}
	return fmt.Sprintf("[%s](%s)", id, RuleDocURL(id))
}

// markdownText makes s literal text in a Markdown table cell: characters
// that Markdown or GitHub would take for emphasis, code, links, HTML,
// entities, math or a cell boundary are backslash-escaped, and line breaks
// become <br>, as a cell must stay on one line.
func markdownText(s string) string {
	var b strings.Builder
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString("<br>")
		case strings.ContainsRune("\\`*_[]<|~$&", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
