// Package notmigrations embeds files, none of them a migration: text files,
// and SQL files without a version.
package notmigrations

import "embed"

//go:embed static "schema queries.sql" `all:static`
var Static embed.FS
