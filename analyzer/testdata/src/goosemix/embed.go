// Package goosemix mixes SQL and goose Go migrations: 00002, 00004 and 00006
// are Go; 00003 needs 00002 replayed before it (and not its down function),
// 00005 needs 00004.
package goosemix

import "embed"

//go:embed *.sql
var FS embed.FS
