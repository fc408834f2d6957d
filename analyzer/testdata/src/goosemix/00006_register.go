package goosemix

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// Two registrations: version 4 by its name (00005 needs its table), and
// version 6 by this file's name.
func init() {
	goose.AddNamedMigrationContext("00004_named.go", func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "CREATE TABLE named ("+
			"id bigint PRIMARY KEY, "+
			"user_id bigint "+refUsers+")")
		return err
	}, nil)
	goose.AddMigrationNoTxContext(upNoTx, nil)
}

func upNoTx(_ context.Context, db *sql.DB) error {
	_, err := db.Exec(`CREATE TABLE pets (owner_id bigint ` + refUsers + ` ON DELETE CASCADE)`)
	return err
}
