package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/internal/lint/linttest"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

// Run the benchmarks with
//
//	go test ./internal/bench -run '^$' -bench . -benchtime 3x
//
// and MIGLINT_BENCH_LARGE=1 to add a history of a million statements
// (about 300 MB). ns/stmt should stay flat as histories grow.

// BenchmarkRun's parallel runs start this binary as a parse worker.
func TestMain(m *testing.M) { linttest.Main(m) }

func sizes() []int {
	s := []int{1_000, 10_000, 100_000}
	if os.Getenv("MIGLINT_BENCH_LARGE") != "" {
		s = append(s, 1_000_000)
	}
	return s
}

type source struct {
	name, sql string
}

// history generates n statements in files of 100.
func history(b *testing.B, n int) ([]source, Stats) {
	var out []source
	st, err := Generate(Options{Seed: 1, Files: max(n/100, 1), Statements: n}, func(name, sql string) error {
		out = append(out, source{name, sql})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return out, st
}

func report(b *testing.B, st Stats) {
	b.SetBytes(st.Bytes)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(st.Statements), "ns/stmt")
}

// BenchmarkParse parses every file in this process: libpg_query's cost.
func BenchmarkParse(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("stmts=%d", n), func(b *testing.B) {
			src, st := history(b, n)
			b.ResetTimer()
			for range b.N {
				for _, s := range src {
					parser.Parse(parser.NewFile(s.name, s.sql))
				}
			}
			report(b, st)
		})
	}
}

// BenchmarkReplay replays parsed files, dropping each file's trees once
// replayed as a run does; decoding the parses is not timed.
func BenchmarkReplay(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("stmts=%d", n), func(b *testing.B) {
			src, st := history(b, n)
			files := make([]*parser.File, len(src))
			enc := make([][]byte, len(src))
			for i, s := range src {
				files[i] = parser.NewFile(s.name, s.sql)
				enc[i] = parser.Encode(s.sql, parser.Options{})
			}
			b.ResetTimer()
			for range b.N {
				r := schema.NewReplayer(schema.Options{})
				for i, f := range files {
					b.StopTimer()
					if err := parser.Decode(f, enc[i]); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					r.File(f)
					f.Stmts = nil
				}
				r.Result()
			}
			report(b, st)
		})
	}
}

// BenchmarkCheckpoint writes the replay's state after a whole history, as
// a run does for the next one, and reads it back, as the next run does.
func BenchmarkCheckpoint(b *testing.B) {
	for _, n := range sizes() {
		src, st := history(b, n)
		files := make([]*parser.File, len(src))
		r := schema.NewReplayer(schema.Options{})
		for i, s := range src {
			files[i] = parser.NewFile(s.name, s.sql)
			parser.Parse(files[i])
			r.File(files[i])
			for _, stmt := range files[i].Stmts {
				stmt.Node, stmt.Extra = nil, nil // as a run drops them
			}
		}
		data, err := r.Checkpoint(files)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("stmts=%d/write", n), func(b *testing.B) {
			for range b.N {
				if _, err := r.Checkpoint(files); err != nil {
					b.Fatal(err)
				}
			}
			report(b, st)
		})
		b.Run(fmt.Sprintf("stmts=%d/read", n), func(b *testing.B) {
			for range b.N {
				if _, err := schema.Resume(data, files, schema.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			report(b, st)
		})
	}
}

// BenchmarkRun lints a history on disk, as the command does: cold (parsed
// on every core, in worker processes), warm (the parses cached, and the
// replay's checkpoint after the last file; the findings too for
// "unchanged"), single-threaded without a cache, and an editor's saves of
// the middle file (its buffer changed every time; the cache filled by a
// run over the history and a first save).
func BenchmarkRun(b *testing.B) {
	worker := linttest.Worker(b)
	for _, n := range sizes() {
		dir := filepath.Join(b.TempDir(), "history")
		st, err := WriteDir(dir, Options{Seed: 1, Files: max(n/100, 1), Statements: n})
		if err != nil {
			b.Fatal(err)
		}
		jobs := runtime.GOMAXPROCS(0)
		paths, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil || len(paths) == 0 {
			b.Fatal(paths, err)
		}
		middle := paths[len(paths)/2]
		src, err := os.ReadFile(middle)
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []string{"sequential", "cold", "warm", "unchanged", "editor"} {
			b.Run(fmt.Sprintf("stmts=%d/%s", n, mode), func(b *testing.B) {
				opts := lint.Options{Paths: []string{dir}, Jobs: jobs, Worker: worker}
				switch mode {
				case "sequential":
					opts.Jobs, opts.Worker = 1, nil
				case "warm", "unchanged", "editor":
					opts.Cache = cache.Open(b.TempDir())
					opts.CacheResult = mode == "unchanged"
					lint.Run(opts) // fill it
				}
				save := func(i int) lint.Options {
					o := opts
					o.Paths, o.FileMode = []string{middle}, true
					o.Overlay = map[string]string{middle: fmt.Sprintf("%s\nALTER TABLE users ADD COLUMN edit_%d text;\n", src, i)}
					return o
				}
				if mode == "editor" {
					lint.Run(save(-1)) // the first save
				}
				b.ResetTimer()
				for i := range b.N {
					if mode == "cold" {
						b.StopTimer()
						opts.Cache = cache.Open(b.TempDir())
						b.StartTimer()
					}
					if mode == "editor" {
						lint.Run(save(i))
						continue
					}
					if res := lint.Run(opts); len(res.Files) != st.Files {
						b.Fatalf("%d files linted, want %d", len(res.Files), st.Files)
					}
				}
				report(b, st)
			})
		}
	}
}
