// Package oracle checks miglint against PostgreSQL: it replays a migration
// history on a real server (internal/pgtest) and in `miglint schema`, and
// compares the catalogs; where PostgreSQL rejects a statement, it requires
// `miglint lint` to report an error on that statement. A disagreement is
// shrunk (files, then statements, then list items) to a small history.
//
// The tests build ./cmd/miglint once per run and start their own cluster;
// without PostgreSQL they skip, except under CI=true, where they fail.
//
//	go test ./internal/oracle                      # 200 random histories, corpora
//	CI=true go test ./internal/oracle              # 2,000 random histories
//	MIGLINT_ORACLE_N=100000 go test ./internal/oracle -run TestOracleRandom -v -timeout 0
//	MIGLINT_ORACLE_SEED=4711 MIGLINT_ORACLE_N=1 go test ./internal/oracle -run TestOracleRandom -v
//
// TestOracleRandom's other knobs are listed on it; -v prints the agreement
// figure. TestOracleCorpora reads ../shared/corpora (or $MIGLINT_CORPORA)
// and skips without it. TestGeneratorMatchesPostgres and
// TestCatalogRoundTrip check the generator and the harness with PostgreSQL
// alone.
package oracle
