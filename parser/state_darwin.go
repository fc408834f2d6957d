package parser

import "syscall"

func stateOf(st *syscall.Stat_t) (FileState, bool) {
	return FileState{Dev: uint64(st.Dev), Ino: st.Ino, Size: uint64(st.Size), Mtime: st.Mtimespec.Nano(), Ctime: st.Ctimespec.Nano()}, true
}
