package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
	"github.com/miglint/miglint/schema"
)

// Stats say how a run got its statements.
type Stats struct {
	Parsed  int  // files parsed by libpg_query
	Cached  int  // files whose parse came from the cache
	Workers int  // worker processes started
	Result  bool // the findings came from the cache: nothing was replayed
	Resumed int  // files whose replay came from a checkpoint
	Unread  int  // files known by their state (see parser.Index) whose text was not read
}

// A run parses files on Jobs slots: slot 0 in this process, the others in
// worker processes when there is enough to parse to pay for starting
// them, or else in this process. Each slot
// takes the next batch of files in replay order, reads their parses from
// the cache or parses them, decodes them (here), and hands them over;
// the replay consumes the files in order as they come, and drops each
// file's trees once replayed, so memory holds the trees of a window of
// batches, not of the history. The statements are built from
// parser.Encode's bytes on every path (this process, a worker, the cache),
// so the result does not depend on which.

// minWorkerBytes is how much source a worker process must have to parse to
// pay for starting one (a few milliseconds: about 50 KB of parsing).
const minWorkerBytes = 256 << 10

// A batch is consecutive files of about batchBytes, at most batchFiles: a
// worker answers a batch in one exchange, as an exchange per small file
// costs more in waiting than the file's parse.
const (
	batchBytes = 64 << 10
	batchFiles = 64
)

// window is how many batches, per slot, may be parsed ahead of the replay.
const window = 4

// compactMin is the size of history from which files are compacted once
// replayed (see release): the text that frees matters on a large history;
// on a smaller one, compacting costs more than it is worth (a twentieth of
// an editor's run over 500 files, 13 MB).
var compactMin = 32 << 20

type pipeline struct {
	opts  Options
	files []*parser.File
	keys  []cache.Key // each file's cache key, when caching
	pack  *cache.Pack // the parses cached for this history
	out   *cache.PackWriter
	ready []chan struct{}

	mu    sync.Mutex
	stats Stats
	added map[cache.Key]bool

	resumed int // files before this one are replayed by a checkpoint
}

// replay parses what files need and replays them in order, dropping each
// file's trees once replayed when drop is set. With keys, it reads the
// parses of the history's pack, and when some file was not there writes a
// new pack of all its files' parses; and it resumes from the latest
// checkpoint it can and writes new ones (see checkpoints). The function it
// returns waits until the cache is written; the replay must not change
// until then.
func replay(files []*parser.File, keys []cache.Key, opts Options, drop bool) (*schema.Result, Stats, func()) {
	p := &pipeline{opts: opts, files: files, keys: keys, ready: make([]chan struct{}, len(files)), added: map[cache.Key]bool{}}
	for i := range p.ready {
		p.ready[i] = make(chan struct{})
	}
	var name cache.Key
	var ck *checkpoints
	ropts := schema.Options{Dialect: opts.Dialect, CockroachVersion: opts.CockroachVersion}
	var resume func() (*schema.Replayer, error)
	if keys != nil {
		name = packName(files, opts)
		p.pack = opts.Cache.OpenPack(name)
		defer p.pack.Close()
		ck = newCheckpoints(files, keys, opts, name)
		var data []byte
		if p.resumed, data = ck.latest(); p.resumed > 0 {
			// Read beside the decoding of the files it covers: on a large
			// history, as long as that decoding.
			covered := files[:p.resumed]
			decoded := make(chan struct{})
			var c *schema.DecodedCheckpoint
			var err error
			go func() {
				defer close(decoded)
				c, err = schema.DecodeCheckpoint(data, covered, len(files)-p.resumed, ropts)
			}()
			resume = func() (*schema.Replayer, error) {
				if <-decoded; err != nil {
					return nil, err
				}
				return c.Resume()
			}
		}
	}
	missing, missBytes := p.misses()
	if keys != nil && missing {
		p.out = opts.Cache.NewPack(name)
		defer p.out.Commit()
	}
	// Slot 0 parses here all along, beside the workers: on two cores, a
	// second worker in its place would make three busy processes share
	// them, and switching between them cost more than this process's own
	// parsing takes from its decoding and replay (lemmy: a tenth more CPU
	// time). The cores no worker takes get a slot here too, as decoding
	// cached parses is pure Go (an editor's run decodes hundreds of files).
	workers := 0
	if opts.Worker != nil && opts.Jobs > 1 {
		workers = min(opts.Jobs-1, missBytes/minWorkerBytes)
	}
	local := max(1, opts.Jobs-workers)
	slots := local + workers
	jobs := make(chan []int)
	tokens := make(chan struct{}, window*slots)
	last := make([]bool, len(files)) // the last file of its batch
	go func() {
		var batch []int
		size := 0
		for i, f := range files {
			batch, size = append(batch, i), size+f.Len()
			if size >= batchBytes || len(batch) == batchFiles || i == len(files)-1 {
				last[i] = true
				tokens <- struct{}{}
				jobs <- batch
				batch, size = nil, 0
			}
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for k := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.slot(jobs, k >= local)
		}()
	}
	rp := schema.NewReplayer(ropts)
	compact := historyBytes(files) >= compactMin
	for i, f := range files {
		<-p.ready[i]
		switch {
		case i+1 == p.resumed:
			// The files the checkpoint replays are decoded (without trees).
			rp = p.resume(resume, rp)
		case i >= p.resumed:
			if ck != nil {
				ck.after(i, files, rp)
			}
			rp.File(f)
			if drop {
				release(f, compact)
			}
		}
		if last[i] {
			<-tokens
		}
	}
	wg.Wait()
	// The checkpoint after the last file is written while the rules read
	// the replay, which they do not change.
	done := make(chan struct{})
	go func() {
		defer close(done)
		if ck != nil {
			ck.after(len(files), files, rp)
		}
	}()
	return rp.Result(), p.stats, func() { <-done }
}

