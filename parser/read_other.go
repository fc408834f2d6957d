//go:build !unix

package parser

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readDisk reads the file at path (see overlay.read). Files are not known
// by their state here (see Index).
func (ov overlay) readDisk(path string, named bool) (b []byte, st FileState, stated bool, err error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, st, false, err
	}
	defer func() { _ = fh.Close() }() // read only: nothing to flush
	info, err := fh.Stat()
	if err != nil {
		return nil, st, false, err
	}
	if !info.Mode().IsRegular() || info.Size() == 0 {
		if !named && !info.Mode().IsRegular() {
			return nil, st, false, fmt.Errorf("%s: not a regular file", path)
		}
		b, err := readRest(fh)
		return b, st, false, err
	}
	// The file as large as it was when opened, in one read.
	b = ov.mem.take(int(min(info.Size(), MaxFileSize+1)))
	n, err := io.ReadFull(fh, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, st, false, err
	}
	return b[:n], st, false, nil
}

// readState is never called here: no file is known by its state.
func readState(path string, _ int) ([]byte, FileState, error) {
	return nil, FileState{}, fmt.Errorf("%s: file states are not supported on this system", path)
}

func lstate(string, bool) (FileState, bool) { return FileState{}, false }
