package parser

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadReadsWholeFiles checks that files are read whole whatever their
// size says: a pipe named as a path (<(cmd)) has none, and files of every
// size share the chunks files are read into.
func TestLoadReadsWholeFiles(t *testing.T) {
	dir := t.TempDir()
	var want []string
	for i, n := range []int{0, 1, 5000, chunkSize/16 - 1, chunkSize / 16, chunkSize/16 + 1, 300000, 5000} {
		src := strings.Repeat(string(rune('a'+i)), n)
		if err := os.WriteFile(filepath.Join(dir, string(rune('a'+i))+".sql"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		want = append(want, src)
	}
	pipe := filepath.Join(t.TempDir(), "pipe.sql")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	piped := strings.Repeat("SELECT 1;\n", 1000)
	go func() {
		if f, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
			_, _ = f.WriteString(piped)
			_ = f.Close()
		}
	}()
	files, errs := LoadWith([]string{dir, pipe}, LoadOptions{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want = append(want, piped)
	if len(files) != len(want) {
		t.Fatalf("%d files, want %d", len(files), len(want))
	}
	for i, f := range files {
		if f.Src() != want[i] {
			t.Errorf("%s: %d bytes read, want %d", f.Path, f.Len(), len(want[i]))
		}
	}
}
