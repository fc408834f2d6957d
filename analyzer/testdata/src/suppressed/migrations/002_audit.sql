-- miglint:ignore fk-on-delete audit rows must outlive their user
CREATE TABLE audit_log (user_id bigint REFERENCES users(id));
CREATE TABLE sessions (user_id bigint REFERENCES users(id)); -- want fk-on-delete `"sessions_user_id_fkey"`
