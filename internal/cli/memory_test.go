package cli

import (
	"runtime/debug"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if got, ok := memoryLimit(getenv, 100_000_000); !ok || got != memoryBase+220_000_000 {
		t.Errorf("limit %d, %v; want %d", got, ok, memoryBase+220_000_000)
	}
	if got, ok := memoryLimit(getenv, 54000); !ok || got != memoryFloor {
		t.Errorf("limit %d, %v for a small history; want the floor, %d", got, ok, memoryFloor)
	}
	prev := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(100)
	defer debug.SetGCPercent(percent)
	undo := limitMemory(getenv, 4000)
	if got := debug.SetMemoryLimit(-1); got != memoryFloor {
		t.Errorf("limit during the run %d, want %d", got, memoryFloor)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent %d during the run, want -1: the limit alone paces the collector", got)
	}
	undo()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("limit after the run %d, want %d as before", got, prev)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d after the run, want 100 as before", got)
	}
	for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
		env = map[string]string{k: "200"}
		if _, ok := memoryLimit(getenv, 4000); ok {
			t.Errorf("a limit although %s is set: the user's setting goes first", k)
		}
	}
}

func TestShortfall(t *testing.T) {
	for _, c := range []struct {
		live, goal uint64
		want       int64
	}{
		{800, 1600, 0}, // GOGC's goal
		{800, 900, 0},
		{800, 850, 50},
		{800, 800, 100},
	} {
		if got := shortfall(c.live, c.goal); got != c.want {
			t.Errorf("shortfall(%d, %d) = %d, want %d", c.live, c.goal, got, c.want)
		}
	}
}

// TestPauseGC: the collector is off while a history loads and back to its
// setting afterwards, unless the user tunes it.
func TestPauseGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	resume := pauseGC(func(string) string { return "" })
	paused := debug.SetGCPercent(-1)
	resume()
	if after := debug.SetGCPercent(100); paused != -1 || after != 100 {
		t.Errorf("GC percent %d while loading, %d after; want -1, then 100", paused, after)
	}
	resume = pauseGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	got := debug.SetGCPercent(100)
	resume()
	if got != 100 {
		t.Errorf("GOGC set: GC percent %d while loading, want the user's setting left alone", got)
	}
}
