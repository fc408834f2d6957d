package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// A run knows a file unchanged since an earlier run by what the system says
// of it, without reading it, as git and go build do: its path, size,
// modification and change times, inode and device. A change to a file's
// contents changes its change time, which cannot be set back; but a file
// changed within a tick of a coarse clock could change again and keep its
// times, so a file changed less than settle before a run is not trusted.

// fileStamp is what the system said of a file read from disk.
type fileStamp struct {
	size, mtime, ctime int64
	ino, dev           uint64
}

// stamps joins the stamps of files at paths, in path order; false when one
// is missing or changed less than settle before now.
func stamps(paths []string, of []*fileStamp, now time.Time, settle time.Duration) (string, bool) {
	limit := now.Add(-settle).UnixNano()
	lines := make([]string, len(paths))
	for i, s := range of {
		if s == nil || s.mtime >= limit || s.ctime >= limit {
			return "", false
		}
		lines[i] = fmt.Sprintf("%q %d %d %d %d %d\n", paths[i], s.size, s.mtime, s.ctime, s.ino, s.dev)
	}
	sort.Strings(lines)
	return strings.Join(lines, ""), true
}

// Stamps is the stamp of files as LoadWith read them: false when one was
// not read from disk (an editor's buffer, a pipe) or changed less than
// settle before now.
func Stamps(files []*File, now time.Time, settle time.Duration) (string, bool) {
	paths := make([]string, len(files))
	of := make([]*fileStamp, len(files))
	for i, f := range files {
		paths[i], of[i] = f.Path, f.stamp
	}
	return stamps(paths, of, now, settle)
}

// Stamp is Stamps of the files LoadWith would read for paths with exclude,
// from the system alone: a run whose files have the stamp of an earlier one
// reads what it read. False when a path cannot be stamped: missing, not a
// regular file, a directory whose sqitch plan names its files, or on a
// system whose stamps miglint does not read.
func Stamp(paths, exclude []string, now time.Time, settle time.Duration) (string, bool) {
	var names []string
	var of []*fileStamp
	add := func(p string) bool {
		s := statStamp(p)
		names, of = append(names, p), append(of, s)
		return s != nil
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return "", false
		}
		if !info.IsDir() {
			if !add(root) {
				return "", false
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(root, "sqitch.plan")); err == nil {
			return "", false
		}
		rels, errs := sqlFiles(root, nil)
		if len(errs) > 0 {
			return "", false
		}
		for _, rel := range rels {
			if p := filepath.Join(root, filepath.FromSlash(rel)); !isExcluded(p, exclude) && !add(p) {
				return "", false
			}
		}
	}
	return stamps(names, of, now, settle)
}
