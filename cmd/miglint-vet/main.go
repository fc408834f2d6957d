// Command miglint-vet runs miglint's analyzer (package analyzer) on Go
// packages: the SQL migrations they embed and their goose Go migrations.
//
//	go vet -vettool=$(which miglint-vet) ./...
//	miglint-vet ./...                         # standalone, same findings
//
// Flags: -policy 'table(cols)=action' (repeatable or comma-separated; default
// users(id)=cascade) and -dialect postgres.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/miglint/miglint/analyzer"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
