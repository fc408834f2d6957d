CREATE TABLE users (id bigint PRIMARY KEY);
-- miglint:ignore fk-on-delete sessions outlive their user on purpose
CREATE TABLE sessions (user_id bigint REFERENCES users);
CREATE TABLE tokens (user_id bigint REFERENCES users); -- miglint:ignore fk-on-delete,fk-name-convention kept for audits -- want unused-ignore `miglint:ignore fk-name-convention silences nothing: fk-name-convention reports nothing in this statement`
-- miglint:ignore fk-on-delete nothing here to silence -- want unused-ignore `miglint:ignore fk-on-delete silences nothing`
CREATE TABLE notes (user_id bigint REFERENCES users ON DELETE CASCADE);
-- miglint:ignore no-such-rule typo -- want unused-ignore `names an unknown rule no-such-rule`
SELECT 1;
CREATE TABLE audits (
    id bigint,
    user_id bigint REFERENCES users -- miglint:ignore fk-on-delete audit rows stay
);
-- miglint:ignore fk-on-delete dangling at the end -- want unused-ignore `is not followed by a statement`
