// Package fuzzseed gives the fuzz targets their seed corpus: the SQL files
// of the repository's testdata and, when they sit beside the repository, the
// shared corpora of real histories (read in place, never copied in).
package fuzzseed

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// MaxSize is the largest file taken as a seed: the fuzzer mutates small
// inputs much faster, and real statements are short.
const MaxSize = 16 << 10

// File is a seed: a path as it would be reported, and its contents.
type File struct{ Path, Src string }

// SQL returns the .sql files of at most MaxSize bytes under the
// repository's testdata directories and ../shared/corpora, in a stable
// order. repo is the repository's root relative to the test's package.
func SQL(repo string) []File {
	var out []File
	for _, dir := range []string{"testdata", "rules/testdata", "internal/fix/testdata", "../shared/corpora"} {
		root := filepath.Join(repo, dir)
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".sql") {
				return nil
			}
			if info, err := d.Info(); err != nil || info.Size() > MaxSize {
				return nil
			}
			if src, err := os.ReadFile(p); err == nil {
				rel, _ := filepath.Rel(root, p)
				out = append(out, File{filepath.ToSlash(rel), string(src)})
			}
			return nil
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Hostile are inputs that broke or nearly broke parsers: encodings, NUL
// bytes, unterminated quotes, markers, deep nesting, CockroachDB syntax.
var Hostile = []string{
	"",
	"-- only a comment\n",
	"\uFEFFCREATE TABLE a (id int);\r\nCREATE TABLE b (id int,, x int);\r\n",
	"SELECT 1;\nSELECT '\x00';\nSELECT '\xff\xfe';\n",
	"SELECT 'abc;\nSELECT 3;",
	"SELECT 1; /* unterminated /* nested */",
	"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $bod$",
	"SELEC 1;\nSELECT 2;\nCREATE TABLE x (a int",
	"-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (id int)\n-- +goose StatementEnd\n-- +goose Down\nDROP TABLE a;\n",
	"-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;",
	"SELECT " + strings.Repeat("(", 1200) + "1" + strings.Repeat(")", 1200),
	"SELECT 1" + strings.Repeat("+1", 1200),
	"CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE t (user_id bigint REFERENCES users, INDEX (user_id), FAMILY f (user_id));\n" +
		"ALTER TABLE t DROP CONSTRAINT IF EXISTS t_user_id_fkey, ADD CONSTRAINT t_user_id_fkey FOREIGN KEY (user_id) REFERENCES users ON DELETE CASCADE;\n",
	"CREATE TABLE \"ta\nble\" (\"us%e:r,s\" int REFERENCES \"ctl\x01\"); -- miglint:ignore fk-on-delete\n",
	"ALTER TABLE a RENAME TO b; ALTER TABLE b RENAME COLUMN c TO d; DROP TABLE b CASCADE;",
}

// Deadline makes a fuzz run that takes over 10 s a crash, which the fuzzer
// records as a failing input (it has no timeout of its own). Call the
// returned function when the run is over:
//
//	defer fuzzseed.Deadline(input)()
func Deadline(input string) func() {
	t := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("hung for 10 s on %q", input)) })
	return func() { t.Stop() }
}
