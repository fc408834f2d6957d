package lint_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/bench"
	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/internal/lint"
	"github.com/miglint/miglint/internal/lint/linttest"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

// Parallel runs start this binary as their parse workers.
func TestMain(m *testing.M) { linttest.Main(m) }

// workers starts parse workers from this test binary, counting them.
func workers(t *testing.T, started *atomic.Int32) func() *exec.Cmd {
	worker := linttest.Worker(t)
	return func() *exec.Cmd {
		started.Add(1)
		return worker()
	}
}

// render is what the command prints: the text report (every span, message
// and line) and the JSON one (fixes and related locations too).
func render(t *testing.T, res *lint.Result) string {
	t.Helper()
	var b bytes.Buffer
	sum := report.Summarize(len(res.Files), res.Statements, res.Diagnostics)
	if err := report.Text(&b, res.Diagnostics, sum, false); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&b, res.Diagnostics, sum); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestParallelAndCachedRunsMatch lints histories single-threaded without a
// cache, then in parallel (worker processes) with a cold cache, a warm one,
// and over an unchanged history (findings from the cache), and after one
// file changed: every run prints the same bytes, and only what changed is
// parsed again.
func TestParallelAndCachedRunsMatch(t *testing.T) {
	synth := filepath.Join(t.TempDir(), "synth")
	// Enough to start workers: several hundred kilobytes.
	if _, err := bench.WriteDir(synth, bench.Options{Seed: 7, Files: 60, Statements: 6000}); err != nil {
		t.Fatal(err)
	}
	histories := map[string]lint.Options{
		"example": {Paths: []string{filepath.Join("..", "..", "testdata", "examples", "cascade-backfill")}},
		"synth":   {Paths: []string{synth}},
	}
	for _, name := range []string{"lemmy", "hatchet", "ente"} {
		dir := filepath.Join("..", "..", "..", "shared", "corpora", name)
		if _, err := os.Stat(dir); err == nil {
			histories[name] = lint.Options{Paths: []string{dir}}
		}
	}
	if dir := filepath.Join("..", "..", "..", "shared", "corpora", "skytwin", "packages", "db", "src"); fileExists(dir) {
		histories["skytwin"] = lint.Options{Dialect: parser.Cockroach,
			Paths: []string{filepath.Join(dir, "schemas", "schema.sql"), filepath.Join(dir, "migrations")}}
	}
	for name, base := range histories {
		t.Run(name, func(t *testing.T) {
			base.FileMode = true
			want := render(t, lint.Run(base))

			var started atomic.Int32
			par := base
			par.Jobs, par.Worker = 4, workers(t, &started)
			par.Cache = cache.Open(t.TempDir())
			par.CacheResult = true
			detached := par
			detached.Detach = true // as the lint command runs
			cold := lint.Run(detached)
			if got := render(t, cold); got != want {
				t.Fatalf("parallel run with a cold cache differs:\n%s", diff(want, got))
			}
			cold.Wait()
			if cold.Stats.Parsed != len(cold.Files) || cold.Stats.Cached != 0 {
				t.Errorf("cold run: %+v for %d files", cold.Stats, len(cold.Files))
			}
			if name == "synth" && started.Load() == 0 {
				t.Errorf("no worker process was started for %s", name)
			}

			// The same history: the findings come from the cache.
			again := lint.Run(par)
			if got := render(t, again); got != want || !again.Stats.Result {
				t.Fatalf("unchanged history (stats %+v):\n%s", again.Stats, diff(want, got))
			}

			// Other settings, same files: replayed, but nothing parsed.
			warm := par
			warm.OwnerColumns = []string{"*_id"}
			seq := base
			seq.OwnerColumns = warm.OwnerColumns
			got, wantOwners := lint.Run(warm), render(t, lint.Run(seq))
			if render(t, got) != wantOwners || got.Stats.Parsed != 0 || got.Stats.Cached != len(got.Files) {
				t.Fatalf("warm run (stats %+v):\n%s", got.Stats, diff(wantOwners, render(t, got)))
			}
			// The replay itself comes from the checkpoint after the last
			// file, which the cold run wrote by the time Wait returned.
			if got.Stats.Resumed != len(got.Files) {
				t.Errorf("warm run resumed after %d of %d files", got.Stats.Resumed, len(got.Files))
			}
		})
	}
}

