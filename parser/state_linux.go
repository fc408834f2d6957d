package parser

import "syscall"

func stateOf(st *syscall.Stat_t) (FileState, bool) {
	return FileState{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Size: uint64(st.Size), Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano()}, true //nolint:unconvert // the fields' types vary by architecture
}
