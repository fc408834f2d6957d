//go:build !unix

package parser

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readDisk reads the file at path (see overlay.read).
func (ov overlay) readDisk(path string, named bool) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = fh.Close() }() // read only: nothing to flush
	info, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() == 0 {
		if !named && !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		return readRest(fh)
	}
	// The file as large as it was when opened, in one read.
	b := ov.mem.take(int(min(info.Size(), MaxFileSize+1)))
	n, err := io.ReadFull(fh, b)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	return b[:n], nil
}
