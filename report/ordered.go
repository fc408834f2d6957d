package report

import (
	"bytes"
	"io"
	"runtime"
	"sync/atomic"
)

// chunkSize is how many diagnostics one goroutine renders at a time: enough
// to make handing them over cheap, few enough to keep every core busy.
const chunkSize = 128

// writeOrdered writes the renderings of diagnostics [0, n) to w in order,
// rendering them on every core: a large history's report runs to tens of
// megabytes, which took a quarter of a second on one core (15,000 findings
// in JSON). render writes [from, to) to b. Output is the same bytes as one
// goroutine's, and at most two chunks a core are held at once.
func writeOrdered(w io.Writer, n int, render func(b *bytes.Buffer, from, to int) error) error {
	chunks := (n + chunkSize - 1) / chunkSize
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		var b bytes.Buffer
		for from := 0; from < n; from += chunkSize {
			b.Reset()
			if err := render(&b, from, min(n, from+chunkSize)); err != nil {
				return err
			}
			if _, err := w.Write(b.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	type rendered struct {
		b   *bytes.Buffer
		err error
	}
	done := make([]chan rendered, chunks)
	for i := range done {
		done[i] = make(chan rendered, 1)
	}
	// Chunks are taken in order, a token each, so the first one not yet
	// written is always taken or about to be: the writer never waits on a
	// chunk no goroutine can take.
	tokens := make(chan struct{}, 2*workers)
	var next atomic.Int64
	var failed atomic.Bool
	for range workers {
		go func() {
			for {
				tokens <- struct{}{}
				c := int(next.Add(1) - 1)
				if c >= chunks {
					<-tokens
					return
				}
				r := rendered{b: new(bytes.Buffer)}
				if !failed.Load() {
					r.err = render(r.b, c*chunkSize, min(n, (c+1)*chunkSize))
				}
				done[c] <- r
			}
		}()
	}
	var err error
	for _, ch := range done {
		// Every chunk is received, even after an error, so that no
		// goroutine is left waiting for a token.
		r := <-ch
		<-tokens
		if err == nil {
			err = r.err
		}
		if err == nil {
			_, err = w.Write(r.b.Bytes())
		}
		if err != nil {
			failed.Store(true)
		}
	}
	return err
}
