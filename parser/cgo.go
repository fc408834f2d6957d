package parser

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

// pgMu serializes every call into libpg_query. Its parse, scan and split
// functions each point the process-wide stderr at a pipe (pipe, dup, dup2)
// and back afterwards, so two overlapping calls can leave file descriptor 2
// on a closed pipe, and the next write to stderr kills the process with
// SIGPIPE. Parallelism has to come from worker processes, not goroutines.
// A parse must also pass tooDeep first: libpg_query converts the tree with
// one C call per level and overflows the C stack on deep enough input.
var pgMu sync.Mutex

// Scan is pg_query.Scan, safe to call from several goroutines. Packages
// other than parser call pg_query through it (or parse through ParseWith).
func Scan(sql string) (*pg_query.ScanResult, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pg_query.Scan(sql)
}

// pgSplit is pg_query.SplitWithScanner, serialized. The pieces it returns
// are substrings of sql.
func pgSplit(sql string, trimSpace bool) ([]string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pg_query.SplitWithScanner(sql, trimSpace)
}
