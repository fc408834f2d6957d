// Package schema replays a parsed migration history into a catalog of
// schemas, tables, columns, constraints and indexes whose names are the ones
// PostgreSQL itself would choose: default names, 63-byte truncation that
// clips whole characters, and numbered suffixes on collision.
//
// Replay never consults a database. Besides the final catalog it records
// Events: the places where a statement referred to something that did not
// exist, created something whose name was taken, or dropped something that
// others still depend on. Rules read both; nothing here decides what is a
// finding.
package schema
