// Package lazy compiles regular expressions on first use. Compiled when
// their packages initialize, the dozen a miglint process holds cost it half
// a millisecond at every start, whether or not the run needs them; a
// re-run that finds its findings cached takes about twenty.
package lazy

import (
	"regexp"
	"sync"
)

// Regexp returns a function that compiles pattern the first time it is
// called (panicking, as regexp.MustCompile does, if it does not compile)
// and returns the same *regexp.Regexp every time.
func Regexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
