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
// small files system calls are most of loading. It returns the file's state
// as it was opened, when stated.
func (ov overlay) readDisk(path string, named bool) (b []byte, st FileState, stated bool, err error) {
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC
	if !named {
		flags |= syscall.O_NONBLOCK // else opening a FIFO waits for a writer
	}
	fd, err := open(path, flags)
	if err != nil {
		return nil, st, false, err
	}
	var sys syscall.Stat_t
	if err := syscall.Fstat(fd, &sys); err != nil {
		_ = syscall.Close(fd)
		return nil, st, false, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if sys.Mode&syscall.S_IFMT != syscall.S_IFREG || sys.Size == 0 {
		fh := os.NewFile(uintptr(fd), path)
		defer func() { _ = fh.Close() }()
		if !named && sys.Mode&syscall.S_IFMT != syscall.S_IFREG {
			return nil, st, false, fmt.Errorf("%s: not a regular file", path)
		}
		b, err := readRest(fh)
		return b, st, false, err
	}
	defer func() { _ = syscall.Close(fd) }() // read only: nothing to flush
	st, stated = stateOf(&sys)
	// The file as large as it was when opened, read to that size: probing
	// for more costs a system call per file, a tenth of a warm run.
	b, err = readFull(fd, path, ov.mem.take(int(min(sys.Size, MaxFileSize+1))))
	return b, st, stated, err
}

// readState reads the first size bytes of the file at path, a regular file
// known by its state, and returns its state once read: a write before or
// while it was read shows in it.
func readState(path string, size int) ([]byte, FileState, error) {
	fd, err := open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK)
	if err != nil {
		return nil, FileState{}, err
	}
	defer func() { _ = syscall.Close(fd) }() // read only: nothing to flush
	b, err := readFull(fd, path, make([]byte, size))
	if err != nil {
		return nil, FileState{}, err
	}
	var sys syscall.Stat_t
	if err := syscall.Fstat(fd, &sys); err != nil {
		return nil, FileState{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	st, _ := stateOf(&sys)
	return b, st, nil
}

func open(path string, flags int) (int, error) {
	fd, err := syscall.Open(path, flags, 0)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, flags, 0)
	}
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

// readFull reads fd into b, up to its end.
func readFull(fd int, path string, b []byte) ([]byte, error) {
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

// lstate is the state of the file at path, if it is a regular file, or a
// directory when dir is set.
func lstate(path string, dir bool) (FileState, bool) {
	want := syscall.S_IFREG
	if dir {
		want = syscall.S_IFDIR
	}
	var sys syscall.Stat_t
	for {
		err := syscall.Lstat(path, &sys)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || int(sys.Mode&syscall.S_IFMT) != want {
			return FileState{}, false
		}
		return stateOf(&sys)
	}
}
