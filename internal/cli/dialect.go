package cli

import (
	"flag"
	"fmt"
	"regexp"

	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/parser"
)

// dialectFlags registers --dialect and --cockroachdb-version on fs; apply
// checks them and sets them on opts.
func dialectFlags(fs *flag.FlagSet) (apply func(opts *lint.Options) error) {
	dialect := fs.String("dialect", parser.Postgres, "SQL dialect of the migrations: postgres or cockroachdb")
	version := fs.String("cockroachdb-version", "", "CockroachDB `version` whose naming to follow, e.g. 21.2 for the fk_<col>_ref_<table> names of versions before 22.1 (default: current)")
	return func(opts *lint.Options) error {
		switch *dialect {
		case parser.Postgres, parser.Cockroach:
		default:
			return fmt.Errorf("unknown --dialect %q: want postgres or cockroachdb", *dialect)
		}
		if *version != "" && !versionRE.MatchString(*version) {
			return fmt.Errorf("--cockroachdb-version %q: want major.minor, e.g. 21.2", *version)
		}
		opts.Dialect, opts.CockroachVersion = *dialect, *version
		return nil
	}
}

var versionRE = regexp.MustCompile(`^v?\d+\.\d+(\.\d+)?$`)
