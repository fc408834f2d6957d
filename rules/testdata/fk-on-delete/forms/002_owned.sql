-- Every way of declaring a foreign key to users(id).
CREATE TABLE inline_fk (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) -- want fk-on-delete `"inline_fk_user_id_fkey" on inline_fk\(user_id\) → users\(id\) is ON DELETE NO ACTION; policy users\(id\)=cascade wants ON DELETE CASCADE`
);

CREATE TABLE table_level (
    id bigserial PRIMARY KEY,
    owner bigint NOT NULL,
    FOREIGN KEY (owner) REFERENCES users(id) ON DELETE RESTRICT -- want fk-on-delete `"table_level_owner_fkey" .* is ON DELETE RESTRICT`
);

CREATE TABLE added_column (id bigserial PRIMARY KEY);
ALTER TABLE added_column ADD COLUMN user_id bigint REFERENCES users ON DELETE SET NULL; -- want fk-on-delete `"added_column_user_id_fkey" .* SET NULL; .*fix: ALTER TABLE added_column DROP CONSTRAINT added_column_user_id_fkey, ADD CONSTRAINT added_column_user_id_fkey FOREIGN KEY \(user_id\) REFERENCES users\(id\) ON DELETE CASCADE;`

CREATE TABLE added_fk (id bigserial PRIMARY KEY, user_id bigint);
ALTER TABLE added_fk ADD FOREIGN KEY (user_id) REFERENCES public.users(id); -- want fk-on-delete `"added_fk_user_id_fkey"`

CREATE TABLE "Mixed" (
    "userId" bigint REFERENCES users (id) ON UPDATE CASCADE -- want fk-on-delete `"Mixed_userId_fkey" on "Mixed"\("userId"\) .*fix: .*ON UPDATE CASCADE ON DELETE CASCADE;`
);

-- Compliant or not a policy target: nothing to report.
CREATE TABLE fine (
    user_id bigint REFERENCES users(id) ON DELETE CASCADE,
    email text REFERENCES users(email)
);
