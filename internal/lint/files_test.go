package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestFileMode(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range []string{
		"db/001_users.sql", "db/002_posts.sql", "db/README.sql",
		"prisma/20240101_init/migration.sql", "prisma/20240102_posts/migration.sql",
		"diesel/2024-01-01-000000_init/up.sql", "diesel/2024-01-01-000000_init/down.sql",
		"lonely/001_only.sql",
		"schema.sql", "seed.sql",
		"sq/sqitch.plan", "sq/deploy/users.sql",
	} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args         []string
		replay, only string
	}{
		// A versioned migration among others: its directory, reporting it.
		{[]string{"db/002_posts.sql"}, "[db]", "[db/002_posts.sql]"},
		// Several of one directory: replayed once.
		{[]string{"db/002_posts.sql", "db/001_users.sql"}, "[db]", "[db/002_posts.sql db/001_users.sql]"},
		// Not versioned, or alone: as given.
		{[]string{"db/README.sql"}, "[db/README.sql]", "[]"},
		{[]string{"lonely/001_only.sql"}, "[lonely/001_only.sql]", "[]"},
		{[]string{"schema.sql", "seed.sql"}, "[schema.sql seed.sql]", "[]"},
		// A baseline, then a migration: the baseline stays first.
		{[]string{"schema.sql", "db/002_posts.sql"}, "[schema.sql db]", "[schema.sql db/002_posts.sql]"},
		// A folder per migration: the folder's parent.
		{[]string{"prisma/20240102_posts/migration.sql"}, "[prisma]", "[prisma/20240102_posts/migration.sql]"},
		// up.sql and down.sql of a lone folder: nothing else to replay.
		{[]string{"diesel/2024-01-01-000000_init/up.sql"}, "[diesel/2024-01-01-000000_init/up.sql]", "[]"},
		// sqitch: the project.
		{[]string{"sq/deploy/users.sql"}, "[sq]", "[sq/deploy/users.sql]"},
		// Inside a directory argument: the directory replays it; all of the
		// directory is reported.
		{[]string{"db", "db/002_posts.sql"}, "[db]", "[]"},
		{[]string{"db", "db"}, "[db]", "[]"},
		// A migration not on disk yet (an editor's new buffer).
		{[]string{"db/003_new.sql"}, "[db]", "[db/003_new.sql]"},
		{[]string{"new/001_x.sql"}, "[new/001_x.sql]", "[]"},
	} {
		replay, only := FileMode(tc.args)
		if got := fmt.Sprint(replay); got != tc.replay {
			t.Errorf("FileMode(%q) replays %s, want %s", tc.args, got, tc.replay)
		}
		if got := fmt.Sprint(only); got != tc.only {
			t.Errorf("FileMode(%q) reports %s, want %s", tc.args, got, tc.only)
		}
	}
}
