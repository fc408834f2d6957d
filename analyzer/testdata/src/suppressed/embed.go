// Package suppressed silences findings with suppression comments, in an
// embedded file and in a goose Go migration's SQL.
package suppressed

import "embed"

//go:embed migrations/*.sql
var FS embed.FS
