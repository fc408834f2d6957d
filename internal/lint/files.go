package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// FileMode expands file arguments that lie in a migration history into
// that history, so that linting one migration (a pre-commit hook, an
// editor, a pull request's changed files) replays everything before and
// after it. A file argument is expanded when it is a versioned migration
// (its name, or for up.sql, down.sql and migration.sql its folder's name,
// starts with a version: 001_x.sql, 20240101120000_x, V2__x.sql) whose
// directory (the folder's parent) holds other versioned migrations, or
// when it is a script of a sqitch project (the directory beside sqitch.plan).
// That directory is replayed in the file's place, once however many of its
// files are named; a file inside a directory argument is left to it.
//
// When a file was expanded, only is the arguments as given: findings are
// reported for the named files and inside the named directories only.
// Otherwise only is nil and every finding is reported. A path given twice
// is replayed once.
func FileMode(paths []string) (replay, only []string) {
	isDir := map[string]bool{}
	var dirs []string
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			isDir[p] = true
			dirs = append(dirs, p)
		}
	}
	hist := map[string]string{}
	var hists []string
	for _, p := range paths {
		if !isDir[p] && !within(p, dirs) {
			if h := history(p); h != "" {
				hist[p] = h
				hists = append(hists, h)
			}
		}
	}
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[absPath(p)] {
			seen[absPath(p)] = true
			replay = append(replay, p)
		}
	}
	for _, p := range paths {
		switch {
		case isDir[p]:
			add(p)
		case within(p, dirs):
			// The directory argument replays it.
		case hist[p] != "":
			add(hist[p])
		case within(p, hists):
			// The history it lies in replays it.
		default:
			add(p)
		}
	}
	if len(hist) == 0 {
		return replay, nil
	}
	return replay, paths
}

// versionRE matches the names migration tools give versioned migrations.
var versionRE = lazy.Regexp(`^(\d|[Vv]\d)`)

// history is the directory of migrations that file belongs to, or "".
func history(file string) string {
	unit, dir := filepath.Base(file), filepath.Dir(file)
	// sqitch: deploy/, revert/ and verify/ beside sqitch.plan.
	switch filepath.Base(dir) {
	case "deploy", "revert", "verify":
		if project := filepath.Dir(dir); fileExists(filepath.Join(project, "sqitch.plan")) {
			return project
		}
	}
	switch strings.ToLower(unit) {
	case "up.sql", "down.sql", "migration.sql":
		unit, dir = filepath.Base(dir), filepath.Dir(dir)
	}
	if !versionRE().MatchString(unit) {
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	for _, e := range entries {
		name := e.Name()
		if name != unit && versionRE().MatchString(name) && (e.IsDir() || strings.EqualFold(filepath.Ext(name), ".sql")) {
			return dir
		}
	}
	return ""
}

// scope keeps the files and diagnostics that only covers.
func scope(files []*parser.File, diags []rules.Diagnostic, only []string) ([]*parser.File, []rules.Diagnostic) {
	if len(only) == 0 {
		return files, diags
	}
	in := reported(files, only)
	var kept []*parser.File
	for _, f := range files {
		if in[f] {
			kept = append(kept, f)
		}
	}
	var out []rules.Diagnostic
	for _, d := range diags {
		if in[d.Span.File] {
			out = append(out, d)
		}
	}
	return kept, out
}

// reported is the set of files within every non-empty list of roots.
func reported(files []*parser.File, onlys ...[]string) map[*parser.File]bool {
	in := map[*parser.File]bool{}
	for _, f := range files {
		in[f] = !slices.ContainsFunc(onlys, func(only []string) bool { return len(only) > 0 && !within(f.Path, only) })
	}
	return in
}

// within reports whether path is one of roots or lies under one of them.
func within(path string, roots []string) bool {
	p := absPath(path)
	for _, r := range roots {
		r = absPath(r)
		if p == r || strings.HasPrefix(p, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// buffers tells the files that are an editor's buffers (Options.Overlay).
func buffers(overlay map[string]string) func(*parser.File) bool {
	if len(overlay) == 0 {
		return func(*parser.File) bool { return false } // and no path to resolve
	}
	abs := map[string]bool{}
	for p := range overlay {
		abs[absPath(p)] = true
	}
	return func(f *parser.File) bool { return abs[absPath(f.Path)] }
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
