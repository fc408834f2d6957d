// Command miglint lints SQL migration histories for PostgreSQL and
// CockroachDB without a database. See 'miglint help'.
package main

import (
	"fmt"
	"os"
	"syscall"

	"github.com/miglint/miglint/internal/cli"
)

func main() {
	code := cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if os.Getenv("ZZRU") != "" {
		var self, kids syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
		tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
		fmt.Fprintf(os.Stderr, "main CPU %.3f s, workers CPU %.3f s\n", tv(self.Utime)+tv(self.Stime), tv(kids.Utime)+tv(kids.Stime))
	}
	os.Exit(code)
}
