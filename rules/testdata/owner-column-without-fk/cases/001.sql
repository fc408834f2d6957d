CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE accounts (id bigint PRIMARY KEY);

CREATE TABLE search_history (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL, -- want owner-column-without-fk `column search_history\.user_id matches the owner pattern "user_id" but no foreign key ties it to users: deleting a user leaves its rows behind; fix \(after deleting orphaned rows\): ALTER TABLE search_history ADD CONSTRAINT search_history_user_id_fkey FOREIGN KEY \(user_id\) REFERENCES users\(id\) ON DELETE CASCADE;`
    query   text
);

-- A key to another table does not count.
CREATE TABLE ledger (user_id bigint REFERENCES accounts); -- want owner-column-without-fk `ledger\.user_id`

-- Any key to users counts, whatever its action, and as part of a
-- composite key too.
CREATE TABLE sessions (user_id bigint REFERENCES users);
CREATE TABLE pairs (user_id bigint, n int, UNIQUE (user_id, n), FOREIGN KEY (user_id) REFERENCES users ON DELETE CASCADE);

-- The column is found where ALTER TABLE added it.
CREATE TABLE uploads (id bigint PRIMARY KEY);
ALTER TABLE uploads ADD COLUMN note text, ADD COLUMN user_id bigint; -- want owner-column-without-fk `uploads\.user_id`

-- Not owner columns by default.
CREATE TABLE audit (actor_user_id bigint, userid bigint, "User_Id" bigint);

-- Added later: fine.
CREATE TABLE exports (user_id bigint);
ALTER TABLE exports ADD FOREIGN KEY (user_id) REFERENCES users ON DELETE CASCADE;

-- No fix is offered when the types differ.
CREATE TABLE legacy_events (user_id text NOT NULL); -- want owner-column-without-fk `legacy_events\.user_id .* leaves its rows behind \(and its type, text, is not that of users\.id, bigint\)$`
