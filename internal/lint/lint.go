// Package lint runs miglint's pipeline: load the history, parse it, replay
// it, run the rules. Commands and integrations (the CLI, go vet) build
// Options and format the Result; nothing here prints.
package lint

import (
	"os/exec"
	"slices"

	"github.com/miglint/miglint/internal/cache"
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

	// Cache, when set, keeps each file's parse across runs, under a key of
	// its content, the dialect and this build of miglint.
	Cache *cache.Cache
	// CacheResult also keeps the findings of the whole run, under a key of
	// every file and option that decides them, so that a run over an
	// unchanged history neither parses nor replays. Result.Replay and the
	// files' statements are then nil (Result.Statements counts them): for
	// lint, not for the commands that read the replayed schema.
	CacheResult bool
	// Jobs is how many cores to parse on (default 1: this process alone).
	// With Worker, up to Jobs-1 worker processes parse beside this one,
	// when there is enough to parse to pay for starting them; this process
	// also decodes the trees and replays.
	Jobs int
	// Loaded, when set, is told the size of the history Run loaded, before
	// it is parsed (the command sizes the collector's memory limit by it).
	Loaded func(bytes int)
	// Worker, when set, returns the command of a parse worker: a process
	// that runs ServeWorker. libpg_query cannot parse twice at once in one
	// process. It is called from several goroutines.
	Worker func() *exec.Cmd
	// Detach returns before the checkpoint after the last file is written
	// to the cache, so that the caller prints the findings meanwhile; it
	// must then call Result.Wait before it exits.
	Detach bool
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
	// Statements is how many statements Files have, also when the findings
	// came from the cache and their statements were not read.
	Statements int
	Stats      Stats

	wait func()
}

// Wait waits for what the run still writes to the cache (see
// Options.Detach).
func (r *Result) Wait() {
	if r.wait != nil {
		r.wait()
	}
}

// Run lints the history opts names.
func Run(opts Options) *Result {
	var only []string
	if opts.FileMode {
		opts.Paths, only = FileMode(opts.Paths)
	}
	return run(opts, only, opts.Cache != nil && buildID() != "")
}

// run is Run after FileMode, with the cache's index of files when indexed.
func run(opts Options, only []string, indexed bool) *Result {
	lo := parser.LoadOptions{Convention: opts.Convention, Exclude: opts.Exclude, Overlay: opts.Overlay}
	if indexed {
		lo.Index = fileIndex{opts.Cache}
	}
	files, errs := parser.LoadWith(opts.Paths, lo)
	if opts.Loaded != nil {
		opts.Loaded(historyBytes(files))
	}
	// The files are this run's own: their trees can go once replayed.
	res := lintFiles(files, errs, opts, only, true)
	if res == nil {
		// A file changed while this run read it, or since the index
		// remembered it: again, reading every file.
		return run(opts, only, false)
	}
	// Both limits apply: the named files' findings, of those opts.Only keeps.
	res.Scope, res.Diagnostics = scope(res.Scope, res.Diagnostics, only)
	return res
}

// Files lints an already loaded history (for callers that read files
// themselves, such as go vet); files not parsed yet are parsed.
func Files(files []*parser.File, loadErrs []error, opts Options) *Result {
	return lintFiles(files, loadErrs, opts, nil, false)
}

// lintFiles is Files; with release, each file's statement trees are dropped
// once replayed (Node is nil), as the trees of a long history would not fit
// in memory. Only findings in files under only (if any) and opts.Only are
// reported, which Run applies. It returns nil if a file that Load left
// unread (see parser.Index) changed since (see parser.File.Changed).
func lintFiles(files []*parser.File, loadErrs []error, opts Options, only []string, release bool) *Result {
	policies := opts.Policies
	if len(policies) == 0 {
		policies = rules.DefaultPolicies
	}
	rs := opts.Rules
	if len(rs) == 0 {
		rs = rules.All
	}
	var keys []cache.Key
	var key cache.Key
	cacheResult := false
	if opts.Cache != nil && buildID() != "" {
		keys = fileKeys(files, opts.Dialect)
		// Only files loaded, not parsed, are known by their content alone.
		cacheResult = opts.CacheResult && !slices.ContainsFunc(files, func(f *parser.File) bool { return f.Stmts != nil })
		if cacheResult {
			key = runKey(files, keys, opts, policies, rs)
			if data, ok := opts.Cache.Get(key); ok {
				if diags, n, err := decodeRun(data, files); err == nil {
					if !fresh(files, diags) {
						return nil
					}
					scoped, diags := scope(files, diags, opts.Only)
					return &Result{Files: files, Diagnostics: diags, Scope: scoped, LoadErrors: loadErrs, Statements: n,
						Stats: Stats{Result: true, Unread: unread(files)}}
				}
			}
		}
	}
	res, stats, written := replay(files, keys, opts, release)
	set := rules.Settings{Policies: policies, OwnerColumns: opts.OwnerColumns}
	keep := cacheResult && len(opts.Overlay) == 0
	if !keep && (len(only) > 0 || len(opts.Only) > 0) {
		// Findings in other files would be dropped: the rules may skip them.
		wanted := reported(files, only, opts.Only)
		set.Wanted = func(f *parser.File) bool { return wanted[f] }
	}
	diags := rules.RunWith(files, res, set, rs)
	if !fresh(files, diags) {
		written()
		return nil
	}
	if !opts.Detach {
		written()
	}
	n := statements(files)
	if keep {
		// Not for an editor's buffer: the next keystroke changes it.
		opts.Cache.Put(key, encodeRun(files, n, diags))
	}
	scoped, diags := scope(files, diags, opts.Only)
	stats.Unread = unread(files)
	return &Result{
		Files:       files,
		Replay:      res,
		Diagnostics: diags,
		Scope:       scoped,
		LoadErrors:  loadErrs,
		Statements:  n,
		Stats:       stats,
		wait:        written,
	}
}

// fresh reads the files diags point into that Load left unread (the
// others need not be read), and reports whether none of files that were
// read had changed since the index of files remembered it (see
// parser.File.Changed).
func fresh(files []*parser.File, diags []rules.Diagnostic) bool {
	parser.Fetch(spanned(diags))
	return !slices.ContainsFunc(files, (*parser.File).Changed)
}

// spanned are the files diags point into.
func spanned(diags []rules.Diagnostic) []*parser.File {
	seen := map[*parser.File]bool{}
	var files []*parser.File
	add := func(f *parser.File) {
		if f != nil && !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, d := range diags {
		add(d.Span.File)
		for _, r := range d.Related {
			add(r.Span.File)
		}
	}
	return files
}

// unread is how many of files were not read.
func unread(files []*parser.File) int {
	n := 0
	for _, f := range files {
		if f.Unread() {
			n++
		}
	}
	return n
}

// historyBytes is how many bytes files hold.
func historyBytes(files []*parser.File) int {
	n := 0
	for _, f := range files {
		n += f.Len()
	}
	return n
}

// statements is how many statements files hold.
func statements(files []*parser.File) int {
	n := 0
	for _, f := range files {
		n += len(f.Stmts)
	}
	return n
}