// TestChangedFileIsReparsed edits one migration of a cached history: only it
// is parsed again, and the run says what a run without a cache says.
func TestChangedFileIsReparsed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 3, Files: 20, Statements: 400}); err != nil {
		t.Fatal(err)
	}
	opts := lint.Options{Paths: []string{dir}, Cache: cache.Open(t.TempDir()), CacheResult: true, Jobs: 2}
	if res := lint.Run(opts); res.Stats.Parsed != 20 {
		t.Fatalf("first run parsed %d files, want 20", res.Stats.Parsed)
	}
	f := filepath.Join(dir, "000007_"+label(t, dir, "000007_"))
	old, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	edited := string(old) + "CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));\nALTER TABLE nope ADD COLUMN x int;\n"
	if err := os.WriteFile(f, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	res := lint.Run(opts)
	if res.Stats.Parsed != 1 || res.Stats.Cached != 19 || res.Stats.Result {
		t.Errorf("after editing one file: %+v, want 1 parsed and 19 from the cache", res.Stats)
	}
	// Only a checkpoint from before the edited file can be used.
	if res.Stats.Resumed > 6 {
		t.Errorf("after editing the 7th file, resumed after %d files", res.Stats.Resumed)
	}
	if got, want := render(t, res), render(t, lint.Run(lint.Options{Paths: []string{dir}})); got != want {
		t.Errorf("cached run after an edit differs:\n%s", diff(want, got))
	}

	// An editor's unsaved buffer: parsed, the rest from the cache, and no
	// new pack for it (the next keystroke changes it again).
	buf := map[string]string{f: string(old) + "-- unsaved\n"}
	res = lint.Run(lint.Options{Paths: []string{f}, FileMode: true, Overlay: buf, Cache: opts.Cache, CacheResult: true})
	if res.Stats.Parsed != 1 || res.Stats.Cached != 19 {
		t.Errorf("editor run: %+v, want the buffer parsed and 19 files from the cache", res.Stats)
	}
	res = lint.Run(lint.Options{Paths: []string{f}, FileMode: true, Overlay: buf, Cache: opts.Cache})
	if res.Stats.Parsed != 1 {
		t.Errorf("second editor run: %+v: the buffer's parse should not have been cached", res.Stats)
	}
	// The first editor run left a checkpoint right before the buffer.
	if res.Stats.Resumed != 6 {
		t.Errorf("second editor run resumed after %d files, want 6", res.Stats.Resumed)
	}
}

