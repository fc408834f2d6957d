package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Stamp describes the files LoadWith reads for paths by what the system
// says of each (path, size, modification and change times, inode, device)
// rather than by their contents, as git and go build know a file unchanged
// without reading it: a change to a file's contents changes its times, and
// its change time cannot be set back. ok is false when a path cannot be
// stamped (it is missing, not a regular file, or a directory whose files a
// sqitch plan names), or when a file changed less than settle before now: a
// later change in the same tick of a coarse clock could leave the same times.
func Stamp(paths []string, now time.Time, settle time.Duration) (stamp string, ok bool) {
	var b []byte
	add := func(path string) bool {
		var st syscall.Stat_t
		if syscall.Stat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return false
		}
		limit := now.Add(-settle).UnixNano()
		if st.Mtim.Nano() >= limit || st.Ctim.Nano() >= limit {
			return false
		}
		b = fmt.Appendf(b, "%q %d %d %d %d %d\n", path, st.Size, st.Mtim.Nano(), st.Ctim.Nano(), st.Ino, st.Dev)
		return true
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
			if !add(filepath.Join(root, filepath.FromSlash(rel))) {
				return "", false
			}
		}
	}
	return string(b), true
}
