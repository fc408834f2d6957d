package oracle

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/internal/pgtest"
)

// corporaDir holds real migration histories beside the repository (a
// user's clone does not have it); MIGLINT_CORPORA points elsewhere.
func corporaDir() string {
	if d := os.Getenv("MIGLINT_CORPORA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpora")
}

// TestOracleCorpora replays real histories on PostgreSQL and in miglint.
// ente and documenso must apply entirely. lemmy is compared up to the first
// migration PostgreSQL rejects, which must be one of lemmyStops. Set
// MIGLINT_ORACLE_SHRINK_CORPORA=1 to shrink a disagreement (slow: minutes).
func TestOracleCorpora(t *testing.T) {
	root := corporaDir()
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpora at %s", root)
	}
	bin := needMiglint(t)
	c := pgtest.Start(t)
	for _, tc := range []struct {
		name  string
		load  func(root string) ([]histgen.File, error)
		stops []string // where PostgreSQL may stop; none: it must apply every migration
	}{
		{"ente", loadEnte, nil},
		{"documenso", loadFolders("packages/prisma/migrations", "migration.sql"), nil},
		{"lemmy", loadFolders("migrations", "up.sql"), lemmyStops},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, err := tc.load(filepath.Join(root, tc.name))
			if err != nil {
				t.Skipf("corpus %s: %v", tc.name, err)
			}
			ctx := context.Background()
			w := workers(t, c, bin, 1)[0]
			w.Fresh = true // real histories create extensions, types and functions too
			pg, fail, err := w.Postgres(ctx, files)
			if err != nil {
				t.Fatal(err)
			}
			if fail != nil {
				if !slices.Contains(tc.stops, fail.File+" "+fail.SQLState) {
					t.Fatalf("PostgreSQL rejected %s: %s", tc.name, fail)
				}
				n := indexOf(files, fail.File)
				t.Logf("PostgreSQL stops at migration %d of %d: %s; comparing the %d before it", n+1, len(files), fail, n)
				files = files[:n]
				if pg, fail, err = w.Postgres(ctx, files); err != nil || fail != nil {
					t.Fatalf("prefix: %v %v", fail, err)
				}
			}
			constraints := 0
			for _, tb := range pg.Tables {
				constraints += len(tb.Constraints)
			}
			v, err := w.Check(ctx, files)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d migrations, %d tables, %d constraints in PostgreSQL; %s, %d differences", len(files), len(pg.Tables), constraints, v.Kind, len(v.Detail))
			if v.Kind == Agree {
				return
			}
			t.Errorf("%s:\n%s", v.Kind, strings.Join(v.Detail, "\n"))
			if os.Getenv("MIGLINT_ORACLE_SHRINK_CORPORA") != "" {
				small, v := shrinkDisagreement(ctx, w, files, v, signatures(v)[0])
				t.Errorf("minimal history:\n%s--- disagreement:\n%s", Format(small), strings.Join(v.Detail, "\n"))
			}
		})
	}
}

// lemmyStops: lemmy's migration 249, forbid_diesel_cli, puts a trigger on
// __diesel_schema_migrations, the table the diesel CLI creates outside the
// migrations, so PostgreSQL 16 and later stop there (42P01) after 248
// migrations. PostgreSQL 15 stops one earlier: migration 248 uses a
// subquery in FROM without an alias, allowed only since PostgreSQL 16 (42601).
var lemmyStops = []string{
	"2025-08-01-000017_forbid_diesel_cli/up.sql 42P01",
	"2025-08-01-000016_smoosh-tables-together/up.sql 42601",
}

func indexOf(files []histgen.File, name string) int {
	for i, f := range files {
		if f.Name == name {
			return i
		}
	}
	return -1
}

var enteName = regexp.MustCompile(`^(\d+)_.*\.up\.sql$`)

// loadEnte reads golang-migrate files N_name.up.sql in numeric order (9 before 10).
func loadEnte(root string) ([]histgen.File, error) {
	dir := filepath.Join(root, "server", "migrations")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []histgen.File
	var nums []int
	for _, e := range entries {
		m := enteName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		n, _ := strconv.Atoi(m[1])
		files, nums = append(files, histgen.File{Name: e.Name(), SQL: string(b)}), append(nums, n)
	}
	sort.Sort(byNum{files, nums})
	return files, nil
}

type byNum struct {
	files []histgen.File
	nums  []int
}

func (b byNum) Len() int           { return len(b.files) }
func (b byNum) Less(i, j int) bool { return b.nums[i] < b.nums[j] }
func (b byNum) Swap(i, j int) {
	b.files[i], b.files[j] = b.files[j], b.files[i]
	b.nums[i], b.nums[j] = b.nums[j], b.nums[i]
}

// loadFolders reads <sub>/<folder>/<file> for each folder, in folder name
// order (Prisma and diesel folders start with a timestamp).
func loadFolders(sub, file string) func(string) ([]histgen.File, error) {
	return func(root string) ([]histgen.File, error) {
		dir := filepath.Join(root, filepath.FromSlash(sub))
		entries, err := os.ReadDir(dir) // sorted by name
		if err != nil {
			return nil, err
		}
		var files []histgen.File
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name(), file))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			files = append(files, histgen.File{Name: e.Name() + "/" + file, SQL: string(b)})
		}
		return files, nil
	}
}
