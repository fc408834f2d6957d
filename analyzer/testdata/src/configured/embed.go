// Package configured is linted with the .miglint.yaml beside it.
package configured

import "embed"

//go:embed db/*.sql
var FS embed.FS
