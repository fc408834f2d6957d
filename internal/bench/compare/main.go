//go:build unix

// Command compare measures miglint against squawk and against itself; run
// it through scripts/bench-compare from the repository's root:
//
//   - squawk and miglint (no cache yet) on the same files: lemmy from
//     ../shared/corpora when present, else a synthetic history of 684 files;
//   - miglint on a synthetic history of 100 MB: throughput and peak memory;
//   - a warm re-run (nothing changed) against the cold run;
//   - an editor's run (--stdin-filename, one changed file of a 500-file
//     history) without a cache, on the first save after the history was
//     linted, and on later saves; and later saves of the newest file;
//   - with -scaling, the time per statement from 1,000 to 1,000,000.
//
// Each figure is the median of -n runs, run alternately. Times are wall
// clock; CPU time (user+system, worker processes included) is shown too, as
// it varies less on a busy machine. A ratio is the median of the ratios of
// each round's runs, which run back to back: a virtual machine's speed
// drifts from one minute to the next, by more than the medians of runs
// minutes apart could tell from a change.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/miglint/miglint/internal/bench"
)

var (
	runs    = flag.Int("n", 5, "runs of each measurement; the median is reported")
	scaling = flag.Bool("scaling", false, "also measure the time per statement from 1k to 1M statements (takes minutes)")
	work    = flag.String("work", "", "directory for the binaries, histories and squawk (default: a temporary one, removed)")
	corpora = flag.String("corpora", "../shared/corpora", "where real histories are")
)

// cacheDir is miglint's cache in every run here, never the user's.
var cacheDir string

