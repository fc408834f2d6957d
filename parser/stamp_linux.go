package parser

import "syscall"

// stampOf is the stamp of a file the system describes by st.
func stampOf(st *syscall.Stat_t) *fileStamp {
	return &fileStamp{size: st.Size, mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano(), ino: st.Ino, dev: uint64(st.Dev)} //nolint:unconvert // st.Dev is 32 bits on mips
}

// statStamp is the stamp of the regular file at path, or nil.
func statStamp(path string) *fileStamp {
	var st syscall.Stat_t
	if syscall.Stat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil
	}
	return stampOf(&st)
}
