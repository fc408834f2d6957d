// Package lint runs miglint's pipeline: load the history, parse it, replay
// it, run the rules. Commands and integrations (the CLI, go vet) build
// Options and format the Result; nothing here prints.
package lint

import (
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// Options say what to lint and how.
type Options struct {
	// Paths are files and directories, replayed in the order given.
	Paths []string
	// Policies are the ON DELETE policies; empty means rules.DefaultPolicies.
	Policies []rules.Policy
	// Rules to run; empty means rules.All.
	Rules []*rules.Rule
	// Dialect is parser.Postgres (default) or parser.Cockroach.
	Dialect string
	// CockroachVersion selects CockroachDB's naming scheme ("21.2": the
	// one before 22.1); empty means the current one.
	CockroachVersion string
	// Convention is the migration tool layout of the directories (see
	// parser.Conventions); empty detects it.
	Convention string
	// Exclude are glob patterns of files to leave out.
	Exclude []string
	// FileMode replays the whole history of file arguments that lie in a
	// migration directory and reports their findings only (see FileMode).
	FileMode bool
	// Only, when set, limits the findings reported to those in these files
	// or under these directories; the whole history is still replayed.
	Only []string
	// Overlay maps file paths to contents read instead of the disk's, such
	// as an editor's unsaved buffer; a file not on disk yet is added.
	Overlay map[string]string
	// OwnerColumns are the owner-column patterns of the rule
	// owner-column-without-fk; empty means rules.DefaultOwnerColumns.
	OwnerColumns []string
}

// Result is what a run found.
type Result struct {
	Files       []*parser.File
	Replay      *schema.Result
	Diagnostics []rules.Diagnostic
	// Scope are the files whose findings are reported: Files, or those
	// Options.Only covers.
	Scope []*parser.File
	// LoadErrors are paths that could not be read; the rest was linted.
	LoadErrors []error
}

// Run lints the history opts names.
func Run(opts Options) *Result {
	var only []string
	if opts.FileMode {
		opts.Paths, only = FileMode(opts.Paths)
	}
	files, errs := parser.LoadWith(opts.Paths, parser.LoadOptions{Convention: opts.Convention, Exclude: opts.Exclude, Overlay: opts.Overlay})
	for _, f := range files {
		parser.ParseWith(f, parser.Options{Dialect: opts.Dialect})
	}
	res := Files(files, errs, opts)
	// Both limits apply: the named files' findings, of those opts.Only keeps.
	res.Scope, res.Diagnostics = scope(res.Scope, res.Diagnostics, only)
	return res
}

// Files lints an already loaded history (for callers that read files
// themselves, such as go vet).
func Files(files []*parser.File, loadErrs []error, opts Options) *Result {
	for _, f := range files {
		if f.Stmts == nil {
			parser.ParseWith(f, parser.Options{Dialect: opts.Dialect})
		}
	}
	policies := opts.Policies
	if len(policies) == 0 {
		policies = rules.DefaultPolicies
	}
	rs := opts.Rules
	if len(rs) == 0 {
		rs = rules.All
	}
	res := schema.ReplayWith(files, schema.Options{Dialect: opts.Dialect, CockroachVersion: opts.CockroachVersion})
	scoped, diags := scope(files, rules.RunWith(files, res, rules.Settings{Policies: policies, OwnerColumns: opts.OwnerColumns}, rs), opts.Only)
	return &Result{
		Files:       files,
		Replay:      res,
		Diagnostics: diags,
		Scope:       scoped,
		LoadErrors:  loadErrs,
	}
}
