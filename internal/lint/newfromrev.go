package lint

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// ChangedSince lists the files added or changed since the git revision rev,
// committed or not, and the untracked ones git does not ignore, as absolute
// paths: the files a pull request or a working tree brings. Findings in them
// are what a diff-aware run reports (Options.Only).
func ChangedSince(rev string) ([]string, error) {
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	root := strings.TrimSpace(top)
	if _, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--new-from-rev %s: not a git revision here", rev)
	}
	changed, err := git("diff", "--name-only", "-z", "--diff-filter=ACMR", rev, "--")
	if err != nil {
		return nil, err
	}
	untracked, err := git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range strings.Split(changed+untracked, "\x00") {
		if p != "" {
			out = append(out, filepath.Join(root, filepath.FromSlash(p)))
		}
	}
	return out, nil
}

func git(args ...string) (string, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return stdout.String(), nil
}
