// Package analyzer is miglint as a golang.org/x/tools/go/analysis analyzer,
// for go vet (cmd/miglint-vet), golangci-lint (package plugin) and any other
// analysis driver. Analyzer's Doc is its documentation.
package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

const doc = `check SQL migrations that live in Go code

miglint replays a package's migration history and reports what miglint's rules
find (run "miglint rules" for the list): foreign keys to users(id) without
ON DELETE CASCADE, DROP CONSTRAINT IF EXISTS that drops nothing, duplicate
foreign keys, unknown or duplicate objects, syntax errors.

A package's history is made of

  - the .sql files it embeds with //go:embed (files, globs and directories,
    resolved as the go command does) whose name, or whose folder's name for a
    folder per migration (<version>_name/up.sql), starts with a digit;
  - goose Go migrations: goose.AddMigration* and goose.AddNamedMigration*
    registrations whose up function passes constant SQL (literals, constants
    and concatenations of them) to a method named Exec or ExecContext.

They replay in version order: versioned names compare as miglint orders
files, numbers as numbers, so 9_x runs before 00010_x.go. Down migrations
(*.down.sql, down.sql, goose Down sections and down functions) are
syntax-checked and never replayed. Files of tests (_test.go) are ignored, and
so is a package that imports neither embed nor goose.

Findings in an embedded file are reported at its line and column (columns
count bytes, as for Go files); findings in a goose Go migration at the exact
character of the Go string literal, escapes included, or of the declaration
of the constant the SQL comes from.

The flags -policy, -dialect and -cockroachdb-version mean what miglint lint's
do. The .miglint.yaml found from the package's directory upwards is read as
miglint lint reads it (policies, dialect, rule severities, owner columns);
the flags override it.`

// Config is the analyzer's configuration, as the flags and golangci-lint's
// settings give it; the zero Config is miglint's defaults.
type Config struct {
	// Policies are ON DELETE policies in rules.ParsePolicy's syntax
	// ("users(id)=cascade"); empty means rules.DefaultPolicies.
	Policies []string
	// Dialect is postgres (the default) or cockroachdb.
	Dialect string
	// CockroachVersion, with cockroachdb, selects the naming of that
	// version ("21.2"); empty means the current one.
	CockroachVersion string
	// SQLFindingsAtEmbed reports the findings in an embedded SQL file at
	// the //go:embed directive that embeds it, the message starting with
	// the file's path, line and column: for drivers that drop findings
	// outside Go files, as golangci-lint does.
	SQLFindingsAtEmbed bool
}

// Analyzer is configured by its flags -policy, -dialect and
// -cockroachdb-version, which mean what miglint lint's do.
var Analyzer = flagged()

// New returns an analyzer configured by cfg (for drivers without flags, such
// as golangci-lint).
func New(cfg Config) (*analysis.Analyzer, error) {
	c := &checker{atEmbed: cfg.SQLFindingsAtEmbed}
	for _, p := range cfg.Policies {
		if err := (*policyFlag)(&c.policies).Set(p); err != nil {
			return nil, err
		}
	}
	if cfg.Dialect != "" {
		if err := (*dialectFlag)(&c.dialect).Set(cfg.Dialect); err != nil {
			return nil, err
		}
	}
	if cfg.CockroachVersion != "" {
		if err := (*versionFlag)(&c.crdbVersion).Set(cfg.CockroachVersion); err != nil {
			return nil, err
		}
	}
	return c.analyzer(), nil
}

func flagged() *analysis.Analyzer {
	c := &checker{}
	a := c.analyzer()
	a.Flags.Var((*policyFlag)(&c.policies), "policy",
		"ON DELETE policy `table(cols)=action`, repeatable or comma-separated (default users(id)=cascade)")
	a.Flags.Var((*dialectFlag)(&c.dialect), "dialect", "SQL dialect of the migrations: postgres (default) or cockroachdb")
	a.Flags.Var((*versionFlag)(&c.crdbVersion), "cockroachdb-version",
		"CockroachDB `version` whose naming to follow, e.g. 21.2 (default: current)")
	return a
}

type checker struct {
	policies    []rules.Policy
	dialect     string
	crdbVersion string
	atEmbed     bool
}

