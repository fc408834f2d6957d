package goosemix

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upOrders, downOrders)
}

// The FK's REFERENCES starts with an escape: the finding is at its backslash.
func upOrders(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE TABLE orders (id bigint PRIMARY KEY, note text DEFAULT 'caf\u00e9 \"\\\101\t', user_id bigint \x52EFERENCES users(id))") // want `"orders_user_id_fkey" on orders\(user_id\) → users\(id\) is ON DELETE NO ACTION`
	if err != nil {
		return err
	}
	// want +2 `"items_owner_id_fkey" on items\(owner_id\) → users\(id\) is ON DELETE SET NULL`
	_, err = tx.ExecContext(ctx, `CREATE TABLE items (
		owner_id bigint REFERENCES users(id) ON DELETE SET NULL
	)`)
	return err
}

// Never replayed: 00003 still finds orders.
func downOrders(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "DROP TABLE orders")
	return err
}
