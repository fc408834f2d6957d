package report

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/rules"
)

// RuleDoc is a rule's documentation page in Markdown, as in
// docs/rules/<id>.md, printed by 'miglint explain' and embedded in SARIF.
// Everything on it comes from the rule's definition.
func RuleDoc(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.ID)
	fmt.Fprintf(&b, "%s.\n\n", capitalize(markdownText(r.Summary)))
	fmt.Fprintf(&b, "Default severity: **%s**. Since miglint %s.\n\n", r.Severity, r.Since)
	fmt.Fprintf(&b, "## What it finds, and why\n\n%s\n\n", strings.TrimSpace(r.Doc))
	fmt.Fprintf(&b, "## Example\n\nThis history gets a `%s` finding:\n\n%s", r.ID, exampleMarkdown(r.Bad))
	fmt.Fprintf(&b, "Fixed:\n\n%s", exampleMarkdown(r.Good))
	if r == rules.UnusedIgnore || r == rules.IgnoreWithoutReason {
		b.WriteString("## Suppressing\n\nThe finding is about a suppression comment itself: fix or remove the comment.\n\n")
		fmt.Fprintf(&b, "`miglint explain %s` prints this page.\n", r.ID)
		return b.String()
	}
	// Checked by the rules' TestExamples.
	fmt.Fprintf(&b, `## Suppressing

Fix the migration while it is not deployed yet. To keep a finding that is
intended, say why in a comment on the line before the statement (or at the
end of its line):

`+"```sql\n-- miglint:ignore %[1]s <reason>\n```"+`

or, for the whole file, `+"`-- miglint:ignore-file %[1]s <reason>`"+`. To turn the rule off, or
change its severity, for the whole project, set it in `+"`.miglint.yaml`"+`:

`+"```yaml\nrules:\n  %[1]s: {severity: off}   # or error, warning, info\n```"+`

`, r.ID)
	fmt.Fprintf(&b, "`miglint explain %s` prints this page.\n", r.ID)
	return b.String()
}

// RulesIndex is docs/rules/README.md: every rule with its severity and
// summary, linking to its page.
func RulesIndex() string {
	var b strings.Builder
	b.WriteString("# Rules\n\n`miglint rules` lists them; `miglint explain RULE` prints a rule's page.\n\n")
	b.WriteString("| rule | default severity | finds |\n|---|---|---|\n")
	for _, r := range rules.All {
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s |\n", r.ID, r.ID, r.Severity, markdownText(r.Summary))
	}
	return b.String()
}

// exampleMarkdown shows an example history: one SQL block, or a block per
// file under its name.
func exampleMarkdown(example string) string {
	files := rules.ExampleFiles(example)
	var b strings.Builder
	for _, f := range files {
		if len(files) > 1 {
			fmt.Fprintf(&b, "`%s`:\n\n", f.Name)
		}
		fmt.Fprintf(&b, "```sql\n%s```\n\n", f.Src)
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
