// Package rules holds miglint's checks, one rule a file. A rule reads the
// parsed history and the replayed schema and reports diagnostics; each rule's
// Doc is its documentation.
package rules

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/miglint/miglint/cascade"
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
	Doc      string   // what it finds, why it matters and how to fix it (Markdown)
	Since    string   // the miglint version that introduced it
	// Bad and Good are self-contained example histories for the docs: Bad
	// gets a finding of the rule, Good, its repair, none (tested).
	Bad, Good string
	// Run reports the rule's findings. It runs at once with the other
	// rules, so it only reads the history and the replay. It reports on
	// statements that have a tree or a syntax error: a lint run has dropped
	// the text of the others (see parser.File.Compact).
	Run func(*Pass)
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Span     parser.Span
	Message  string
	// Related are other locations that explain the finding, such as the
	// constraint a DROP missed.
	Related []Related
	// Fix is the SQL that repairs the finding, when the rule knows it.
	Fix string
}

// Related is another location of a finding.
type Related struct {
	Span    parser.Span
	Message string
}

// Pass is what a rule sees.
type Pass struct {
	Files    []*parser.File
	Replay   *schema.Result
	Policies []Policy
	// OwnerColumns are the owner-column patterns (path.Match globs) of
	// owner-column-without-fk; empty means DefaultOwnerColumns.
	OwnerColumns []string

	rule   *Rule
	diags  *[]Diagnostic
	wanted func(*parser.File) bool
	added  map[*schema.Table]map[string]schema.AddedColumn // see columnDecl
	shared *shared
}

// shared is what several rules of a run read from the final catalog alike,
// computed once for them all: on a large history, sorting its tables or
// walking a deletion tree takes milliseconds each time.
type shared struct {
	tables func() []*schema.Table
	trees  func() []*cascade.Tree // of the roots, in order
}

// tables is the final catalog's tables, ordered by schema and name.
func (p *Pass) tables() []*schema.Table { return p.shared.tables() }

// trees are the deletion trees of roots (see roots), in order.
func (p *Pass) trees() []*cascade.Tree { return p.shared.trees() }

// Wants reports whether findings in f are reported at all: a rule may skip
// the work of one that is not (its spans cost a scan of the statement).
func (p *Pass) Wants(f *parser.File) bool { return p.wanted == nil || p.wanted(f) }

// Report records a finding of the running rule at span.
func (p *Pass) Report(span parser.Span, format string, args ...any) {
	p.ReportDiagnostic(Diagnostic{Span: span, Message: fmt.Sprintf(format, args...)})
}

// ReportDiagnostic records d, with its related locations and fix, as a
// finding of the running rule.
func (p *Pass) ReportDiagnostic(d Diagnostic) {
	d.Rule, d.Severity = p.rule.ID, p.rule.Severity
	*p.diags = append(*p.diags, d)
}

// All is every rule, in the order of their documentation.
var All = []*Rule{
	FKOnDelete,
	CascadeBlocked,
	FKNameConvention,
	DropConstraintNoop,
	DuplicateFK,
	OwnerColumnWithoutFK,
	FKMissingIndex,
	UnknownObject,
	DuplicateObject,
	DependentObjects,
	SyntaxError,
	DuplicateVersion,
	UnrecognizedFile,
	UnusedIgnore,
	IgnoreWithoutReason,
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

// Run runs rules over a replayed history, applies the files'
// miglint:ignore comments, and returns the diagnostics in a stable order: by
// file in replay order, then position, rule and message.
func Run(files []*parser.File, res *schema.Result, policies []Policy, rules []*Rule) []Diagnostic {
	return RunWith(files, res, Settings{Policies: policies}, rules)
}

// Settings are what rules are told beyond the history.
type Settings struct {
	Policies []Policy
	// OwnerColumns: see Pass.OwnerColumns.
	OwnerColumns []string
	// Wanted, when set, says which files' findings are reported (see
	// Pass.Wants); the others are left out of the result.
	Wanted func(*parser.File) bool
}

// RunWith is Run with settings beyond the policies.
func RunWith(files []*parser.File, res *schema.Result, set Settings, rules []*Rule) []Diagnostic {
	ran := map[string]bool{}
	meta := map[string]*Rule{}
	for _, r := range rules {
		ran[r.ID] = true
		if r.ID == UnusedIgnore.ID || r.ID == IgnoreWithoutReason.ID {
			meta[r.ID] = r
		}
	}
	// Rules only read the history and the replay, so they run at once, on
	// all cores; their findings are joined in rule order.
	found := make([][]Diagnostic, len(rules))
	sh := &shared{
		tables: sync.OnceValue(res.Catalog.Tables),
		trees: sync.OnceValue(func() []*cascade.Tree {
			var trees []*cascade.Tree
			for _, r := range Roots(res.Catalog, set.Policies) {
				trees = append(trees, cascade.Walk(res.Catalog, r, nil))
			}
			return trees
		}),
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, r := range rules {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r.Run(&Pass{Files: files, Replay: res, Policies: set.Policies, OwnerColumns: set.OwnerColumns, rule: r, diags: &found[i], wanted: set.Wanted, shared: sh})
		})
	}
	wg.Wait()
	diags, scope := slices.Concat(found...), files
	if set.Wanted != nil {
		// Only the wanted files' findings are kept, so only their ignore
		// comments are looked for: the search reads a file's whole text.
		diags = slices.DeleteFunc(diags, func(d Diagnostic) bool { return !set.Wanted(d.Span.File) })
		scope = slices.DeleteFunc(slices.Clone(files), func(f *parser.File) bool { return !set.Wanted(f) })
	}
	diags = suppress(scope, diags, ran, meta)
	order := make(map[*parser.File]int, len(files))
	for i, f := range files {
		order[f] = i
	}
	// A generic sort: sort.SliceStable swaps through reflection, a tenth of
	// the rules' time on a history with tens of thousands of findings.
	slices.SortStableFunc(diags, func(a, b Diagnostic) int {
		if a.Span.File != b.Span.File {
			return cmp.Compare(order[a.Span.File], order[b.Span.File])
		}
		return cmp.Or(cmp.Compare(a.Span.Start, b.Span.Start), strings.Compare(a.Rule, b.Rule), strings.Compare(a.Message, b.Message))
	})
	return diags
}
