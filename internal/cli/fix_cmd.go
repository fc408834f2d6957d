package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/fix"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// fixCmd writes the migration that makes the final schema follow the
// policies; see package fix.
func fixCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("miglint fix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "write the migration to `FILE`, or as the next migration of a DIRectory (an existing one, or a path ending in /) in its convention (default: standard output)")
	notValid := fs.Bool("not-valid", false, "add the keys NOT VALID and validate them in separate statements")
	set := addSettings(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: miglint fix [flags] PATH...\n\nFlags:")
		fs.PrintDefaults()
	}
	paths, err := parseArgs(fs, args)
	if err != nil {
		return usageErr(err)
	}
	opts, ok := set.history(paths, stderr, fs.Usage)
	if !ok {
		return ExitUsage
	}
	res := lint.Run(opts)
	if len(res.LoadErrors) > 0 {
		// A fix for part of a history could undo what the rest does.
		printErrors(stderr, res.LoadErrors)
		fmt.Fprintln(stderr, "miglint: no fix written: the whole history must be readable")
		return ExitUsage
	}
	policies := opts.Policies
	if len(policies) == 0 {
		policies = rules.DefaultPolicies
	}
	roots := rules.Roots(res.Replay.Catalog, policies)
	if len(roots) == 0 {
		fmt.Fprintf(stderr, "miglint: no policy target exists in the final schema (%s); see --policy\n", policyList(policies))
		return ExitUsage
	}
	var labels []string
	for _, r := range roots {
		labels = append(labels, r.Label)
	}
	// A key whose finding a miglint:ignore comment silences was kept on
	// purpose, like an explicit RESTRICT: the fix leaves it alone.
	kept := map[*schema.Constraint]string{}
	silencer := rules.Suppressions(res.Files)
	for _, t := range res.Replay.Catalog.Tables() {
		for _, fk := range t.ForeignKeys() {
			for _, id := range []string{rules.FKOnDelete.ID, rules.CascadeBlocked.ID} {
				if reason, ok := silencer.Silences(id, fk.Decl()); ok {
					kept[fk] = reason
				}
			}
		}
	}
	plan := fix.Make(res.Replay.Catalog, roots, opts.Dialect, kept)
	for _, c := range plan.Changes {
		if c.Kind == fix.Keep {
			on := "ON DELETE " + strings.ToUpper(string(c.FK.OnDelete)) + " is"
			if _, ok := kept[c.FK]; ok {
				on = "it is"
			}
			fmt.Fprintf(stderr, "miglint: kept foreign key %q on %s: %s kept on purpose, although %s\n",
				c.FK.Name, c.FK.Table.QualifiedName(), on, c.Why)
		}
	}
	if plan.Empty() {
		fmt.Fprintln(stderr, "miglint: nothing to fix")
		return ExitOK
	}
	sql := plan.SQL(fix.Options{Dialect: opts.Dialect, NotValid: *notValid, Policies: labels})
	if *out == "" {
		fmt.Fprint(stdout, sql)
		return ExitOK
	}
	file := *out
	if info, err := os.Stat(file); err == nil && info.IsDir() || strings.HasSuffix(file, "/") || strings.HasSuffix(file, string(filepath.Separator)) {
		now, err := fixTime()
		if err != nil {
			fmt.Fprintln(stderr, "miglint:", err)
			return ExitUsage
		}
		target, err := fix.NextIn(file, now)
		if err != nil {
			fmt.Fprintf(stderr, "miglint: --out %s: %v\n", file, err)
			return ExitUsage
		}
		file, sql = target.Path, target.Header+sql
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	if err := os.WriteFile(file, []byte(sql), 0o666); err != nil {
		fmt.Fprintln(stderr, "miglint:", err)
		return ExitUsage
	}
	fmt.Fprintln(stderr, "miglint: wrote", file)
	return ExitOK
}

// fixTime is the time that timestamped migration versions take: now, or
// SOURCE_DATE_EPOCH (seconds since 1970) when set, for reproducible output.
func fixTime() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now(), nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want seconds since 1970", s)
	}
	return time.Unix(sec, 0), nil
}

func policyList(ps []rules.Policy) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}