func (c *checker) analyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "miglint",
		Doc:  doc,
		URL:  "https://github.com/miglint/miglint",
		Run:  c.run,
	}
}

// policyFlag collects policies. Commas inside parentheses separate columns,
// not policies.
type policyFlag []rules.Policy

func (p *policyFlag) String() string {
	var s []string
	for _, x := range *p {
		s = append(s, x.String())
	}
	return strings.Join(s, ",")
}

// Set adds the policies of v.
func (p *policyFlag) Set(v string) error {
	depth, start := 0, 0
	for i := 0; i <= len(v); i++ {
		if i < len(v) && v[i] == '(' {
			depth++
		}
		if i < len(v) && v[i] == ')' {
			depth--
		}
		if i < len(v) && (v[i] != ',' || depth > 0) {
			continue
		}
		pol, err := rules.ParsePolicy(v[start:i])
		if err != nil {
			return err
		}
		*p = append(*p, pol)
		start = i + 1
	}
	return nil
}

type dialectFlag string

func (d *dialectFlag) String() string { return string(*d) }

func (d *dialectFlag) Set(v string) error {
	if v != parser.Postgres && v != parser.Cockroach {
		return fmt.Errorf("unknown dialect %q: want postgres or cockroachdb", v)
	}
	*d = dialectFlag(v)
	return nil
}

type versionFlag string

var versionRE = regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?$`)

func (f *versionFlag) String() string { return string(*f) }

func (f *versionFlag) Set(v string) error {
	if !versionRE.MatchString(v) {
		return fmt.Errorf("cockroachdb version %q: want major.minor, e.g. 21.2", v)
	}
	*f = versionFlag(v)
	return nil
}

// migration is one step of the history: an embedded SQL file, or the SQL of
// one goose Go migration (a file for each Exec call).
type migration struct {
	key   string // its versioned path: how it is ordered
	path  string // breaks ties
	files []*parser.File
}

// locate maps a byte range of a history file to the source it came from.
type locate func(start, end int) (token.Pos, token.Pos)

func (c *checker) run(pass *analysis.Pass) (any, error) {
	var embedders, gooses []*ast.File
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.Position(f.Package).Filename, "_test.go") {
			continue
		}
		for _, imp := range f.Imports {
			switch path := strings.Trim(imp.Path.Value, "`\""); {
			case path == "embed":
				embedders = append(embedders, f)
			case isGoosePath(path):
				gooses = append(gooses, f)
			}
		}
	}
	if len(embedders) == 0 && len(gooses) == 0 {
		return nil, nil // the common case, at the cost of reading the imports
	}
	locs, embedded := map[*parser.File]locate{}, map[*parser.File]embedded{}
	migs, err := embeddedSQL(pass, embedders, locs, embedded)
	if err != nil {
		return nil, err
	}
	migs = append(migs, gooseMigrations(pass, gooses, locs)...)
	if len(migs) == 0 {
		return nil, nil
	}
	slices.SortStableFunc(migs, func(a, b migration) int {
		switch {
		case parser.VersionLess(a.key, b.key):
			return -1
		case parser.VersionLess(b.key, a.key):
			return 1
		}
		return strings.Compare(a.path, b.path)
	})
	var files []*parser.File
	for _, m := range migs {
		files = append(files, m.files...)
	}
	opts, err := c.options(pass)
	if err != nil {
		return nil, err
	}
	res := lint.Files(files, nil, opts)
	for _, d := range res.Diagnostics {
		msg := d.Message + " [" + d.Rule + "]"
		if d.Severity != rules.Error {
			msg = d.Severity.String() + ": " + msg
		}
		var pos, end token.Pos
		if e, ok := embedded[d.Span.File]; ok && c.atEmbed {
			at := d.Span.StartPos()
			pos, end = e.directive.Pos(), e.directive.End()
			msg = fmt.Sprintf("%s:%d:%d: %s", e.rel, at.Line, at.Column, msg)
		} else if loc := locs[d.Span.File]; loc != nil {
			pos, end = loc(d.Span.Start, d.Span.End)
		} else {
			continue // not in the history: nowhere to report it
		}
		pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: d.Rule, Message: msg})
	}
	return nil, nil
}
