// Package cockroach's migrations are CockroachDB's: PostgreSQL's grammar
// rejects the INDEX inside CREATE TABLE.
package cockroach

import "embed"

//go:embed *.sql
var FS embed.FS
