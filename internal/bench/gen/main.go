// Command gen writes a synthetic migration history for benchmarks:
//
//	go run ./internal/bench/gen -out DIR -files 500 -statements 50000
//	go run ./internal/bench/gen -out DIR -mb 100
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/miglint/miglint/internal/bench"
)

func main() {
	out := flag.String("out", "", "directory to write (created)")
	files := flag.Int("files", 500, "number of files")
	stmts := flag.Int("statements", 50000, "number of statements, spread over the files")
	mb := flag.Float64("mb", 0, "instead: files of 100 statements until the history holds this many megabytes")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	st, err := bench.WriteDir(*out, bench.Options{Seed: *seed, Files: *files, Statements: *stmts, Bytes: int64(*mb * 1e6)})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("%d files, %d statements, %.1f MB\n", st.Files, st.Statements, float64(st.Bytes)/1e6)
}