// TestEditorRunsMatch edits each file of a cached history in turn, as an
// editor's unsaved buffer, twice (the second run resumes right before the
// buffer): every run prints what a run without a cache prints.
func TestEditorRunsMatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 11, Files: 16, Statements: 800}); err != nil {
		t.Fatal(err)
	}
	c := cache.Open(t.TempDir())
	lint.Run(lint.Options{Paths: []string{dir}, Cache: c, CacheResult: true})
	paths, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(paths) != 16 {
		t.Fatalf("%d files, %v", len(paths), err)
	}
	resumed := 0
	for i, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// A new key to users without ON DELETE, a DROP that misses, a
		// table that does not exist: findings in the buffer itself.
		buf := map[string]string{p: string(src) + fmt.Sprintf("\nCREATE TABLE edit_%d (id int PRIMARY KEY, user_id bigint REFERENCES users(id));\n"+
			"ALTER TABLE edit_%d DROP CONSTRAINT IF EXISTS edit_fkey;\nALTER TABLE nope_%d ADD COLUMN x int;\n", i, i, i)}
		want := render(t, lint.Run(lint.Options{Paths: []string{p}, FileMode: true, Overlay: buf}))
		for run := range 2 {
			res := lint.Run(lint.Options{Paths: []string{p}, FileMode: true, Overlay: buf, Cache: c, CacheResult: true})
			if got := render(t, res); got != want {
				t.Fatalf("editing file %d, run %d (stats %+v):\n%s", i, run, res.Stats, diff(want, got))
			}
			if run == 1 && res.Stats.Resumed != i || res.Stats.Resumed > i {
				t.Errorf("editing file %d, run %d resumed after %d files", i, run, res.Stats.Resumed)
			}
			if run == 0 && res.Stats.Resumed > 0 {
				resumed++
			}
		}
	}
	// The first run on a file resumes from the checkpoint the runs on the
	// file before left.
	if resumed < 14 {
		t.Errorf("only %d of 16 first editor runs resumed from a checkpoint", resumed)
	}
}

// label finds the name of the file of dir starting with prefix.
func label(t *testing.T, dir, prefix string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, prefix+"*"))
	if err != nil || len(m) != 1 {
		t.Fatalf("no single %s* in %s: %v", prefix, dir, m)
	}
	return filepath.Base(m[0])[len(prefix):]
}

// TestWorkerCrash: a worker that dies leaves its files to this process.
func TestWorkerCrash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 5, Files: 40, Statements: 4000}); err != nil {
		t.Fatal(err)
	}
	want := render(t, lint.Run(lint.Options{Paths: []string{dir}}))
	res := lint.Run(lint.Options{Paths: []string{dir}, Jobs: 3, Worker: func() *exec.Cmd {
		return exec.Command("sh", "-c", "head -c 10 >/dev/null; exit 3")
	}})
	if got := render(t, res); got != want {
		t.Errorf("run with crashing workers differs:\n%s", diff(want, got))
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// diff shows where two reports part.
func diff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("first difference at byte %d\nwant: %q\n got: %q", i, want[from:min(len(want), i+200)], got[from:min(len(got), i+200)])
}

