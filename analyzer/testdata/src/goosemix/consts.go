package goosemix

// A constant's finding is reported in its declaration.
const refUsers = "REFERENCES users(id)" // want `"named_user_id_fkey" on named\(user_id\)`

// Not a registration: goose's registrations are recognised by package.
func unrelated(db interface{ Exec(string) }) {
	db.Exec("CREATE TABLE unrelated (user_id bigint REFERENCES users(id))")
}

var _ = unrelated
