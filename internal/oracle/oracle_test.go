package oracle

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/internal/pgtest"
)

// TestOracleRandom replays random histories on PostgreSQL and in miglint.
//
//	MIGLINT_ORACLE_N      histories (default 2000 under CI=true, else 200)
//	MIGLINT_ORACLE_SEED   first seed (default 1); seeds are SEED..SEED+N-1
//	MIGLINT_ORACLE_SHRINK disagreements to shrink and print in full (default 5)
//	MIGLINT_ORACLE_WORKERS parallel databases (default GOMAXPROCS)
//	MIGLINT_ORACLE_IGNORE kinds of difference to ignore, comma-separated: table,
//	                      constraint, fkey, column, index (default none)
//
// Reproduce one history: MIGLINT_ORACLE_SEED=<seed> MIGLINT_ORACLE_N=1.
// Run with -v to see the agreement figure.
func TestOracleRandom(t *testing.T) {
	def := 200
	if os.Getenv("CI") == "true" {
		def = 2000
	}
	n := envInt("MIGLINT_ORACLE_N", def)
	first := int64(envInt("MIGLINT_ORACLE_SEED", 1))
	bin := needMiglint(t)
	c := pgtest.Start(t)
	ws := workers(t, c, bin, numWorkers())
	for _, w := range ws {
		w.Ignore = strings.Split(os.Getenv("MIGLINT_ORACLE_IGNORE"), ",")
	}
	ctx := context.Background()

	type result struct {
		seed int64
		v    Verdict
	}
	var (
		mu       sync.Mutex
		bad      []result // histories are generated again to shrink them
		counts   = map[string]int{}
		rejected int
	)
	seeds := make(chan int64)
	var wg sync.WaitGroup
	start := time.Now()
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range seeds {
				h := histgen.Generate(seed, histgen.Options{})
				v, err := w.Check(ctx, h.Files)
				mu.Lock()
				if err != nil {
					t.Errorf("seed %d: %v", seed, err)
				} else {
					counts[v.Kind]++
					if v.Failure != nil {
						rejected++
					}
					if v.Kind != Agree {
						bad = append(bad, result{seed, v})
					}
				}
				mu.Unlock()
			}
		}()
	}
	for s := first; s < first+int64(n); s++ {
		seeds <- s
	}
	close(seeds)
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("agreement: %d/%d histories (%.3f%%) in %v with %d workers; %d rejected by PostgreSQL; by verdict: %v",
		counts[Agree], n, 100*float64(counts[Agree])/float64(n), elapsed.Round(time.Millisecond), len(ws), rejected, counts)
	if len(bad) == 0 {
		return
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].seed < bad[j].seed })
	var seedList []string
	for _, b := range bad[:min(len(bad), 100)] {
		seedList = append(seedList, fmt.Sprintf("%d(%s)", b.seed, b.v.Kind))
	}
	if len(bad) > 100 {
		seedList = append(seedList, "...")
	}
	t.Errorf("%d disagreements; seeds: %s", len(bad), strings.Join(seedList, " "))

	// Shrink one history for each kind of difference, in seed order.
	seen := map[string]bool{}
	shrunk := 0
	for _, b := range bad {
		for _, sig := range signatures(b.v) {
			if seen[sig] || shrunk >= envInt("MIGLINT_ORACLE_SHRINK", 5) {
				continue
			}
			seen[sig] = true
			shrunk++
			files := histgen.Generate(b.seed, histgen.Options{}).Files
			small, v := shrinkDisagreement(ctx, ws[0], files, b.v, sig)
			for _, s := range signatures(v) {
				seen[s] = true // shown with this one
			}
			t.Errorf("seed %d: %s\n--- minimal history (%d of %d bytes):\n%s--- disagreement:\n%s",
				b.seed, sig, size(small), size(files), Format(small), strings.Join(v.Detail, "\n"))
		}
	}
}

// signatures names the kinds of disagreement in a verdict, without names
// of tables and constraints, so that histories showing the same bug are
// shrunk once.
func signatures(v Verdict) []string {
	if len(v.Sigs) == 0 {
		return []string{v.Kind}
	}
	out := make([]string, len(v.Sigs))
	for i, s := range v.Sigs {
		out[i] = v.Kind + " " + s
	}
	return out
}

// shrinkDisagreement shrinks files while the same kind of disagreement
// persists (for a rejected history: PostgreSQL still rejects it with the
// same SQLSTATE and miglint still misses it) and returns the smallest
// history with its verdict.
func shrinkDisagreement(ctx context.Context, w *Worker, files []histgen.File, orig Verdict, sig string) ([]histgen.File, Verdict) {
	keep := func(fs []histgen.File) bool {
		v, err := w.Check(ctx, fs)
		return err == nil && v.Kind == orig.Kind && slices.Contains(signatures(v), sig)
	}
	small := Shrink(files, keep)
	v, err := w.Check(ctx, small)
	if err != nil {
		return files, orig
	}
	return small, v
}
