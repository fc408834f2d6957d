package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"strings"

	"github.com/miglint/miglint/internal/config"
	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// settings are the flags that every command reading a history shares. They
// override the configuration file, which is --config or .miglint.yaml found
// from the current directory upwards.
type settings struct {
	fs         *flag.FlagSet
	configPath string
	noConfig   bool
	dialect    string
	version    string
	convention string
	policies   policyFlag
	exclude    listFlag
	owners     listFlag
	noCache    bool
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func addSettings(fs *flag.FlagSet) *settings {
	s := &settings{fs: fs}
	fs.StringVar(&s.configPath, "config", "", "configuration `file` (default: .miglint.yaml in the current directory or the nearest parent)")
	fs.BoolVar(&s.noConfig, "no-config", false, "ignore any configuration file")
	fs.StringVar(&s.dialect, "dialect", parser.Postgres, "SQL dialect of the migrations: postgres or cockroachdb")
	fs.StringVar(&s.version, "cockroachdb-version", "", "CockroachDB `version` whose naming to follow, e.g. 21.2 for the fk_<col>_ref_<table> names of versions before 22.1 (default: current)")
	fs.StringVar(&s.convention, "convention", parser.Auto, "migration tool `layout`: "+strings.Join(parser.Conventions, ", "))
	fs.Var(&s.policies, "policy", "ON DELETE policy `table(cols)=action`, repeatable (default users(id)=cascade)")
	fs.Var(&s.exclude, "exclude", "leave out files matching this glob `pattern`, repeatable")
	fs.Var(&s.owners, "owner-column", "glob `pattern` (path.Match) of columns that hold a user's key, for owner-column-without-fk; repeatable, replaces the default user_id")
	fs.BoolVar(&s.noCache, "no-cache", false, "neither read nor write the cache (see 'miglint cache dir')")
	return s
}

var versionRE = lazy.Regexp(`^v?\d+\.\d+(\.\d+)?$`)

// resolve reads the configuration, lays the flags that were given over it
// and returns the effective configuration and the pipeline's options for
// paths (the configuration's baseline and paths when none are given).
func (s *settings) resolve(paths []string) (*config.Config, lint.Options, error) {
	cfg := &config.Config{}
	if !s.noConfig {
		file := s.configPath
		if file == "" {
			wd, err := os.Getwd()
			if err != nil {
				return nil, lint.Options{}, err
			}
			if file, err = config.Find(wd); err != nil {
				return nil, lint.Options{}, err
			}
		}
		if file != "" {
			loaded, err := config.Load(file)
			if err != nil {
				return nil, lint.Options{}, err
			}
			cfg = loaded
		}
	}
	set := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["dialect"] || cfg.Dialect == "" {
		cfg.Dialect = s.dialect
	}
	if set["cockroachdb-version"] {
		cfg.CockroachDBVersion = s.version
	}
	if set["convention"] || cfg.Convention == "" {
		cfg.Convention = s.convention
	}
	if set["exclude"] {
		cfg.Exclude = s.exclude
	}
	if set["owner-column"] {
		cfg.OwnerColumns = s.owners
	}
	for _, pat := range cfg.OwnerColumns {
		if _, err := path.Match(pat, ""); err != nil {
			return nil, lint.Options{}, fmt.Errorf("owner column pattern %q: %w", pat, err)
		}
	}
	switch cfg.Dialect {
	case parser.Postgres, parser.Cockroach:
	default:
		return nil, lint.Options{}, fmt.Errorf("unknown --dialect %q: want postgres or cockroachdb", cfg.Dialect)
	}
	if v := cfg.CockroachDBVersion; v != "" && !versionRE().MatchString(v) {
		return nil, lint.Options{}, fmt.Errorf("--cockroachdb-version %q: want major.minor, e.g. 21.2", v)
	}
	if !contains(parser.Conventions, cfg.Convention) {
		return nil, lint.Options{}, fmt.Errorf("unknown --convention %q: want one of %s", cfg.Convention, strings.Join(parser.Conventions, ", "))
	}
	opts := lint.Options{Dialect: cfg.Dialect, CockroachVersion: cfg.CockroachDBVersion, Convention: cfg.Convention, Exclude: cfg.Exclude,
		OwnerColumns: cfg.OwnerColumns}
	if set["policy"] {
		cfg.Policies = nil
		for _, p := range s.policies {
			cfg.Policies = append(cfg.Policies, config.Policy{References: policyTarget(p), OnDelete: string(p.OnDelete)})
		}
	}
	var err error
	if opts.Policies, err = cfg.RulePolicies(); err != nil {
		return nil, lint.Options{}, err
	}
	if opts.Rules, err = cfg.RuleSet(); err != nil {
		return nil, lint.Options{}, err
	}
	if len(paths) == 0 {
		paths = append(paths, cfg.Paths...)
		paths = resolveAll(cfg, paths)
	}
	// Baseline files replay first, whatever paths were named.
	for i := len(cfg.Baseline) - 1; i >= 0; i-- {
		if b := cfg.Resolve(cfg.Baseline[i]); !contains(paths, b) {
			paths = append([]string{b}, paths...)
		}
	}
	opts.Paths = paths
	opts.Jobs, opts.Worker = runtime.GOMAXPROCS(0), workerCommand()
	if !s.noCache {
		opts.Cache = openCache()
	}
	return cfg, opts, nil
}

// history resolves paths for a command that reads a history, which needs
// at least one path. When there is none, or resolving fails, it says why on
// stderr (and calls usage, if given, after "no PATH") and returns false.
func (s *settings) history(paths []string, stderr io.Writer, usage func()) (lint.Options, bool) {
	_, opts, err := s.resolve(paths)
	if err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return opts, false
	}
	if len(opts.Paths) == 0 {
		fmt.Fprintln(stderr, "miglint: no PATH given, and no paths in a configuration file")
		if usage != nil {
			usage()
		}
		return opts, false
	}
	return opts, true
}

func resolveAll(cfg *config.Config, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = cfg.Resolve(p)
	}
	return out
}

func policyTarget(p rules.Policy) string {
	name := p.Table
	if p.Schema != "" {
		name = p.Schema + "." + name
	}
	if len(p.Columns) > 0 {
		name += "(" + strings.Join(p.Columns, ", ") + ")"
	}
	return name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