// TestDamagedCache: entries cut short or overwritten are ignored, and the
// run says what a run without a cache says.
func TestDamagedCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 9, Files: 10, Statements: 300}); err != nil {
		t.Fatal(err)
	}
	want := render(t, lint.Run(lint.Options{Paths: []string{dir}}))
	cdir := t.TempDir()
	opts := lint.Options{Paths: []string{dir}, Cache: cache.Open(cdir), CacheResult: true}
	lint.Run(opts)
	var entries []string
	if err := filepath.WalkDir(cdir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) != "trimmed" {
			entries = append(entries, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// The pack, the findings, checkpoints and their list.
	if len(entries) < 4 {
		t.Fatalf("cache holds %v, want the pack, the findings, checkpoints and their list", entries)
	}
	for _, cut := range []int{0, 1, 7, 100, 1000} {
		for _, e := range entries {
			data, err := os.ReadFile(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(e, data[:min(cut, len(data))], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := render(t, lint.Run(opts)); got != want {
			t.Fatalf("entries cut at %d bytes:\n%s", cut, diff(want, got))
		}
	}
}

// TestScopedRunsMatch lints each file of a history alone (the rest of the
// history replayed, as pre-commit and editors do): the rules skip the
// findings of other files, and each run reports exactly the findings of
// its file in a run over the whole history.
func TestScopedRunsMatch(t *testing.T) {
	synth := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(synth, bench.Options{Seed: 13, Files: 12, Statements: 900}); err != nil {
		t.Fatal(err)
	}
	// The example and every rule's cases: each rule's findings in some file.
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "rules", "testdata", "*", "*"))
	dirs = append(dirs, synth, filepath.Join("..", "..", "testdata", "examples", "cascade-backfill"))
	rulesSeen := map[string]bool{}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		whole := lint.Run(lint.Options{Paths: []string{dir}})
		byFile := map[string][]string{}
		for _, d := range whole.Diagnostics {
			byFile[d.Span.File.Path] = append(byFile[d.Span.File.Path], diagText(d))
			rulesSeen[d.Rule] = true
		}
		for _, f := range whole.Files {
			if slices.ContainsFunc(byFile[f.Path], func(d string) bool { return strings.Contains(d, " unrecognized-file ") }) {
				continue // named alone, a file no tool would run is linted as given
			}
			res := lint.Run(lint.Options{Paths: []string{f.Path}, FileMode: true})
			var got []string
			for _, d := range res.Diagnostics {
				got = append(got, diagText(d))
			}
			if !slices.Equal(got, byFile[f.Path]) {
				t.Errorf("%s alone:\n%s\n--- in the whole history:\n%s", f.Path, strings.Join(got, "\n"), strings.Join(byFile[f.Path], "\n"))
			}
		}
	}
	for _, r := range rules.All {
		if !rulesSeen[r.ID] {
			t.Errorf("no finding of %s: the histories do not test it", r.ID)
		}
	}
}

// diagText is a finding with every field a report prints.
func diagText(d rules.Diagnostic) string {
	s := fmt.Sprintf("%s:%v-%v %s %s %q", d.Span.File.Path, d.Span.StartPos(), d.Span.EndPos(), d.Rule, d.Message, d.Fix)
	for _, r := range d.Related {
		s += fmt.Sprintf("\n\t%s:%v-%v %s", r.Span.File.Path, r.Span.StartPos(), r.Span.EndPos(), r.Message)
	}
	return s
}

// TestDamagedCheckpoint: a checkpoint that no longer reads costs a replay of
// the files it stood for, and the run says what a run without a cache says.
func TestDamagedCheckpoint(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 17, Files: 12, Statements: 500}); err != nil {
		t.Fatal(err)
	}
	cdir := t.TempDir()
	opts := lint.Options{Paths: []string{dir}, Cache: cache.Open(cdir)}
	lint.Run(opts) // leaves a checkpoint after the last file
	if n := damage(t, cdir, "miglint-checkpoint-", func(data []byte) []byte { return data[:len(data)/2] }); n != 1 {
		t.Fatalf("%d checkpoints in the cache, want 1", n)
	}
	opts.OwnerColumns = []string{"*_id"} // the findings are not cached: replayed
	res := lint.Run(opts)
	want := render(t, lint.Run(lint.Options{Paths: []string{dir}, OwnerColumns: opts.OwnerColumns}))
	if got := render(t, res); got != want || res.Stats.Resumed != 0 {
		t.Fatalf("run over a damaged checkpoint (stats %+v):\n%s", res.Stats, diff(want, got))
	}
}

// TestDamagedRunEntry: cached findings that claim more statements than
// the files have characters are not used (TestDamagedCache cuts entries
// short): the run replays, and says what a run without a cache says.
func TestDamagedRunEntry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	if _, err := bench.WriteDir(dir, bench.Options{Seed: 19, Files: 12, Statements: 500}); err != nil {
		t.Fatal(err)
	}
	want := render(t, lint.Run(lint.Options{Paths: []string{dir}}))
	opts := lint.Options{Paths: []string{dir}, Cache: cache.Open(t.TempDir()), CacheResult: true}
	lint.Run(opts)
	n := damage(t, opts.Cache.Dir(), "MGLR", func(entry []byte) []byte {
		const magic = len("MGLR2\n")
		_, files := binary.Uvarint(entry[magic:])
		_, count := binary.Uvarint(entry[magic+files:])
		out := binary.AppendUvarint(slices.Clone(entry[:magic+files]), 1<<40)
		return append(out, entry[magic+files+count:]...)
	})
	if n != 1 {
		t.Fatalf("%d cached runs, want 1", n)
	}
	res := lint.Run(opts)
	if got := render(t, res); got != want || res.Stats.Result {
		t.Fatalf("run over damaged findings (stats %+v):\n%s", res.Stats, diff(want, got))
	}
	if res := lint.Run(opts); !res.Stats.Result {
		t.Fatal("the replayed run did not cache its findings again")
	}
}

