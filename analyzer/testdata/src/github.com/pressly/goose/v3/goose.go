// Package goose is a stub of github.com/pressly/goose/v3's registration API,
// enough for the analyzer to recognise registrations by package and name.
package goose

import (
	"context"
	"database/sql"
)

type GoMigration func(tx *sql.Tx) error

type GoMigrationContext func(ctx context.Context, tx *sql.Tx) error

type GoMigrationNoTxContext func(ctx context.Context, db *sql.DB) error

func AddMigration(up, down GoMigration) {}

func AddMigrationContext(up, down GoMigrationContext) {}

func AddMigrationNoTxContext(up, down GoMigrationNoTxContext) {}

func AddNamedMigrationContext(filename string, up, down GoMigrationContext) {}