// resume continues from the checkpoint of files[:p.resumed]; a checkpoint
// that does not decode costs a replay of those files, parsed again.
func (p *pipeline) resume(resume func() (*schema.Replayer, error), rp *schema.Replayer) *schema.Replayer {
	if x, err := resume(); err == nil {
		p.count(func(s *Stats) { s.Resumed = p.resumed })
		return x
	}
	for _, f := range p.files[:p.resumed] {
		parser.ParseWith(f, parser.Options{Dialect: p.opts.Dialect, SyntaxOnly: f.Down})
		rp.File(f)
	}
	return rp
}

// release drops f's statement trees, which nothing reads after the replay
// (see schema.Replayer), giving their memory to the files decoded next, and
// when compact is set the text of its statements that have none (see
// parser.File.Compact), unless the rules read it or it was not read.
func release(f *parser.File, compact bool) {
	if compact && !f.Unread() && !rules.ReadsText(f) {
		f.Compact()
	}
	f.DropTrees()
}

// misses reports whether a file to parse is missing from the pack, other
// than an editor's buffer (Options.Overlay), whose parse is not worth a new
// pack; and the size of those to parse.
func (p *pipeline) misses() (missing bool, size int) {
	isBuffer := buffers(p.opts.Overlay)
	for i, f := range p.files {
		if f.Stmts == nil && (p.keys == nil || !p.pack.Has(p.keys[i])) {
			size += f.Len()
			missing = missing || !isBuffer(f)
		}
	}
	return missing, size
}

// packName names the pack of a history: the paths it was given as
// (absolute), or the directories of its files.
func packName(files []*parser.File, opts Options) cache.Key {
	parts := []string{"pack", buildID(), opts.Dialect}
	if len(opts.Paths) > 0 {
		for _, p := range opts.Paths {
			parts = append(parts, absPath(p))
		}
	} else {
		for _, f := range files {
			parts = append(parts, filepath.Dir(absPath(f.Path)))
		}
		parts = slices.Compact(parts)
	}
	return cache.NewKey(parts...)
}

// slot parses the batches it takes from jobs, in a worker process of its
// own when useWorker is set (started on first need), else in this process.
// A worker parses the next batch while this process decodes its answers
// to the last one: else it would wait for each decoding.
func (p *pipeline) slot(jobs <-chan []int, useWorker bool) {
	var buf []byte // for cached parses, each decoded before the next is read
	if !useWorker {
		for batch := range jobs {
			p.finish(p.start(batch, nil, &buf))
		}
		return
	}
	var w *worker
	answered := make(chan parsed, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := range answered {
			p.finish(b)
		}
	})
	for batch := range jobs {
		answered <- p.start(batch, &w, &buf)
	}
	close(answered)
	if w != nil {
		_ = w.stop()
	}
	wg.Wait()
}

// parsed is a batch whose files are decoded from the cache, but for todo,
// which encoded holds the parses of when a worker answered.
type parsed struct {
	batch, todo []int
	encoded     [][]byte
}