func main() {
	flag.Parse()
	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "miglint-bench-")
		check(err)
		defer func() { _ = os.RemoveAll(d) }()
		dir = d
	}
	check(os.MkdirAll(dir, 0o755))
	fmt.Printf("%s/%s, %d CPUs (GOMAXPROCS %d), %d runs each, median%s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), *runs, load())
	defer func() { fmt.Printf("done%s\n", load()) }()

	miglint := filepath.Join(dir, "miglint")
	run("go", "build", "-o", miglint, "./cmd/miglint")
	squawk := findSquawk(dir)

	// 1. Against squawk, on the same files.
	hist, label := filepath.Join(*corpora, "lemmy"), "lemmy"
	if _, err := os.Stat(hist); err != nil {
		hist, label = filepath.Join(dir, "synth684"), "synthetic history of 684 files"
		generate(hist, bench.Options{Seed: 1, Files: 684, Statements: 5000})
	}
	files, size := sqlFiles(hist)
	cacheDir = filepath.Join(dir, "cache")
	cold := func() measure {
		check(os.RemoveAll(cacheDir))
		return timeCmd(nil, miglint, "lint", "--format", "json", hist)
	}
	warm := func() measure { return timeCmd(nil, miglint, "lint", "--format", "json", hist) }
	// Another option, same files: the parses come from the cache, the
	// findings do not (--owner-column user_id is the default).
	replayed := func() measure {
		return timeCmd(nil, miglint, "lint", "--format", "json", "--owner-column", "user_id", hist)
	}
	var sq, mc, mw, mr []measure
	for range *runs {
		if squawk != "" {
			sq = append(sq, timeCmd(nil, squawk, files...))
		}
		mc = append(mc, cold())
		mw = append(mw, warm())
		mr = append(mr, replayed())
	}
	fmt.Printf("%s: %d files, %.1f MB\n", label, len(files), float64(size)/1e6)
	if squawk != "" {
		fmt.Printf("  squawk                     %s\n", median(sq))
	}
	fmt.Printf("  miglint, cold (empty cache) %s  %.1f MB/s\n", median(mc), mbps(size, median(mc)))
	fmt.Printf("  miglint, warm (unchanged)  %s\n", median(mw))
	fmt.Printf("  miglint, parses cached     %s  (another option: replayed)\n", median(mr))
	if squawk != "" {
		wall, cpu := ratios(sq, mc)
		fmt.Printf("  => miglint cold is %.1fx faster than squawk (target >= 5x); in CPU time %.1fx\n", wall, cpu)
	}
	wall, cpu := ratios(mw, mc)
	fmt.Printf("  => warm re-run takes %.2fx the cold run (target <= 0.2x); in CPU time %.2fx\n\n", wall, cpu)

	// 2. An editor's run: one changed file of a 500-file history.
	h500 := filepath.Join(dir, "synth500")
	generate(h500, bench.Options{Seed: 2, Files: 500, Statements: 50000})
	names, _ := sqlFiles(h500)
	sort.Strings(names)
	edits := 0
	editorOf := func(target string) func() measure {
		orig, err := os.ReadFile(target)
		check(err)
		return func() measure {
			// A buffer unlike any before: else the findings of the same
			// history come from the cache.
			edits++
			buffer := fmt.Sprintf("%s\nALTER TABLE users ADD COLUMN nickname_%d text;\n", orig, edits)
			return timeCmd([]byte(buffer), miglint, "lint", "--format", "json", "--stdin-filename", target)
		}
	}
	editor, newest := editorOf(names[len(names)/2]), editorOf(names[len(names)-1])
	// Without a cache; then the first save after a lint of the whole
	// history (which cached its parses), and the saves after it, which
	// resume from the replay checkpoint the first one left. The newest
	// migration, the one usually being written, is saved twice likewise.
	var ec, ef, ew, en []measure
	for range *runs {
		check(os.RemoveAll(cacheDir))
		ec = append(ec, editor())
		run(miglint, "lint", "--format", "json", h500)
		ef = append(ef, editor())
		ew = append(ew, editor())
		newest()
		en = append(en, newest())
	}
	fmt.Printf("--stdin-filename, the middle file of a 500-file history (%d statements), changed\n", 50000)
	fmt.Printf("  no cache                   %s\n", median(ec))
	fmt.Printf("  first save, history cached %s\n", median(ef))
	fmt.Printf("  later saves                %s\n", median(ew))
	fmt.Printf("  later saves, newest file   %s\n", median(en))
	wall, cpu = ratios(ew, ec)
	first, _ := ratios(ef, ec)
	last, _ := ratios(en, ec)
	fmt.Printf("  => later saves %.2fx the run without cache (target <= 0.2x); in CPU time %.2fx; the first save %.2fx; later saves of the newest file %.2fx\n\n", wall, cpu, first, last)

	// 3. Throughput and memory on 100 MB.
	big := filepath.Join(dir, "synth100mb")
	st := generate(big, bench.Options{Seed: 3, Bytes: 100e6})
	var bc []measure
	for range max(*runs/2, 1) {
		check(os.RemoveAll(cacheDir))
		bc = append(bc, timeCmd(nil, miglint, "lint", "--format", "json", big))
	}
	m := median(bc)
	fmt.Printf("synthetic history: %d files, %d statements, %.1f MB, cold (empty cache)\n", st.Files, st.Statements, float64(st.Bytes)/1e6)
	fmt.Printf("  miglint                    %s\n", m)
	fmt.Printf("  => %.1f MB/s (target >= 15); %.1f MB per CPU second; peak memory %.0f MB (target <= 300)\n\n",
		mbps(st.Bytes, m), float64(st.Bytes)/1e6/m.cpu.Seconds(), float64(m.maxRSS)/1e6)

	// 4. Time per statement as histories grow.
	if *scaling {
		fmt.Println("time per statement, no cache:")
		for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
			h := filepath.Join(dir, fmt.Sprintf("scale%d", n))
			generate(h, bench.Options{Seed: 4, Files: max(n/100, 1), Statements: n})
			var ms []measure
			for range max(*runs/2, 1) {
				ms = append(ms, timeCmd(nil, miglint, "lint", "--no-cache", "--format", "json", h))
			}
			m := median(ms)
			fmt.Printf("  %9d statements  %s  %.1f µs/statement (CPU %.1f)\n", n, m,
				float64(m.wall.Microseconds())/float64(n), float64(m.cpu.Microseconds())/float64(n))
			check(os.RemoveAll(h))
		}
	}
}

