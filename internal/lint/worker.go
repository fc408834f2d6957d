package lint

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/miglint/miglint/parser"
)

// libpg_query cannot run twice at once in one process (see parser's pgMu),
// so a parallel run parses in worker processes: the miglint binary itself,
// started with a hidden argument (WorkerArg), reading files on its standard
// input and answering with parser.Encode's bytes on its standard output.

// WorkerArg is the argument that makes the miglint command a parse worker.
const WorkerArg = "__parse-worker"

// ServeWorker answers parse requests from r on w until r ends: each request
// is a dialect, a count and that many files (whether syntax only, and the
// source); the answer is parser.Encode's result for each.
func ServeWorker(r io.Reader, w io.Writer) error {
	br, bw := bufio.NewReader(r), bufio.NewWriter(w)
	for {
		dialect, err := readFrame(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		n, err := binary.ReadUvarint(br)
		if err != nil {
			return err
		}
		for range n {
			syntaxOnly, err := br.ReadByte()
			if err != nil {
				return err
			}
			src, err := readFrame(br)
			if err != nil {
				return err
			}
			opts := parser.Options{Dialect: string(dialect), SyntaxOnly: syntaxOnly == 1}
			if err := writeFrame(bw, parser.Encode(string(src), opts)); err != nil {
				return err
			}
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
}

// worker is a running worker process.
type worker struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	bw  *bufio.Writer
	br  *bufio.Reader
}

func startWorker(cmd *exec.Cmd) (*worker, error) {
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &worker{cmd: cmd, in: in, bw: bufio.NewWriterSize(in, 64<<10), br: bufio.NewReaderSize(out, 64<<10)}, nil
}

// encode has the worker parse files. The request is written while the
// answers are read: the worker answers the first file before it reads the
// next, and both pipes hold only so much.
func (w *worker) encode(files []*parser.File, dialect string) ([][]byte, error) {
	sent := make(chan error, 1)
	go func() {
		err := writeFrame(w.bw, []byte(dialect))
		var n [binary.MaxVarintLen64]byte
		if err == nil {
			_, err = w.bw.Write(n[:binary.PutUvarint(n[:], uint64(len(files)))])
		}
		for _, f := range files {
			if err == nil {
				err = w.bw.WriteByte(byte(boolInt(f.Down)))
			}
			if err == nil {
				err = writeSource(w.bw, f.Src())
			}
		}
		if err == nil {
			err = w.bw.Flush()
		}
		sent <- err
	}()
	out := make([][]byte, len(files))
	var err error
	for k := range out {
		if out[k], err = readFrame(w.br); err != nil {
			// The worker is gone: closing its input ends the writer too.
			_ = w.in.Close()
			return nil, errors.Join(err, <-sent)
		}
	}
	if err := <-sent; err != nil {
		return nil, err
	}
	return out, nil
}

// stop ends the worker: it exits when its input ends.
func (w *worker) stop() error {
	_ = w.in.Close()
	return w.cmd.Wait()
}

func writeFrame(w *bufio.Writer, data []byte) error {
	var n [binary.MaxVarintLen64]byte
	if _, err := w.Write(n[:binary.PutUvarint(n[:], uint64(len(data)))]); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// writeSource is writeFrame for a file's source, without the copy that
// converting it to []byte makes: a history's size in garbage.
func writeSource(w *bufio.Writer, src string) error {
	var n [binary.MaxVarintLen64]byte
	if _, err := w.Write(n[:binary.PutUvarint(n[:], uint64(len(src)))]); err != nil {
		return err
	}
	_, err := w.WriteString(src)
	return err
}

// maxFrame bounds a frame: a file's parse is far smaller than this, so a
// larger length is a broken stream, not an allocation to attempt.
const maxFrame = 1 << 32

func readFrame(r *bufio.Reader) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, err
	}
	if n > maxFrame {
		return nil, fmt.Errorf("parse worker: frame of %d bytes", n)
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, err
	}
	return data, nil
}
