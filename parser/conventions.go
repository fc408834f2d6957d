package parser

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/miglint/miglint/internal/lazy"
)

// Conventions: the migration tools whose layouts Load understands.
const (
	Auto          = "auto"
	Plain         = "plain"          // 061-name.sql, 061_name.sql
	GolangMigrate = "golang-migrate" // 9_name.up.sql, 9_name.down.sql
	Goose         = "goose"          // 20240101_x.sql with -- +goose Up/Down
	Dbmate        = "dbmate"         // 20240101_x.sql with -- migrate:up/down
	Flyway        = "flyway"         // V1.1__x.sql, U1.1__x.sql, R__x.sql
	Diesel        = "diesel"         // <ts>_name/up.sql, down.sql
	Prisma        = "prisma"         // <ts>_name/migration.sql
	Sqitch        = "sqitch"         // sqitch.plan, deploy/, revert/, verify/
)

// Conventions lists the conventions a configuration may name.
var Conventions = []string{Auto, Plain, GolangMigrate, Goose, Dbmate, Flyway, Diesel, Prisma, Sqitch}

// Problem is something wrong with a file as a migration, found on load.
type Problem struct {
	Kind ProblemKind
	Msg  string
}

// ProblemKind says what a Problem is.
type ProblemKind int

const (
	// DuplicateVersion: another migration of the directory has the same
	// version; which one runs first is up to the tool.
	DuplicateVersion ProblemKind = iota
	// Unrecognized: a file in a migration directory that fits none of its
	// convention's names; the tool would not run it, so it is not replayed.
	Unrecognized
)

var (
	flywayRE   = lazy.Regexp(`^([VU])(\d+(?:[._]\d+)*)__(.+)\.sql$`)
	repeatRE   = lazy.Regexp(`^R__(.+)\.sql$`)
	migrateRE  = lazy.Regexp(`^(\d+)_.+\.(up|down)\.sql$`)
	numberedRE = lazy.Regexp(`^(\d+)(?:[-_.].*)?\.sql$`)
	gooseRE    = lazy.Regexp(`(?mi)^[ \t]*--[ \t]*\+goose[ \t]+up\b`)
	gooseNoTx  = lazy.Regexp(`(?mi)^[ \t]*--[ \t]*\+goose[ \t]+no[ \t]+transaction\b`)
	dbmateRE   = lazy.Regexp(`(?mi)^[ \t]*--[ \t]*migrate:up\b`)
)

// classify sets f's convention, version and ordering key from its path
// relative to the walked directory and its text's marks (see contentMarks).
// A version of "" means the file has none.
func classify(f *File, rel string, forced string, marks uint8) {
	dir, base := path.Split(rel)
	lower := strings.ToLower(base)
	folder := folderVersion(path.Base(strings.TrimSuffix(dir, "/")))
	f.sortKey = rel
	// Each pattern is tried only on names that start as it does: a history
	// has hundreds of files, and a regular expression per name and pattern
	// was 4% of the CPU time of a re-run that finds its findings cached.
	flyway := forced == Auto || forced == Flyway
	switch {
	case flyway && (strings.HasPrefix(base, "V") || strings.HasPrefix(base, "U")) && flywayRE().MatchString(base):
		m := flywayRE().FindStringSubmatch(base)
		f.Convention, f.Version = Flyway, strings.ReplaceAll(m[2], "_", ".")
		f.Down = m[1] == "U" // undo migrations are never replayed forward
		// An empty path part ends the version, so 1 sorts before 1.2.
		f.sortKey = dir + "0/" + strings.ReplaceAll(f.Version, ".", "/") + "//" + m[1] + m[3]
	case flyway && strings.HasPrefix(base, "R__") && repeatRE().MatchString(base):
		// Repeatable migrations run after every versioned one.
		f.Convention = Flyway
		f.sortKey = dir + "1/" + repeatRE().FindStringSubmatch(base)[1]
	case (forced == Auto || forced == GolangMigrate) && digitFirst(lower) && migrateRE().MatchString(lower):
		f.Convention, f.Version = GolangMigrate, migrateRE().FindStringSubmatch(lower)[1]
	case (lower == "up.sql" || lower == "down.sql") && (forced == Auto || forced == Diesel) && folder != "":
		f.Convention, f.Version = Diesel, folder
	case lower == "migration.sql" && (forced == Auto || forced == Prisma) && folder != "":
		f.Convention, f.Version = Prisma, folder
	case digitFirst(lower) && numberedRE().MatchString(lower):
		f.Version = numberedRE().FindStringSubmatch(lower)[1]
		switch {
		case forced != Auto:
			f.Convention = forced
		case marks&markGoose != 0:
			f.Convention = Goose
		case marks&markDbmate != 0:
			f.Convention = Dbmate
		default:
			f.Convention = Plain
		}
	}
	f.NoTransaction = f.Convention == Goose && marks&markNoTx != 0
}

