package parser

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// replayOrder lists the loaded files as "rel [convention version] (down)".
func replayOrder(t *testing.T, dir string, opts LoadOptions) []string {
	t.Helper()
	files, errs := LoadWith([]string{dir}, opts)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var out []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		d := filepath.ToSlash(rel) + " [" + f.Convention + " " + f.Version + "]"
		if f.Down {
			d += " (down)"
		}
		if f.NoTransaction {
			d += " (no transaction)"
		}
		for _, p := range f.Problems {
			d += " !" + p.Msg
		}
		out = append(out, d)
	}
	return out
}

func TestConventions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opts  LoadOptions
		want  []string
	}{
		{"plain numbered", map[string]string{"061-b.sql": "", "002-a.sql": "", "100-c.sql": ""},
			LoadOptions{}, []string{"002-a.sql [plain 002]", "061-b.sql [plain 061]", "100-c.sql [plain 100]"}},
		{"golang-migrate, unpadded", map[string]string{"10_c.up.sql": "", "9_b.up.sql": "", "9_b.down.sql": "", "100_d.up.sql": "", "1_a.up.sql": ""},
			LoadOptions{}, []string{"1_a.up.sql [golang-migrate 1]", "9_b.down.sql [golang-migrate 9] (down)", "9_b.up.sql [golang-migrate 9]", "10_c.up.sql [golang-migrate 10]", "100_d.up.sql [golang-migrate 100]"}},
		{"goose", map[string]string{"20240102_b.sql": "-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;", "20240101_a.sql": "-- +goose Up\nSELECT 1;"},
			LoadOptions{}, []string{"20240101_a.sql [goose 20240101]", "20240102_b.sql [goose 20240102] (no transaction)"}},
		{"dbmate", map[string]string{"20240101_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n"},
			LoadOptions{}, []string{"20240101_a.sql [dbmate 20240101]"}},
		{"flyway", map[string]string{"V2__c.sql": "", "V1.10__b.sql": "", "V1.2__a.sql": "", "V1__init.sql": "", "U1.2__a.sql": "", "R__views.sql": "", "R__a_funcs.sql": ""},
			LoadOptions{}, []string{"V1__init.sql [flyway 1]", "U1.2__a.sql [flyway 1.2] (down)", "V1.2__a.sql [flyway 1.2]", "V1.10__b.sql [flyway 1.10]", "V2__c.sql [flyway 2]", "R__a_funcs.sql [flyway ]", "R__views.sql [flyway ]"}},
		{"diesel", map[string]string{"2019-02-27-170003_b/up.sql": "", "2019-02-27-170003_b/down.sql": "", "2019-02-26-002946_a/up.sql": "", "00000000000000_diesel_initial_setup/up.sql": ""},
			LoadOptions{}, []string{"00000000000000_diesel_initial_setup/up.sql [diesel 00000000000000]", "2019-02-26-002946_a/up.sql [diesel 2019-02-26-002946]",
				"2019-02-27-170003_b/down.sql [diesel 2019-02-27-170003] (down)", "2019-02-27-170003_b/up.sql [diesel 2019-02-27-170003]"}},
		{"prisma", map[string]string{"20230411134605_b/migration.sql": "", "20230404095503_a/migration.sql": "", "migration_lock.toml": ""},
			LoadOptions{}, []string{"20230404095503_a/migration.sql [prisma 20230404095503]", "20230411134605_b/migration.sql [prisma 20230411134605]"}},
		{"sqitch", map[string]string{
			"sqitch.plan":      "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z A <a@b> # users\nposts [users] 2024-01-02T00:00:00Z A <a@b>\n@v1 2024-01-03T00:00:00Z A <a@b>\n",
			"deploy/posts.sql": "", "deploy/users.sql": "", "revert/users.sql": "", "verify/users.sql": "", "deploy/stray.sql": "",
		}, LoadOptions{}, []string{"deploy/users.sql [sqitch users]", "revert/users.sql [sqitch users] (down)", "verify/users.sql [sqitch users] (down)", "deploy/posts.sql [sqitch posts]",
			"deploy/stray.sql [sqitch ] (down) !deploy/stray.sql is not in sqitch.plan; sqitch would not run it, so it is not replayed"}},
		{"duplicate versions and strays", map[string]string{"1_a.up.sql": "", "01_b.up.sql": "", "notes.sql": "", "sub/schema.sql": ""},
			LoadOptions{}, []string{"1_a.up.sql [golang-migrate 1]", "01_b.up.sql [golang-migrate 01] !migration version 01 is also used by ${DIR}/1_a.up.sql; the order between them is undefined",
				"notes.sql [ ] (down) !notes.sql fits no migration naming convention of its directory; a migration tool would not run it, so it is not replayed", "sub/schema.sql [ ]"}},
		{"excludes", map[string]string{"001_a.sql": "", "002_b.seed.sql": "", "legacy/001_x.sql": ""},
			LoadOptions{Exclude: []string{"*.seed.sql", "legacy/*"}}, []string{"001_a.sql [plain 001]"}},
		{"forced convention", map[string]string{"20240101_a.sql": "SELECT 1;"},
			LoadOptions{Convention: Goose}, []string{"20240101_a.sql [goose 20240101]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.files)
			want := make([]string, len(tc.want))
			for i, w := range tc.want {
				want[i] = os.Expand(w, func(string) string { return dir })
			}
			if got := replayOrder(t, dir, tc.opts); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestOverlay: the overlay replaces a file's content and adds a file the
// disk does not have, in its tool's order, classified from the buffer.
func TestOverlay(t *testing.T) {
	dir := writeTree(t, map[string]string{"db/001_a.sql": "SELECT 1;", "db/003_c.sql": "SELECT 3;", "db/010_d.sql": "SELECT 10;"})
	t.Chdir(dir)
	overlay := map[string]string{
		"db/003_c.sql":                          "-- +goose Up\nSELECT 'buffer';\n-- +goose Down\nSELECT 0;",
		filepath.Join(dir, "db", "004_new.sql"): "SELECT 4;",
		"elsewhere/001.sql":                     "SELECT 'not under db';",
	}
	files, errs := LoadWith([]string{"db"}, LoadOptions{Overlay: overlay})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Path+" "+f.Convention+"="+f.Src())
	}
	want := []string{"db/001_a.sql plain=SELECT 1;", "db/003_c.sql goose=" + overlay["db/003_c.sql"], "db/004_new.sql plain=SELECT 4;", "db/010_d.sql plain=SELECT 10;"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded %q\nwant   %q", got, want)
	}
	// A file argument the disk does not have yet.
	files, errs = LoadWith([]string{"elsewhere/001.sql"}, LoadOptions{Overlay: overlay})
	if len(errs) > 0 || len(files) != 1 || files[0].Src() != "SELECT 'not under db';" {
		t.Errorf("file argument from the overlay: %v %v", files, errs)
	}
}

// TestFolderVersion: folderVersion finds what ^(\d[\d-]*\d|\d)[-_] does,
// trimmed of dashes as Diesel's versions are, for the corpora's folder
// names and names around the pattern's edges.
func TestFolderVersion(t *testing.T) {
	re := regexp.MustCompile(`^(\d[\d-]*\d|\d)[-_]`)
	names := []string{"", "_", "-", "1", "1_", "1-", "12-", "1-2", "1-2-", "1--2_", "-1_x", "a1_", "1a_",
		"2019-02-26-002946_create_user", "20230404095503_initial", "2025-09-19-132648-0000_theme-instance",
		"1_-", "1__", "12-34-abc", "12-34-", "9", "9x", "0_0_0", "1-2-3_4", "1--x", "2020-01-_x"}
	for _, dir := range []string{"../testdata", "../../shared/corpora"} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				names = append(names, d.Name())
			}
			return nil
		})
	}
	for _, name := range names {
		want := ""
		if m := re.FindStringSubmatch(name); m != nil {
			want = m[1]
		}
		if got := folderVersion(name); got != want {
			t.Errorf("folderVersion(%q) = %q, want %q", name, got, want)
		}
	}
}