// start reads the parses of a batch's files from the cache, into *buf, and
// has the worker *w (when w is set) parse the others.
func (p *pipeline) start(batch []int, w **worker, buf *[]byte) parsed {
	b := parsed{batch: batch}
	for _, i := range batch {
		if p.files[i].Stmts == nil && !p.cached(i, buf) {
			b.todo = append(b.todo, i)
		}
	}
	if len(b.todo) == 0 || w == nil {
		return b
	}
	if *w == nil {
		if started, err := startWorker(p.opts.Worker()); err == nil {
			*w = started
			p.count(func(s *Stats) { s.Workers++ })
		}
	}
	if *w != nil {
		files := make([]*parser.File, len(b.todo))
		for k, i := range b.todo {
			files[k] = p.files[i]
		}
		var err error
		if b.encoded, err = (*w).encode(files, p.opts.Dialect); err != nil {
			// A worker that died (libpg_query crashing on some input)
			// leaves the batch, and the rest, to this process.
			_ = (*w).stop()
			*w, b.encoded = nil, nil
		}
	}
	return b
}

// finish decodes the worker's answers for a batch, or parses its files
// here, and hands the batch to the replay.
func (p *pipeline) finish(b parsed) {
	for k, i := range b.todo {
		var data []byte
		if b.encoded != nil {
			data = b.encoded[k]
		}
		p.parse(i, data)
	}
	for _, i := range b.batch {
		close(p.ready[i])
	}
}

// cached decodes file i's parse from the cache, if there, reading it into
// *buf: nothing decoded keeps the bytes it was decoded from, and the new
// pack copies them.
func (p *pipeline) cached(i int, buf *[]byte) bool {
	if p.keys == nil {
		return false
	}
	data, ok := p.pack.Get(p.keys[i], *buf)
	if !ok {
		return false
	}
	*buf = data
	if p.decode(i, data) != nil {
		return false
	}
	p.store(i, data)
	p.count(func(s *Stats) { s.Cached++ })
	return true
}

// parse decodes file i from a worker's answer data, or parses it here.
func (p *pipeline) parse(i int, data []byte) {
	f := p.files[i]
	opts := parser.Options{Dialect: p.opts.Dialect, SyntaxOnly: f.Down} // down files are never replayed
	if data == nil {
		data = parser.Encode(f.Src(), opts)
	}
	if err := p.decode(i, data); err != nil {
		parser.ParseWith(f, opts) // a worker's answer that does not fit: parse here
	} else {
		p.store(i, data)
	}
	p.count(func(s *Stats) { s.Parsed++ })
}

// decode sets file i's statements from its parse, without their trees when
// a checkpoint replays the file.
func (p *pipeline) decode(i int, data []byte) error {
	if i < p.resumed {
		return parser.DecodeSpans(p.files[i], data)
	}
	return parser.Decode(p.files[i], data)
}

// store adds file i's parse to the new pack, once per content; not if the
// file changed since the index of files remembered it, as its key is then
// that of its old content.
func (p *pipeline) store(i int, data []byte) {
	if p.out == nil || p.files[i].Changed() {
		return
	}
	p.mu.Lock()
	dup := p.added[p.keys[i]]
	p.added[p.keys[i]] = true
	p.mu.Unlock()
	if !dup {
		p.out.Add(p.keys[i], data)
	}
}

func (p *pipeline) count(fn func(*Stats)) {
	p.mu.Lock()
	fn(&p.stats)
	p.mu.Unlock()
}

// buildID tells builds of miglint apart in cache keys: the executable's
// size and modification time change with every build, so a rebuilt miglint
// never reads what another build cached. "" when the executable cannot be
// found, and then nothing is cached.
var buildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	info, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return cacheFormat + "/" + strconv.FormatInt(info.Size(), 10) + "/" + strconv.FormatInt(info.ModTime().UnixNano(), 10)
})

// cacheFormat changes whenever what the cache holds changes meaning.
const cacheFormat = "1"

// fileKeys are the cache keys of files' parses: the source (by its
// digest), the dialect, whether it is replayed, and the build.
func fileKeys(files []*parser.File, dialect string) []cache.Key {
	keys := make([]cache.Key, len(files))
	var wg sync.WaitGroup
	const chunk = 64
	for start := 0; start < len(files); start += chunk {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := start; i < min(start+chunk, len(files)); i++ {
				digest := files[i].Digest()
				keys[i] = cache.NewKey("parse", buildID(), dialect, strconv.FormatBool(files[i].Down), string(digest[:]))
			}
		}()
	}
	wg.Wait()
	return keys
}
