// Package nomigrations has SQL but no migrations: it imports neither embed
// nor goose, so the analyzer stops at its imports.
package nomigrations

import "database/sql"

func CreateOrders(db *sql.DB) error {
	_, err := db.Exec("CREATE TABLE orders (user_id bigint REFERENCES users(id))")
	return err
}
