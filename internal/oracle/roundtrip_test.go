package oracle

import (
	"context"
	"testing"

	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/internal/pgtest"
)

// TestCatalogRoundTrip checks the harness without miglint: the catalog
// read after replaying a history equals the catalog read after a
// pg_dump --schema-only of it is restored into an empty database.
func TestCatalogRoundTrip(t *testing.T) {
	c := pgtest.Start(t)
	ctx := context.Background()
	w := workers(t, c, "", 1)[0]
	if err := c.CreateDatabase(ctx, "restored"); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for seed := int64(1); checked < 30; seed++ {
		h := histgen.Generate(seed, histgen.Options{MistakeRate: -1})
		want, fail, err := w.Postgres(ctx, h.Files)
		if err != nil || fail != nil {
			t.Fatalf("seed %d: %v %v", seed, fail, err)
		}
		if len(want.Tables) == 0 {
			continue
		}
		checked++
		dump, err := c.Client(ctx, w.DB, "pg_dump", "--schema-only", "--no-owner").Output()
		if err != nil {
			t.Fatalf("seed %d: pg_dump: %v", seed, err)
		}
		script := pgtest.ResetSQL + string(dump) + "\\echo " + catalogMarker + "\n" + catalogQuery
		out, err := c.Psql(ctx, "restored", script, "-At")
		if err != nil {
			t.Fatalf("seed %d: restore: %v", seed, err)
		}
		got, err := parseCatalog(out)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if d := Diff(want, got); len(d) > 0 {
			t.Errorf("seed %d: the catalog changed through pg_dump: %v", seed, d)
		}
	}
}
