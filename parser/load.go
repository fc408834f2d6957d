package parser

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Load reads the migration files named by paths in replay order: paths in
// the order given; a directory's *.sql files, found recursively, in natural
// version order. Problems reading a path are returned and the rest is still
// loaded. Files are not parsed.
func Load(paths []string) ([]*File, []error) {
	var files []*File
	var errs []error
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			f, err := readFile(root)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			files = append(files, f)
			continue
		}
		rels, walkErrs := sqlFiles(root)
		errs = append(errs, walkErrs...)
		for _, rel := range rels {
			f, err := readFile(filepath.Join(root, rel))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			files = append(files, f)
		}
	}
	return files, errs
}

func readFile(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f := NewFile(path, string(src))
	base := strings.ToLower(filepath.Base(path))
	f.Down = base == "down.sql" || strings.HasSuffix(base, ".down.sql")
	return f, nil
}

// sqlFiles lists root's *.sql files as slash-separated relative paths in
// natural version order. Hidden directories are skipped and symbolic links to
// directories are not followed, so a link loop cannot trap the walk.
func sqlFiles(root string) ([]string, []error) {
	var rels []string
	var errs []error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.EqualFold(filepath.Ext(path), ".sql") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if info, err := os.Stat(path); err != nil || info.IsDir() {
				if err != nil {
					errs = append(errs, err)
				}
				return nil
			}
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rels = append(rels, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	sort.Slice(rels, func(i, j int) bool { return VersionLess(rels[i], rels[j]) })
	return rels, errs
}

// VersionLess orders slash-separated paths the way migration tools replay
// them: directory by directory, with runs of digits compared as numbers, so
// 9_x comes before 100_x and <timestamp>_name/up.sql orders by its folder.
func VersionLess(a, b string) bool {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := naturalCompare(as[i], bs[i]); c != 0 {
			return c < 0
		}
	}
	if len(as) != len(bs) {
		return len(as) < len(bs)
	}
	return a < b
}

func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			var na, nb string
			na, a = digits(a)
			nb, b = digits(b)
			na, nb = strings.TrimLeft(na, "0"), strings.TrimLeft(nb, "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digits(s string) (string, string) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return s[:i], s[i:]
}
