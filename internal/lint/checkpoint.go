package lint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/miglint/miglint/internal/cache"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

// An editor lints one file of a long history on every save, and the parse
// cache alone leaves it decoding and replaying every other file. So runs
// also cache the replay's state (schema.Checkpoint) after some file, under
// a key of everything before that point: the files' parse keys in order,
// the dialect and the build. A run resumes from the latest checkpoint whose
// files it has unchanged, decodes the files before it without their trees
// (only their statements' spans are reported on), and replays the rest.
//
// Writing a checkpoint costs about a tenth of a replay from the cache, so a
// run writes one, where the next run is most likely to resume: an editor's
// run right before its buffer, for the next save; any other run after the
// last file, for a migration appended to the history (the next run replays
// only it) or a run with other settings (which replays nothing). A
// history's checkpoints are listed in an entry of their own, so that a run
// need not look for one after every file.

var errChanged = errors.New("a file changed while it was linted")

// maxCheckpoints bounds a history's list; the oldest entries go first.
const maxCheckpoints = 16

type checkpoints struct {
	c      *cache.Cache
	list   cache.Key   // the entry listing the history's checkpoints
	prefix []cache.Key // prefix[i]: the key of the state after files[:i]
	known  []int       // where the list says checkpoints are, newest first
	wanted int         // where this run writes one: before its first buffer, else after the last file
}

func newCheckpoints(files []*parser.File, keys []cache.Key, opts Options, pack cache.Key) *checkpoints {
	ck := &checkpoints{c: opts.Cache, list: cache.NewKey("checkpoints", pack.String(), opts.CockroachVersion),
		prefix: make([]cache.Key, len(files)+1), wanted: len(files)}
	ck.prefix[0] = cache.NewKey("checkpoint", buildID(), opts.Dialect, opts.CockroachVersion)
	for i, k := range keys {
		ck.prefix[i+1] = cache.NewKey(ck.prefix[i].String(), k.String())
	}
	isBuffer := buffers(opts.Overlay)
	for i, f := range files {
		if isBuffer(f) {
			ck.wanted = i
			break
		}
	}
	if data, ok := ck.c.Get(ck.list); ok {
		ck.known = ck.parseList(data)
	}
	return ck
}

// parseList reads the list's entries that this history still has: "i key"
// lines, newest first.
func (ck *checkpoints) parseList(data []byte) []int {
	var out []int
	for line := range bytes.Lines(data) {
		var i int
		var key string
		if _, err := fmt.Sscanf(string(line), "%d %s", &i, &key); err != nil {
			continue
		}
		if i > 0 && i < len(ck.prefix) && key == ck.prefix[i].String() && !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// latest returns the checkpoint after the most files, and how many: 0 and
// nil when there is none.
func (ck *checkpoints) latest() (int, []byte) {
	order := slices.Clone(ck.known)
	slices.Sort(order)
	for _, i := range slices.Backward(order) {
		if data, ok := ck.c.Get(ck.prefix[i]); ok {
			return i, data
		}
	}
	return 0, nil
}

// after is called once files[:i] are replayed by rp: it writes the
// checkpoint there if one is wanted and not already known, and adds it to
// the history's list. Not if one of the files changed since the index of
// files remembered it: the key is made of their old contents.
func (ck *checkpoints) after(i int, files []*parser.File, rp *schema.Replayer) {
	if i != ck.wanted || slices.Contains(ck.known, i) || i == 0 {
		return
	}
	var err error
	ck.c.PutFunc(ck.prefix[i], func(w io.Writer) error {
		if err = rp.WriteCheckpoint(w, files[:i]); err == nil && slices.ContainsFunc(files[:i], (*parser.File).Changed) {
			err = errChanged
		}
		return err
	})
	if err != nil {
		return
	}
	ck.known = append([]int{i}, ck.known...)
	var list bytes.Buffer
	for _, k := range ck.known[:min(len(ck.known), maxCheckpoints)] {
		fmt.Fprintf(&list, "%d %s\n", k, ck.prefix[k])
	}
	ck.c.Put(ck.list, list.Bytes())
}
