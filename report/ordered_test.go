package report

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestWriteOrdered(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	render := func(b *bytes.Buffer, from, to int) error {
		for i := from; i < to; i++ {
			fmt.Fprintf(b, "%d\n", i)
		}
		return nil
	}
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 50*chunkSize + 3} {
			var want strings.Builder
			for i := range n {
				fmt.Fprintf(&want, "%d\n", i)
			}
			var got bytes.Buffer
			if err := writeOrdered(&got, n, render); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("GOMAXPROCS=%d, %d items: not each once, in order", procs, n)
			}
		}
	}
}

type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.left == 0 {
		return 0, errors.New("disk full")
	}
	w.left--
	return len(p), nil
}

// TestWriteOrderedErrors: the first error is returned, nothing is written
// after it, and no goroutine is left behind.
func TestWriteOrderedErrors(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	before := runtime.NumGoroutine()
	n := 100 * chunkSize
	var got bytes.Buffer
	err := writeOrdered(&got, n, func(b *bytes.Buffer, from, to int) error {
		if from == 7*chunkSize {
			return errors.New("cannot render")
		}
		b.WriteString("x")
		return nil
	})
	if err == nil || err.Error() != "cannot render" || got.String() != strings.Repeat("x", 7) {
		t.Errorf("render error: got %v after %q", err, got.String())
	}
	w := &failingWriter{left: 3}
	err = writeOrdered(w, n, func(b *bytes.Buffer, from, to int) error {
		b.WriteString("x")
		return nil
	})
	if err == nil || err.Error() != "disk full" {
		t.Errorf("write error: got %v", err)
	}
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left running", runtime.NumGoroutine()-before)
		}
	}
}
