package schema_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/bench"
	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// A history for the checkpoint tests: its files' names and sources.
type history struct {
	name    string
	dialect string
	files   [][2]string
}

func checkpointHistories(t *testing.T) []history {
	var hs []history
	for seed := int64(1); seed <= 150; seed++ {
		h := history{name: fmt.Sprintf("histgen seed %d", seed), dialect: parser.Postgres}
		if seed%5 == 0 {
			// CockroachDB names and scopes differently.
			h.dialect = parser.Cockroach
		}
		for _, f := range histgen.Generate(seed, histgen.Options{}).Files {
			h.files = append(h.files, [2]string{f.Name, f.SQL})
		}
		hs = append(hs, h)
	}
	// Real histories, when the corpora sit beside the repository.
	corpora := "../../shared/corpora"
	for _, c := range []struct{ name, dialect string }{{"skytwin", parser.Cockroach}, {"documenso", parser.Postgres}, {"ente", parser.Postgres}} {
		root := filepath.Join(corpora, c.name)
		if _, err := os.Stat(root); err != nil {
			continue
		}
		var paths []string
		if c.name == "skytwin" {
			db := filepath.Join(root, "packages", "db", "src")
			paths = []string{filepath.Join(db, "schemas", "schema.sql"), filepath.Join(db, "migrations")}
		} else {
			paths = []string{root}
		}
		files, errs := parser.Load(paths)
		if len(errs) > 0 || len(files) == 0 {
			t.Fatalf("%s: %v", c.name, errs)
		}
		h := history{name: c.name, dialect: c.dialect}
		for _, f := range files {
			if !f.Down {
				h.files = append(h.files, [2]string{f.Path, f.Src()})
			}
		}
		hs = append(hs, h)
	}
	// Every rule's cases, and the example: each directory of .sql files is
	// a history.
	dirs, _ := filepath.Glob("../rules/testdata/*/*")
	dirs = append(dirs, "../testdata/examples/cascade-backfill")
	for _, dir := range dirs {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		if len(paths) == 0 {
			continue
		}
		h := history{name: dir, dialect: parser.Postgres}
		if strings.Contains(dir, "cockroach") {
			h.dialect = parser.Cockroach
		}
		for _, p := range paths {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			h.files = append(h.files, [2]string{p, string(src)})
		}
		hs = append(hs, h)
	}
	if len(hs) < 160 {
		t.Fatalf("only %d histories: testdata moved?", len(hs))
	}
	return hs
}

// load parses a history's files; the first spansOnly of them without their
// trees, as a run that resumes from a checkpoint does.
func (h history) load(spansOnly int) []*parser.File {
	files := make([]*parser.File, len(h.files))
	for i, nf := range h.files {
		files[i] = parser.NewFile(nf[0], nf[1])
		data := parser.Encode(nf[1], parser.Options{Dialect: h.dialect})
		decode := parser.Decode
		if i < spansOnly {
			decode = parser.DecodeSpans
		}
		if err := decode(files[i], data); err != nil {
			panic(err)
		}
	}
	return files
}

// findings renders every rule's findings with their positions.
func findings(files []*parser.File, res *schema.Result) string {
	var b strings.Builder
	for _, d := range rules.RunWith(files, res, rules.Settings{Policies: rules.DefaultPolicies}, rules.All) {
		fmt.Fprintf(&b, "%s:%v-%v %s %s %q\n", d.Span.File.Path, d.Span.StartPos(), d.Span.EndPos(), d.Rule, d.Message, d.Fix)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "\t%s:%v %s\n", r.Span.File.Path, r.Span.StartPos(), r.Message)
		}
	}
	return b.String()
}

