// Package app's expectations are for the policy users(id)=set null.
package app

import (
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigration(up, nil) }

func up(tx *sql.Tx) error {
	if _, err := tx.Exec("CREATE TABLE users (id bigint PRIMARY KEY)"); err != nil {
		return err
	}
	_, err := tx.Exec("CREATE TABLE a (user_id bigint REFERENCES users(id) ON DELETE CASCADE)") // want `policy users\(id\)=set null wants ON DELETE SET NULL`
	return err
}