type measure struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

func (m measure) String() string {
	return fmt.Sprintf("%7.3f s (CPU %6.3f s, peak %4.0f MB)", m.wall.Seconds(), m.cpu.Seconds(), float64(m.maxRSS)/1e6)
}

// timeCmd runs a command with stdin, discarding its output: linters exit 1
// when they find something.
func timeCmd(stdin []byte, name string, args ...string) measure {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "MIGLINT_CACHE_DIR="+cacheDir)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil || !cmd.ProcessState.Exited() || cmd.ProcessState.ExitCode() > 1 {
		fmt.Fprintf(os.Stderr, "%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
		os.Exit(1)
	}
	m := measure{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		if runtime.GOOS == "darwin" {
			m.maxRSS = ru.Maxrss
		}
	}
	return m
}

func median(ms []measure) measure {
	if len(ms) == 0 {
		return measure{}
	}
	pick := func(get func(measure) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return v[len(v)/2]
	}
	return measure{
		wall:   time.Duration(pick(func(m measure) int64 { return int64(m.wall) })),
		cpu:    time.Duration(pick(func(m measure) int64 { return int64(m.cpu) })),
		maxRSS: pick(func(m measure) int64 { return m.maxRSS }),
	}
}

// ratios are the medians of a[i]/b[i] in wall and CPU time: runs i of two
// measures, taken in the same round.
func ratios(a, b []measure) (wall, cpu float64) {
	med := func(get func(measure) time.Duration) float64 {
		var r []float64
		for i := range min(len(a), len(b)) {
			r = append(r, get(a[i]).Seconds()/get(b[i]).Seconds())
		}
		if len(r) == 0 {
			return 0
		}
		sort.Float64s(r)
		return r[len(r)/2]
	}
	return med(func(m measure) time.Duration { return m.wall }), med(func(m measure) time.Duration { return m.cpu })
}

func mbps(size int64, m measure) float64 { return float64(size) / 1e6 / m.wall.Seconds() }

// load is the system's load average, which the figures depend on: other
// processes take cores from the parallel runs.
func load() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return fmt.Sprintf(" (load average %s %s %s)", f[0], f[1], f[2])
}

// findSquawk returns squawk from PATH, or installs squawk-cli with npm into
// dir; "" (and squawk's rows left out) when neither works.
func findSquawk(dir string) string {
	if p, err := exec.LookPath("squawk"); err == nil {
		return p
	}
	bin := filepath.Join(dir, "npm", "node_modules", ".bin", "squawk")
	if _, err := os.Stat(bin); err != nil {
		fmt.Fprintln(os.Stderr, "installing squawk-cli with npm...")
		cmd := exec.Command("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", filepath.Join(dir, "npm"), "squawk-cli")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "npm install squawk-cli failed; comparing without squawk:", err)
			return ""
		}
	}
	// The package's launcher is a Node script that starts the native
	// binary; time the binary, as squawk's users on CI do.
	native, _ := filepath.Glob(filepath.Join(dir, "npm", "node_modules", "@squawk-cli", "*", "bin", "squawk"))
	if len(native) == 1 {
		return native[0]
	}
	return bin
}

func generate(dir string, opts bench.Options) bench.Stats {
	check(os.RemoveAll(dir))
	st, err := bench.WriteDir(dir, opts)
	check(err)
	return st
}

func sqlFiles(root string) ([]string, int64) {
	var files []string
	var size int64
	check(filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".sql") {
			info, err := d.Info()
			if err != nil {
				return err
			}
			files = append(files, p)
			size += info.Size()
		}
		return nil
	}))
	return files, size
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "MIGLINT_CACHE_DIR="+cacheDir)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil && (cmd.ProcessState == nil || cmd.ProcessState.ExitCode() > 1) {
		fmt.Fprintf(os.Stderr, "%s %s: %v\n", name, strings.Join(args, " "), err)
		os.Exit(1)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-compare:", err)
		os.Exit(1)
	}
}
