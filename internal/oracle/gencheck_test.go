package oracle

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/internal/pgtest"
)

// TestGeneratorMatchesPostgres runs generated histories on PostgreSQL alone:
// the ones meant to apply must apply, the deliberate mistakes must fail
// with the predicted SQLSTATE. This checks the generator, not miglint.
func TestGeneratorMatchesPostgres(t *testing.T) {
	c := pgtest.Start(t)
	n := envInt("MIGLINT_GENCHECK_N", 300)
	ws := workers(t, c, "", numWorkers())
	ctx := context.Background()
	var mu sync.Mutex
	var wrongValid, wrongMistake, mistakes int
	seeds := make(chan int64)
	var wg sync.WaitGroup
	start := time.Now()
	for _, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seed := range seeds {
				h := histgen.Generate(seed, histgen.Options{})
				_, fail, err := w.Postgres(ctx, h.Files)
				if err != nil {
					t.Error(err)
					continue
				}
				mu.Lock()
				switch {
				case h.Mistake == "" && fail != nil:
					wrongValid++
					t.Logf("seed %d: meant to apply, PostgreSQL: %s", seed, fail)
				case h.Mistake != "":
					mistakes++
					if fail == nil || fail.SQLState != h.Expect {
						wrongMistake++
						t.Logf("seed %d: mistake %s expecting %s, PostgreSQL: %v", seed, h.Mistake, h.Expect, fail)
					}
				}
				mu.Unlock()
			}
		}()
	}
	for s := range int64(n) {
		seeds <- s + 1
	}
	close(seeds)
	wg.Wait()
	t.Logf("%d histories in %v: %d meant to apply were rejected, %d of %d mistakes not as predicted",
		n, time.Since(start), wrongValid, wrongMistake, mistakes)
	// The model behind the generator may be wrong on rare cases; often
	// would mean the random tests mostly check rejected histories.
	if wrongValid > n/100 || wrongMistake > mistakes/20 {
		t.Errorf("the generator's model of PostgreSQL is wrong too often")
	}
}
