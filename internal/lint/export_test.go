package lint

// CompactAll makes every run compact its files, whatever the history's size
// (see compactMin), until the function it returns is called.
func CompactAll() (restore func()) {
	old := compactMin
	compactMin = 0
	return func() { compactMin = old }
}