// damage rewrites with fn every entry of the cache in dir that starts
// with prefix, and returns how many.
func damage(t *testing.T, dir, prefix string, fn func([]byte) []byte) int {
	t.Helper()
	n := 0
	if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(data, []byte(prefix)) {
			return err
		}
		n++
		return os.WriteFile(p, fn(data), 0o644)
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLoadedSize: Options.Loaded is told the size of all a run loads: the
// whole history of a file argument, with an editor's buffer in place of
// the file on disk.
func TestLoadedSize(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	st, err := bench.WriteDir(dir, bench.Options{Seed: 19, Files: 5, Statements: 100})
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	old, err := os.ReadFile(paths[2])
	if err != nil {
		t.Fatal(err)
	}
	buf := string(old) + "-- edited\n"
	got := -1
	lint.Run(lint.Options{Paths: []string{paths[2]}, FileMode: true, Overlay: map[string]string{paths[2]: buf},
		Loaded: func(n int) { got = n }})
	if want := int(st.Bytes) + len("-- edited\n"); got != want {
		t.Errorf("Loaded(%d), want %d", got, want)
	}
}

// TestCompactedRunsMatch: lint.Run over a large history (here any, see
// CompactAll) drops the text of lean statements once each file is replayed
// (parser.File.Compact); lint.Files keeps every file whole. Both print the same bytes: whatever the rules report lies in the
// text kept.
func TestCompactedRunsMatch(t *testing.T) {
	defer lint.CompactAll()()
	synth := filepath.Join(t.TempDir(), "synth")
	if _, err := bench.WriteDir(synth, bench.Options{Seed: 11, Files: 40, Statements: 3000}); err != nil {
		t.Fatal(err)
	}
	odd := t.TempDir()
	for name, src := range map[string]string{
		"001_users.sql": "\uFEFFCREATE TABLE users (id bigint PRIMARY KEY);\r\nINSERT INTO users VALUES (1);\r\n",
		"002_mixed.sql": "INSERT INTO users VALUES (2); CREATE TABLE a (user_id bigint REFERENCES users);\nUPDATE a SET user_id = 1;\n" +
			"INSERT INTO a VALUES (1,);\nGRANT SELECT ON a TO nobody;\nALTER TABLE a DROP CONSTRAINT IF EXISTS nope;\n",
		"003_ignored.sql": "DELETE FROM a;\n-- miglint:ignore fk-on-delete -- kept as is\nCREATE TABLE b (user_id bigint REFERENCES users);\nSELECT 'é';\n",
		"notes.txt.sql":   "SELECT 1;\nCREATE TABLE c (user_id bigint REFERENCES users);\n",
	} {
		if err := os.WriteFile(filepath.Join(odd, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	histories := map[string][]string{
		"example": {filepath.Join("..", "..", "testdata", "examples", "cascade-backfill")},
		"synth":   {synth},
		"odd":     {odd},
	}
	for _, name := range []string{"lemmy", "hatchet", "ente", "documenso", "harbor"} {
		if dir := filepath.Join("..", "..", "..", "shared", "corpora", name); fileExists(dir) {
			histories[name] = []string{dir}
		}
	}
	for name, paths := range histories {
		t.Run(name, func(t *testing.T) {
			res := lint.Run(lint.Options{Paths: paths})
			if name == "synth" && !slices.ContainsFunc(res.Files, (*parser.File).Compacted) {
				t.Fatal("no file was compacted")
			}
			files, errs := parser.Load(paths)
			whole := lint.Files(files, errs, lint.Options{})
			if slices.ContainsFunc(whole.Files, (*parser.File).Compacted) {
				t.Fatal("lint.Files compacted a file it was given")
			}
			if got, want := render(t, res), render(t, whole); got != want {
				t.Errorf("compacted run differs:\n%s", diff(want, got))
			}
		})
	}
}

// TestUnreadFiles: a run over a history unchanged since the last one reads
// only the files its findings point into, and prints what a run without a
// cache prints. A file rewritten to the same size between the run's load
// and its reading of the file (here, in Options.Loaded) is caught, and the
// run starts over: when the findings come from the cache, and when they
// are replayed. A damaged index of files is ignored.
func TestUnreadFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "h")
	const (
		blocking = "CREATE TABLE %s (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)                  );\n"
		cascades = "CREATE TABLE %s (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id) ON DELETE CASCADE);\n"
	)
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n")
	write("002_posts.sql", fmt.Sprintf(blocking, "posts"))
	write("003_tags.sql", "CREATE TABLE tags (id bigint PRIMARY KEY, name text);\n")
	write("004_comments.sql", fmt.Sprintf(blocking, "comments"))
	write("005_more.sql", "ALTER TABLE tags ADD COLUMN note text;\n")
	// Files are remembered once their last write is two seconds old.
	time.Sleep(2100 * time.Millisecond)

	noCache := func(o lint.Options) string {
		return render(t, lint.Run(lint.Options{Paths: o.Paths, OwnerColumns: o.OwnerColumns}))
	}
	opts := lint.Options{Paths: []string{dir}, Cache: cache.Open(t.TempDir()), CacheResult: true}
	want := noCache(opts)
	if res := lint.Run(opts); res.Stats.Unread != 0 || res.Stats.Parsed != 5 {
		t.Fatalf("first run: %+v", res.Stats)
	}
	res := lint.Run(opts)
	if got := render(t, res); got != want || !res.Stats.Result || res.Stats.Unread != 3 {
		t.Fatalf("unchanged history (stats %+v, want 3 files unread):\n%s", res.Stats, diff(want, got))
	}

	// Another option: the findings are replayed, from the checkpoint after
	// the last file, and only the files reported on are read.
	other := opts
	other.OwnerColumns = []string{"*_id"}
	res = lint.Run(other)
	if got, want := render(t, res), noCache(other); got != want || res.Stats.Result || res.Stats.Unread != 3 {
		t.Fatalf("another option (stats %+v, want 3 files unread):\n%s", res.Stats, diff(want, got))
	}

	rewrite := func(o lint.Options, name, table string) lint.Options {
		o.Loaded = func(int) { write(name, fmt.Sprintf(cascades, table)) }
		return o
	}
	res = lint.Run(rewrite(opts, "004_comments.sql", "comments"))
	fixed := noCache(opts)
	if fixed == want {
		t.Fatal("the rewrite changed no finding")
	}
	if got := render(t, res); got != fixed || res.Stats.Result || res.Stats.Parsed != 1 {
		t.Fatalf("file rewritten after load, findings cached (stats %+v):\n%s", res.Stats, diff(fixed, got))
	}

	other.OwnerColumns = []string{"user_*"}
	res = lint.Run(rewrite(other, "002_posts.sql", "posts"))
	if got, want := render(t, res), noCache(other); got != want || res.Stats.Result {
		t.Fatalf("file rewritten after load, replayed (stats %+v):\n%s", res.Stats, diff(want, got))
	}

	if n := damage(t, opts.Cache.Dir(), "MGLI", func(b []byte) []byte { return b[:len(b)-7] }); n != 1 {
		t.Fatalf("%d indexes of files, want 1", n)
	}
	if got, want := render(t, lint.Run(opts)), noCache(opts); got != want {
		t.Fatalf("run with a damaged index:\n%s", diff(want, got))
	}
}
