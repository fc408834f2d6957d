// Package embedded embeds a directory of migrations. 10_posts must replay
// after 2_orders (natural order), down files are syntax-checked only, and
// neither _draft.sql (hidden from directory embeds) nor queries.sql (no
// version) is a migration.
package embedded

import "embed"

//go:embed migrations
var Migrations embed.FS

//go:embed queries.sql
var Queries string
