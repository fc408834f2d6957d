package fix_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/fix"
)

// TestNextIn checks the name of the next migration in each convention.
func TestNextIn(t *testing.T) {
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600)) // 04:06:07 UTC
	for _, tc := range []struct {
		name   string
		files  map[string]string // path: content
		want   string
		header string
	}{
		{"plain", map[string]string{"011_a.sql": "", "012_cascade.sql": "", "README.md": ""}, "013_fix_on_delete.sql", ""},
		{"plain natural order", map[string]string{"9_a.sql": "", "10_b.sql": ""}, "11_fix_on_delete.sql", ""},
		{"plain padding and dash", map[string]string{"0099-a.sql": ""}, "0100-fix_on_delete.sql", ""},
		{"plain down files ignored", map[string]string{"001_a.sql": "", "002_b.down.sql": ""}, "002_fix_on_delete.sql", ""},
		{"golang-migrate", map[string]string{"000001_a.up.sql": "", "000001_a.down.sql": "", "000002_b.up.sql": "", "000002_b.down.sql": ""}, "000003_fix_on_delete.up.sql", ""},
		{"goose timestamp", map[string]string{"20240101120000_a.sql": "-- +goose Up\nSELECT 1;\n"}, "20250304040607_fix_on_delete.sql", "-- +goose Up\n"},
		{"goose numbered", map[string]string{"00007_a.sql": "-- +goose Up\nSELECT 1;\n"}, "00008_fix_on_delete.sql", "-- +goose Up\n"},
		{"dbmate", map[string]string{"20240101120000_a.sql": "-- migrate:up\nSELECT 1;\n"}, "20250304040607_fix_on_delete.sql", "-- migrate:up\n"},
		{"timestamp from the future", map[string]string{"20300101000000_a.sql": ""}, "20300101000001_fix_on_delete.sql", ""},
		{"flyway", map[string]string{"V1__a.sql": "", "V1.2__b.sql": "", "R__views.sql": ""}, "V1.3__fix_on_delete.sql", ""},
		{"flyway underscores", map[string]string{"V1_9__b.sql": ""}, "V1_10__fix_on_delete.sql", ""},
		{"diesel", map[string]string{"2024-01-01-120000_a/up.sql": "", "2024-01-01-120000_a/down.sql": ""}, "2025-03-04-040607_fix_on_delete/up.sql", ""},
		{"prisma", map[string]string{"20240101120000_init/migration.sql": "", "migration_lock.toml": ""}, "20250304040607_fix_on_delete/migration.sql", ""},
		{"empty", map[string]string{}, "001_fix_on_delete.sql", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			got, err := fix.NextIn(dir, now)
			if err != nil {
				t.Fatal(err)
			}
			if rel, _ := filepath.Rel(dir, got.Path); filepath.ToSlash(rel) != tc.want || got.Header != tc.header {
				t.Errorf("NextIn = %s with header %q; want %s with %q", filepath.ToSlash(rel), got.Header, tc.want, tc.header)
			}
		})
	}
}

func TestNextInNewDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	got, err := fix.NextIn(dir, time.Now())
	if err != nil || got.Path != filepath.Join(dir, "001_fix_on_delete.sql") {
		t.Errorf("NextIn on a directory yet to be made = %+v, %v", got, err)
	}
}

func TestNextInSqitch(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"sqitch.plan":  "%project=x\na 2024-01-01T00:00:00Z x <x@example.com>\n",
		"deploy/a.sql": "",
	})
	if _, err := fix.NextIn(dir, time.Now()); err == nil || !strings.Contains(err.Error(), "sqitch add") {
		t.Errorf("NextIn on a sqitch project: %v; want advice to use sqitch add", err)
	}
}

// writeFiles writes files (slash-separated path: content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, src := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
