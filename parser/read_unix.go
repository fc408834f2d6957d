//go:build unix

package parser

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// readDisk reads the file at path (see overlay.read) with system calls
// alone: os.Open also offers each file to the runtime's poller, a system
// call more that a regular file refuses, and for a history of hundreds of
// small files system calls are most of loading.
func (ov overlay) readDisk(path string, named bool) ([]byte, error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC
	if !named {
		flags |= syscall.O_NONBLOCK // else opening a FIFO waits for a writer
	}
	fd, err := syscall.Open(path, flags, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, flags, 0)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		_ = syscall.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size == 0 {
		fh := os.NewFile(uintptr(fd), path)
		defer func() { _ = fh.Close() }()
		if !named && st.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		return readRest(fh)
	}
	defer func() { _ = syscall.Close(fd) }() // read only: nothing to flush
	// The file as large as it was when opened, read to that size: probing
	// for more costs a system call per file, a tenth of a warm run.
	b := ov.mem.take(int(min(st.Size, MaxFileSize+1)))
	n := 0
	for n < len(b) {
		m, err := syscall.Read(fd, b[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		case m == 0:
			return b[:n], nil
		}
		n += m
	}
	return b, nil
}
