package suppressed

import (
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigration(upTokens, nil) }

func upTokens(tx *sql.Tx) error {
	_, err := tx.Exec(`-- miglint:ignore fk-on-delete tokens are revoked by a job
CREATE TABLE tokens (user_id bigint REFERENCES users(id));
CREATE TABLE grants (user_id bigint REFERENCES users(id))`) // want `"grants_user_id_fkey"`
	return err
}
