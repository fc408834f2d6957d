CREATE TABLE users (id bigint PRIMARY KEY, org bigint, UNIQUE (org, id));
CREATE TABLE sessions (user_id bigint CONSTRAINT fk_sessions_user REFERENCES users);
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE; -- want duplicate-fk `table sessions now has 2 foreign keys on sessions\(user_id\) → users\(id\): "fk_sessions_user" \(ON DELETE NO ACTION\), "sessions_user_id_fkey" \(ON DELETE CASCADE\)`

-- The same column pairs in another order are the same key.
CREATE TABLE memberships (
    org_id bigint,
    user_id bigint,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org, id),
    FOREIGN KEY (user_id, org_id) REFERENCES users (id, org) ON DELETE CASCADE -- want duplicate-fk `memberships now has 2 foreign keys.*"memberships_org_id_user_id_fkey".*"memberships_user_id_org_id_fkey"`
);

-- Different referenced columns, or a duplicate removed later: not reported.
CREATE TABLE invites (user_id bigint REFERENCES users, org_id bigint, FOREIGN KEY (org_id, user_id) REFERENCES users (org, id));
CREATE TABLE notes (user_id bigint REFERENCES users, CONSTRAINT notes_dup FOREIGN KEY (user_id) REFERENCES users);
ALTER TABLE notes DROP CONSTRAINT notes_dup;
