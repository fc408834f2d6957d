// Package rules holds miglint's checks, one rule a file. A rule reads the
// parsed history and the replayed schema and reports diagnostics; each rule's
// Doc is its documentation.
package rules

import (
	"fmt"
	"sort"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

// Severity is how bad a finding is.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	return [...]string{"info", "warning", "error"}[s]
}

// Rule is one check.
type Rule struct {
	ID       string
	Severity Severity // default severity
	Summary  string   // one line
	Doc      string   // what it finds, why it matters and how to fix it
	Since    string   // the miglint version that introduced it
	Run      func(*Pass)
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Span     parser.Span
	Message  string
}

// Pass is what a rule sees.
type Pass struct {
	Files    []*parser.File
	Replay   *schema.Result
	Policies []Policy

	rule  *Rule
	diags *[]Diagnostic
}

// Report records a finding of the running rule at span.
func (p *Pass) Report(span parser.Span, format string, args ...any) {
	*p.diags = append(*p.diags, Diagnostic{Rule: p.rule.ID, Severity: p.rule.Severity, Span: span, Message: fmt.Sprintf(format, args...)})
}

// All is every rule, in the order of their documentation.
var All = []*Rule{
	FKOnDelete,
	FKNameConvention,
	DropConstraintNoop,
	DuplicateFK,
	UnknownObject,
	DuplicateObject,
	DependentObjects,
	SyntaxError,
}

// ByID finds a rule.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Run runs rules over a replayed history and returns their diagnostics in
// a stable order: by file in replay order, then position, rule and message.
func Run(files []*parser.File, res *schema.Result, policies []Policy, rules []*Rule) []Diagnostic {
	var diags []Diagnostic
	for _, r := range rules {
		r.Run(&Pass{Files: files, Replay: res, Policies: policies, rule: r, diags: &diags})
	}
	order := make(map[*parser.File]int, len(files))
	for i, f := range files {
		order[f] = i
	}
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i], diags[j]
		if a.Span.File != b.Span.File {
			return order[a.Span.File] < order[b.Span.File]
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
	return diags
}
