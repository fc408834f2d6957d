CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (user_id bigint REFERENCES users ON DELETE SET NULL, CONSTRAINT twin FOREIGN KEY (user_id) REFERENCES users ON DELETE SET NULL);
CREATE TABLE tokens (user_id bigint REFERENCES users ON DELETE CASCADE); -- want fk-on-delete `"tokens_user_id_fkey" .* wants ON DELETE SET NULL`