// TestCheckpointResume checks that a replay resumed from a checkpoint after
// any number of files ends in the same state, with the same findings, as
// one that replayed every file.
func TestCheckpointResume(t *testing.T) {
	resumes := 0
	for _, h := range checkpointHistories(t) {
		opts := schema.Options{Dialect: h.dialect}
		files := h.load(0)
		whole := schema.ReplayWith(files, opts)
		final := schema.NewReplayer(opts)
		for _, f := range files {
			final.File(f)
		}
		want, err := final.Checkpoint(files)
		if err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		wantFindings := findings(files, whole)

		// Every split of a short history; about 20 of a long one.
		for k := 0; k <= len(files); k += max(1, len(files)/20) {
			before := h.load(0)
			rp := schema.NewReplayer(opts)
			for _, f := range before[:k] {
				rp.File(f)
			}
			ck, err := rp.Checkpoint(before[:k])
			if err != nil {
				t.Fatalf("%s, after %d files: %v", h.name, k, err)
			}
			after := h.load(k)
			// As a run resumes: with the files that follow in view.
			c, err := schema.DecodeCheckpoint(ck, after[:k], len(after)-k, opts)
			var resumed *schema.Replayer
			if err == nil {
				resumed, err = c.Resume()
			}
			if err != nil {
				t.Fatalf("%s, after %d files: %v", h.name, k, err)
			}
			for _, f := range after[k:] {
				resumed.File(f)
			}
			got, err := resumed.Checkpoint(after)
			if err != nil {
				t.Fatalf("%s, after %d files: %v", h.name, k, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: resumed after %d files, the replay's state differs", h.name, k)
			}
			if f := findings(after, resumed.Result()); f != wantFindings {
				t.Fatalf("%s: resumed after %d files, findings differ:\n%s\n--- want:\n%s", h.name, k, f, wantFindings)
			}
			resumes++
		}
	}
	t.Logf("%d resumes", resumes)
}

// TestCheckpointDamaged checks that a damaged checkpoint is refused, never
// a crash.
func TestCheckpointDamaged(t *testing.T) {
	h := history{name: "example", dialect: parser.Postgres}
	paths, _ := filepath.Glob("../testdata/examples/cascade-backfill/*.sql")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		h.files = append(h.files, [2]string{p, string(src)})
	}
	files := h.load(0)
	rp := schema.NewReplayer(schema.Options{})
	for _, f := range files {
		rp.File(f)
	}
	ck, err := rp.Checkpoint(files)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := schema.Resume(ck, files, schema.Options{}); err != nil {
		t.Fatalf("the checkpoint itself: %v", err)
	}
	// Every cut and flipped byte would take a minute: about 500 of each.
	step := max(1, len(ck)/500)
	for n := 0; n < len(ck); n += step {
		if _, err := schema.Resume(ck[:n], files, schema.Options{}); err == nil {
			t.Fatalf("a checkpoint cut to %d of %d bytes was read", n, len(ck))
		}
	}
	// Its checksum refuses any byte damaged (see checkpointMagic).
	for i := 0; i < len(ck); i += step {
		bad := bytes.Clone(ck)
		bad[i] ^= 0xff
		if _, err := schema.Resume(bad, files, schema.Options{}); err == nil {
			t.Fatalf("a checkpoint with byte %d of %d flipped was read", i, len(ck))
		}
	}
	// Fewer files than it was made of.
	if _, err := schema.Resume(ck, files[:1], schema.Options{}); err == nil {
		t.Fatal("a checkpoint of more files than given was read")
	}
	// Files without the statements it points at: read (their statements
	// are not), then refused when it is resumed.
	bare := h.load(0)
	for _, f := range bare {
		f.Stmts = nil
	}
	c, err := schema.DecodeCheckpoint(ck, bare, 0, schema.Options{})
	if err != nil {
		t.Fatalf("reading the checkpoint without statements: %v", err)
	}
	if _, err := c.Resume(); err == nil {
		t.Fatal("a checkpoint was resumed over files without its statements")
	}
}

// TestDroppedTrees checks that nothing a replay keeps refers to the trees
// of the files it replayed: once they are dropped and their memory holds
// other trees (parser.File.DropTrees), the replay's state and findings are
// those of a replay that kept them.
func TestDroppedTrees(t *testing.T) {
	for i, h := range checkpointHistories(t) {
		if strings.HasPrefix(h.name, "histgen") && i%10 != 0 {
			continue // 15 generated histories, and the real ones
		}
		opts := schema.Options{Dialect: h.dialect}
		kept := schema.NewReplayer(opts)
		files := h.load(0)
		for _, f := range files {
			kept.File(f)
		}
		want, err := kept.Checkpoint(files)
		if err != nil {
			t.Fatal(err)
		}
		wantFindings := findings(files, kept.Result())

		dropped := schema.NewReplayer(opts)
		files = h.load(0)
		for _, f := range files {
			dropped.File(f)
			f.DropTrees()
		}
		h.load(0) // decoded into the dropped trees' memory
		got, err := dropped.Checkpoint(files)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: the replay's state changed with its files' trees", h.name)
		}
		if f := findings(files, dropped.Result()); f != wantFindings {
			t.Fatalf("%s: findings changed with the files' trees:\n%s\n--- want:\n%s", h.name, f, wantFindings)
		}
	}
}

// BenchmarkCheckpoint writes the checkpoint of a synthetic history of
// 40,000 statements (a tenth of the 100 MB history internal/bench
// measures).
//
//	go test ./schema -run '^$' -bench Checkpoint
func BenchmarkCheckpoint(b *testing.B) {
	x := schema.NewReplayer(schema.Options{})
	var files []*parser.File
	_, err := bench.Generate(bench.Options{Seed: 1, Files: 400, Statements: 40000}, func(name, sql string) error {
		f := parser.NewFile(name, sql)
		parser.Parse(f)
		x.File(f)
		files = append(files, f)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := x.WriteCheckpoint(io.Discard, files); err != nil {
			b.Fatal(err)
		}
	}
}