// The marks of a file's text: the comments that tell its convention.
const (
	markGoose  = 1 << iota // -- +goose Up
	markDbmate             // -- migrate:up
	markNoTx               // -- +goose NO TRANSACTION
)

// contentMarks returns the marks of src, the text of the file at path rel:
// only a numbered file's are read (see classify).
func contentMarks(rel, src string) uint8 {
	if !digitFirst(path.Base(rel)) || !mayHaveMarker(src) {
		return 0
	}
	var m uint8
	for _, c := range []struct {
		re   func() *regexp.Regexp
		mark uint8
	}{{gooseRE, markGoose}, {dbmateRE, markDbmate}, {gooseNoTx, markNoTx}} {
		if c.re().MatchString(src) {
			m |= c.mark
		}
	}
	return m
}

func digitFirst(s string) bool { return s != "" && '0' <= s[0] && s[0] <= '9' }

// folderVersion is the version a migration's folder name starts with, or
// "": the longest run of digits and dashes from its start that ends with a
// digit and is followed by a dash or an underscore (2019-02-26-002946_name,
// 20230404095503_name), as the pattern ^(\d[\d-]*\d|\d)[-_] would match
// it. Written out, as a regular expression per folder was most of matching
// lemmy's names.
func folderVersion(name string) string {
	if !digitFirst(name) {
		return ""
	}
	version := ""
	for i := 1; i < len(name); i++ {
		c := name[i]
		if (c == '-' || c == '_') && isDigit(name[i-1]) {
			version = name[:i]
		}
		if !isDigit(c) && c != '-' {
			break
		}
	}
	return version
}

// checkVersions flags what a tool would choke on in one walked directory:
// two migrations of a folder with the same version, and files that fit no
// convention in a folder of migrations.
func checkVersions(files []*File, rels []string) {
	byDir := map[string][]int{}
	for i, rel := range rels {
		dir := path.Dir(rel)
		if c := files[i].Convention; c == Diesel || c == Prisma {
			dir = path.Dir(dir) // a folder per migration: versions are siblings
		}
		byDir[dir] = append(byDir[dir], i)
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		idx := byDir[d]
		versioned := 0
		for _, i := range idx {
			if files[i].Convention != "" {
				versioned++
			}
		}
		seen := map[string]*File{}
		for _, i := range idx {
			f := files[i]
			if f.Convention == "" {
				if versioned > 0 && !f.Down {
					f.Problems = append(f.Problems, Problem{Unrecognized,
						fmt.Sprintf("%s fits no migration naming convention of its directory; a migration tool would not run it, so it is not replayed", path.Base(rels[i]))})
					f.Down = true
				}
				continue
			}
			if f.Down || f.Version == "" {
				continue
			}
			key := f.Convention + "/" + normalizeVersion(f.Version)
			if first := seen[key]; first != nil {
				f.Problems = append(f.Problems, Problem{DuplicateVersion,
					fmt.Sprintf("migration version %s is also used by %s; the order between them is undefined", f.Version, first.Path)})
				continue
			}
			seen[key] = f
		}
	}
}

// normalizeVersion drops leading zeros from each number of a version, so
// 001 and 1 are the same version, as golang-migrate and Flyway read them.
func normalizeVersion(v string) string {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	for i, p := range parts {
		if p = strings.TrimLeft(p, "0"); p == "" {
			p = "0"
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// sqitchFiles lists a sqitch project's scripts in plan order: each change's
// deploy script is replayed; its revert and verify scripts are read and
// checked but not replayed.
func sqitchFiles(root string, ov overlay) ([]*File, []error) {
	data, err := os.ReadFile(filepath.Join(root, "sqitch.plan"))
	if err != nil {
		return nil, []error{err}
	}
	var files []*File
	var errs []error
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.ContainsAny(line[:1], "#%@") {
			continue
		}
		name := strings.Fields(line)[0]
		if listed[name] {
			continue // a reworked change: its current script is already in
		}
		listed[name] = true
		for _, kind := range []string{"deploy", "revert", "verify"} {
			p := filepath.Join(root, kind, name+".sql")
			f, err := ov.readFile(p)
			if err != nil {
				if kind == "deploy" {
					errs = append(errs, err)
				}
				continue
			}
			f.Convention, f.Version, f.Down = Sqitch, name, kind != "deploy"
			files = append(files, f)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	// Deploy scripts the plan does not list would never run.
	rels, walkErrs := sqlFiles(filepath.Join(root, "deploy"), nil)
	errs = append(errs, walkErrs...)
	for _, rel := range rels {
		if !listed[strings.TrimSuffix(rel, ".sql")] {
			if f, err := ov.readFile(filepath.Join(root, "deploy", rel)); err == nil {
				f.Convention, f.Down = Sqitch, true
				f.Problems = append(f.Problems, Problem{Unrecognized, "deploy/" + rel + " is not in sqitch.plan; sqitch would not run it, so it is not replayed"})
				files = append(files, f)
			}
		}
	}
	return files, errs
}
