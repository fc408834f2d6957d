// Package policy's expectations are for the policies users(id)=set null and
// accounts(tenant, id)=cascade.
package policy

import "embed"

//go:embed db/*.sql
var FS embed.FS
