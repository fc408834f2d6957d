// Command miglint lints SQL migration histories for PostgreSQL and
// CockroachDB without a database. See 'miglint help'.
package main

import (
	"os"

	"github.com/miglint/miglint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
