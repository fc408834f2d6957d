package cli

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Most of what a lint run keeps lives until its end (a record per
// statement, the replayed catalog, the text of the statements rules may
// report on: about 1.7 times the synthetic history's size, see
// parser.File.Compact). Unless the user tunes the collector (GOGC or
// GOMEMLIMIT), lint sets a memory limit of memoryPer10Bytes bytes per ten
// bytes of the history plus memoryBase, and no less than memoryFloor, and
// turns the collector's own pacing off: it runs only when the heap nears the
// limit. Paced (GOGC=100), it collected every few megabytes while the heap
// was small, finding little that had died: a run of lemmy's history
// allocates less than its limit and now never collects (cold: 0.905x the
// time, 20 paired runs), and a larger one collects when it must. On the
// 100 MB synthetic history (internal/bench) the run peaks at 280 to 286 MB
// instead of the 335 MB it would reach without a limit (2.3 bytes a byte
// peaked at 289 MB, too near the 300 MB the project holds to, for 1 to 3%
// less CPU time; 2.1 at 268 to 284 MB, for 4% more). The floor lets an
// editor's run over 500 files (13 MB), which allocates about 80 MB, finish
// with one collection or none (0.92x the CPU time it took with a limit of
// 78 MB).
const (
	memoryPer10Bytes = 22
	memoryBase       = 48 << 20
	memoryFloor      = 112 << 20
)

// pauseGC turns the collector off, unless getenv says the user tunes it,
// until the returned func is called: while a history loads, what it
// allocates is its files, which live on, so collecting finds next to nothing
// (a warm run collected twice while loading, a twentieth of its time).
func pauseGC(getenv func(string) string) (resume func()) {
	if tuned(getenv) {
		return func() {}
	}
	prev := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(prev) }
}

// limitMemory sets the memory limit for linting a history of size bytes,
// and has it alone pace the collector, unless getenv says the user tunes
// the collector, until the returned func is called. The limit is the
// process's: of runs at once in one process (tests), only one sets it.
func limitMemory(getenv func(string) string, size int) (undo func()) {
	limit, ok := memoryLimit(getenv, size)
	if !ok || !limiting.TryLock() {
		return func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	percent := debug.SetGCPercent(-1)
	var done atomic.Bool
	// The limit is an estimate: a history of larger tables keeps more per
	// byte, and a limit that leaves the heap no room to grow over what
	// lives would have the collector run without end.
	afterEachGC(func() bool {
		if done.Load() {
			return false
		}
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
		metrics.Read(s)
		if short := shortfall(s[0].Value.Uint64(), s[1].Value.Uint64()); short > 0 {
			debug.SetMemoryLimit(debug.SetMemoryLimit(-1) + short)
		}
		return true
	})
	return func() {
		done.Store(true)
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(prev)
		limiting.Unlock()
	}
}

var limiting sync.Mutex

// memoryLimit is the memory limit for linting a history of size bytes;
// false when getenv says the user tunes the collector.
func memoryLimit(getenv func(string) string, size int) (int64, bool) {
	if tuned(getenv) {
		return 0, false
	}
	return max(memoryFloor, memoryBase+int64(size)*memoryPer10Bytes/10), true
}

// tuned reports whether getenv says the user tunes the collector (GOGC or
// GOMEMLIMIT): miglint then leaves it to them.
func tuned(getenv func(string) string) bool {
	return getenv("GOGC") != "" || getenv("GOMEMLIMIT") != ""
}

// shortfall is how much the heap's goal falls short of an eighth more than
// what lives.
func shortfall(live, goal uint64) int64 {
	if want := live + live/8; goal < want {
		return int64(want - goal)
	}
	return 0
}

// afterEachGC runs fn after each garbage collection until it returns false.
func afterEachGC(fn func() bool) {
	s := new(sentinel)
	runtime.SetFinalizer(s, func(*sentinel) {
		if fn() {
			afterEachGC(fn)
		}
	})
}

// sentinel holds a pointer: a tiny pointer-free object may never be
// finalized.
type sentinel struct{ _ *int }
