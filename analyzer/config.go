package analyzer

import (
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/internal/config"
	"github.com/miglint/miglint/internal/lint"
)

// options are the pipeline's options for pass: the analyzer's flags over
// the .miglint.yaml found from the package's directory upwards, as miglint
// lint reads it from the current directory.
func (c *checker) options(pass *analysis.Pass) (lint.Options, error) {
	opts := lint.Options{Policies: c.policies, Dialect: c.dialect, CockroachVersion: c.crdbVersion}
	if len(pass.Files) == 0 {
		return opts, nil
	}
	dir := filepath.Dir(pass.Fset.Position(pass.Files[0].Package).Filename)
	path, err := config.Find(dir)
	if err != nil || path == "" {
		return opts, err
	}
	cfg, err := config.Load(path)
	if err != nil {
		return opts, err
	}
	if opts.Dialect == "" {
		opts.Dialect = cfg.Dialect
	}
	if opts.CockroachVersion == "" {
		opts.CockroachVersion = cfg.CockroachDBVersion
	}
	if len(opts.Policies) == 0 {
		if opts.Policies, err = cfg.RulePolicies(); err != nil {
			return opts, err
		}
	}
	opts.OwnerColumns = cfg.OwnerColumns
	opts.Rules, err = cfg.RuleSet()
	return opts, err
}
