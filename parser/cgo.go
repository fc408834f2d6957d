package parser

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"
	"google.golang.org/protobuf/encoding/protowire"
)

// pgMu serializes every call into libpg_query. pg_query_go builds it with
// DEBUG set (no redirection of stderr around a call) and its memory
// contexts are per thread, but libpg_query has open reports of crashes
// under concurrency, and two parses at once in one process measured no
// faster than a worker process beside this one: parallelism comes from
// worker processes.
// A parse must also pass tooDeep first: libpg_query converts the tree with
// one C call per level and overflows the C stack on deep enough input. The
// grammar alone (oneStatement, grammarSplit), which converts nothing, gives
// up on such input with an error (TestDeepStatements).
var pgMu sync.Mutex

// Scan returns sql's tokens as pg_query.Scan finds them, and is safe to
// call from several goroutines. Packages other than parser call pg_query
// through it (or parse through ParseWith).
func Scan(sql string) ([]Token, error) { return scanTokens(sql) }

// pgSplit is pg_query.SplitWithScanner, serialized. The pieces it returns
// are substrings of sql.
func pgSplit(sql string, trimSpace bool) ([]string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pg_query.SplitWithScanner(sql, trimSpace)
}

// grammarSplitText is pg_query.SplitWithParser, serialized, trimming the
// pieces, which are substrings of sql.
func grammarSplitText(sql string) ([]string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	return pgparser.SplitWithParser(sql, true)
}

// scanTokens is pg_query.Scan read straight from libpg_query's protobuf
// into tokens: pg_query.Scan makes a message per token, through protobuf-go's
// reflection, garbage many times the tokens' size, and a report scans the
// statements of all its findings.
func scanTokens(sql string) ([]Token, error) {
	pgMu.Lock()
	data, err := pgparser.ScanToProtobuf(sql)
	pgMu.Unlock()
	if err != nil {
		return nil, err
	}
	var toks []Token
	err = eachField(data, func(num protowire.Number, _ uint64, msg []byte) error {
		if num != 2 { // ScanResult.tokens
			return nil
		}
		var t Token
		err := eachField(msg, func(num protowire.Number, v uint64, _ []byte) error {
			switch num {
			case 1:
				t.Start = int32(v)
			case 2:
				t.End = int32(v)
			case 4:
				t.Token = pg_query.Token(v)
			case 5:
				t.Keyword = pg_query.KeywordKind(v)
			}
			return nil
		})
		toks = append(toks, t)
		return err
	})
	return toks, err
}

// eachField calls fn with each field of the protobuf message data: its
// number, and its value as a varint or as bytes.
func eachField(data []byte, fn func(num protowire.Number, v uint64, b []byte) error) error {
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return protowire.ParseError(n)
		}
		data = data[n:]
		var v uint64
		var b []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(data)
		case protowire.BytesType:
			b, n = protowire.ConsumeBytes(data)
		default:
			n = protowire.ConsumeFieldValue(num, typ, data)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		data = data[n:]
		if err := fn(num, v, b); err != nil {
			return err
		}
	}
	return nil
}
