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
}

// Result is what a run found.
type Result struct {
	Files       []*parser.File
	Replay      *schema.Result
	Diagnostics []rules.Diagnostic
	// LoadErrors are paths that could not be read; the rest was linted.
	LoadErrors []error
}

// Run lints the history opts names.
func Run(opts Options) *Result {
	files, errs := parser.Load(opts.Paths)
	for _, f := range files {
		parser.ParseWith(f, parser.Options{Dialect: opts.Dialect})
	}
	return Files(files, errs, opts)
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
	return &Result{
		Files:       files,
		Replay:      res,
		Diagnostics: rules.Run(files, res, policies, rs),
		LoadErrors:  loadErrs,
	}
}
