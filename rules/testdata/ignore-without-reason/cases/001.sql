CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (user_id bigint REFERENCES users); -- miglint:ignore fk-on-delete -- want ignore-without-reason `gives no reason`
/* miglint:ignore fk-on-delete because we said so */
CREATE TABLE tokens (user_id bigint REFERENCES users);
