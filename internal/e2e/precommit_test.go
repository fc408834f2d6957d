package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPreCommit runs the real pre-commit with this repository's hook on a
// migration history: a bad migration fails the commit with its finding
// (and only its own, though the whole history is replayed), a good one is
// committed. pre-commit installs the hook as it would for a user, with
// 'go install' from a git repository: here a commit of the current working
// tree, so uncommitted work is what gets tested.
func TestPreCommit(t *testing.T) {
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed, and CI=true: .ci/run installs it", tool)
			}
			t.Skipf("%s is not installed (pre-commit: Debian package pre-commit); CI=true makes this a failure", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	home := filepath.Join(tmp, "home")
	modcache := strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOMODCACHE"))
	env := []string{
		"HOME=" + home,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=" + filepath.Join(home, ".gitconfig"),
		"GIT_AUTHOR_NAME=miglint test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=miglint test", "GIT_COMMITTER_EMAIL=test@example.com",
		"PRE_COMMIT_HOME=" + filepath.Join(tmp, "pre-commit"),
		// The Go caches of this machine: the modules come from the module
		// cache without the network, and the build reuses compiled packages
		// (pg_query's C code alone takes half a minute).
		"GOMODCACHE=" + modcache,
		"GOCACHE=" + strings.TrimSpace(run(t, ctx, "", nil, "go", "env", "GOCACHE")),
		"CGO_ENABLED=1",
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}

	// The hook's repository: the working tree as it is, committed.
	hooks := filepath.Join(tmp, "miglint")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	listed := run(t, ctx, root, env, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, rel := range strings.Split(listed, "\x00") {
		src := filepath.Join(root, rel)
		if info, err := os.Lstat(src); rel == "" || err != nil || !info.Mode().IsRegular() {
			continue // deleted in the working tree, or not a file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(hooks, rel), string(data))
	}
	run(t, ctx, hooks, env, "git", "init", "-q")
	run(t, ctx, hooks, env, "git", "add", "-A")
	run(t, ctx, hooks, env, "git", "commit", "-q", "-m", "working tree")
	rev := strings.TrimSpace(run(t, ctx, hooks, env, "git", "rev-parse", "HEAD"))

	// A project with a migration history that uses the hook.
	app := filepath.Join(tmp, "app")
	write(t, filepath.Join(app, ".pre-commit-config.yaml"), "repos:\n  - repo: "+hooks+"\n    rev: "+rev+"\n    hooks:\n      - id: miglint\n")
	write(t, filepath.Join(app, "migrations", "001_users.sql"), "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	write(t, filepath.Join(app, "migrations", "002_sessions.sql"),
		"CREATE TABLE sessions (\n    id bigint PRIMARY KEY,\n    user_id bigint NOT NULL CONSTRAINT fk_sessions_user REFERENCES users(id)\n);\n")
	run(t, ctx, app, env, "git", "init", "-q")
	run(t, ctx, app, env, "git", "add", "-A")
	run(t, ctx, app, env, "git", "commit", "-q", "-m", "history")
	run(t, ctx, app, env, "pre-commit", "install")

	// A backfill that trusts the default name: the commit fails.
	backfill := filepath.Join(app, "migrations", "003_backfill.sql")
	write(t, backfill, "ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey;\n")
	run(t, ctx, app, env, "git", "add", "-A")
	out, err := command(ctx, app, env, "git", "commit", "-m", "bad backfill")
	if err == nil {
		t.Fatalf("the commit of a bad migration succeeded:\n%s", out)
	}
	for _, want := range []string{
		"miglint",
		"Failed",
		`migrations/003_backfill.sql:1:22: error: DROP CONSTRAINT IF EXISTS "sessions_user_id_fkey" drops nothing`,
		"[drop-constraint-noop]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the failed commit's output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "002_sessions.sql") {
		t.Errorf("findings of migrations that are not committed now were reported:\n%s", out)
	}

	// The backfill that drops the real name: committed.
	write(t, backfill, "ALTER TABLE sessions DROP CONSTRAINT IF EXISTS fk_sessions_user;\n"+
		"ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey\n    FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;\n")
	run(t, ctx, app, env, "git", "add", "-A")
	if out, err := command(ctx, app, env, "git", "commit", "-m", "good backfill"); err != nil {
		t.Fatalf("the commit of a good migration failed: %v\n%s", err, out)
	}
}

func command(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func run(t *testing.T, ctx context.Context, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, err := command(ctx, dir, env, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}
