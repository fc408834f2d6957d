package fix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/parser"
)

// Name is the descriptive part of the file names the fix writes.
const Name = "fix_on_delete"

// Target is where a new migration goes in a directory and what its
// migration tool needs around the SQL.
type Target struct {
	Path   string // the file to write; its directory may not exist yet
	Header string // written before the SQL, e.g. goose's -- +goose Up
}

// NextIn returns the next migration of dir in the convention of its latest
// migration: after 012_x.sql comes 013_fix_on_delete.sql (zero padding and
// separator kept), after 9_x.up.sql 10_fix_on_delete.up.sql, after
// V1.2__x.sql V1.3__fix_on_delete.sql; a timestamp version (14 digits,
// such as 20240101120000 or diesel's 2024-01-01-120000) becomes now's, in
// UTC and in the same layout, or the latest one plus one if now is not
// later. Folders per migration (diesel's <version>_name/up.sql, Prisma's
// <version>_name/migration.sql) get a new folder. A directory without
// migrations (or none yet) gets 001_fix_on_delete.sql.
func NextIn(dir string, now time.Time) (Target, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return Target{Path: filepath.Join(dir, "001_"+Name+".sql")}, nil
	}
	files, errs := parser.LoadWith([]string{dir}, parser.LoadOptions{})
	if len(errs) > 0 {
		return Target{}, errors.Join(errs...)
	}
	var last *parser.File
	for _, f := range files {
		if f.Convention == parser.Sqitch {
			return Target{}, errors.New("a sqitch project: add the change with sqitch add, then write the fix to its deploy script with --out FILE")
		}
		if !f.Down && f.Version != "" {
			last = f
		}
	}
	if last == nil {
		return Target{Path: filepath.Join(dir, "001_"+Name+".sql")}, nil
	}
	rel, err := filepath.Rel(dir, last.Path)
	if err != nil {
		return Target{}, err
	}
	rel = filepath.ToSlash(rel)
	folder, base := path.Split(rel)
	var t Target
	switch last.Convention {
	case parser.Diesel, parser.Prisma:
		// A folder per migration, <version>_name/up.sql: the new folder
		// goes beside the latest one.
		parent, name := path.Split(strings.TrimSuffix(folder, "/"))
		v := versionPrefix(name, last.Version)
		t.Path = parent + nextVersion(v, now) + name[len(v):len(v)+1] + Name + "/" + base
	case parser.GolangMigrate:
		t.Path = folder + nextVersion(last.Version, now) + "_" + Name + ".up.sql"
	case parser.Flyway:
		m := flywayRE().FindStringSubmatch(base)
		if m == nil {
			return Target{}, fmt.Errorf("%s: not a versioned Flyway migration", last.Path)
		}
		t.Path = folder + "V" + nextVersion(m[1], now) + "__" + Name + ".sql"
	default: // plain, goose, dbmate: <version><sep>name.sql
		v := versionPrefix(base, last.Version)
		sep := "_"
		if len(base) > len(v) && strings.ContainsRune("-_.", rune(base[len(v)])) {
			sep = base[len(v) : len(v)+1]
		}
		t.Path = folder + nextVersion(v, now) + sep + Name + ".sql"
		switch last.Convention {
		case parser.Goose:
			t.Header = "-- +goose Up\n"
		case parser.Dbmate:
			t.Header = "-- migrate:up\n"
		}
	}
	t.Path = filepath.Join(dir, filepath.FromSlash(t.Path))
	return t, nil
}

var flywayRE = lazy.Regexp(`^[Vv](\d+(?:[._]\d+)*)__`)

// versionPrefix is the leading part of name that spells version: the
// version as written, separators included (2024-01-01-120000 for the
// version 2024-01-01-120000, 012 for 012).
func versionPrefix(name, version string) string {
	n := 0
	for i := 0; i < len(name); i++ {
		if isDigit(name[i]) {
			n++
			if n == digitCount(version) {
				return name[:i+1]
			}
		}
	}
	return name
}

func digitCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// nextVersion is the version after v: a timestamp (14 digits) becomes
// now's in v's layout, unless that is not later; any other version has its
// last number incremented, keeping its width.
func nextVersion(v string, now time.Time) string {
	var digits []byte
	for i := 0; i < len(v); i++ {
		if isDigit(v[i]) {
			digits = append(digits, v[i])
		}
	}
	if len(digits) == 14 {
		ts := now.UTC().Format("20060102150405")
		if ts <= string(digits) {
			ts = increment(string(digits))
		}
		if len(ts) == 14 {
			out := []byte(v)
			k := 0
			for i := range out {
				if isDigit(out[i]) {
					out[i] = ts[k]
					k++
				}
			}
			return string(out)
		}
	}
	end := len(v)
	for end > 0 && !isDigit(v[end-1]) {
		end--
	}
	start := end
	for start > 0 && isDigit(v[start-1]) {
		start--
	}
	return v[:start] + increment(v[start:end]) + v[end:]
}

// increment adds one to a decimal string, keeping its width unless it
// overflows (999 becomes 1000).
func increment(d string) string {
	b := []byte(d)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}
