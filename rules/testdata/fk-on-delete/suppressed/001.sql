-- Suppressed findings are gone; the others stay.
CREATE TABLE users (id bigint PRIMARY KEY);
-- miglint:ignore fk-on-delete audit rows outlive their user
CREATE TABLE audits (user_id bigint REFERENCES users);
CREATE TABLE sessions (
    user_id bigint REFERENCES users -- miglint:ignore fk-on-delete sessions are purged by a job
);
CREATE TABLE notes (user_id bigint REFERENCES users); /* miglint:ignore fk-name-convention wrong rule */ -- want fk-on-delete `"notes_user_id_fkey"`
CREATE TABLE c (user_id bigint REFERENCES users); -- miglint:ignore fk-on-delete,unused-ignore kept
CREATE TABLE d (user_id bigint REFERENCES users); SELECT 1; -- miglint:ignore fk-on-delete applies to SELECT 1 -- want fk-on-delete `"d_user_id_fkey"`
