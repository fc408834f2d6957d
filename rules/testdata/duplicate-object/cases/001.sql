CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE users (id bigint); -- want duplicate-object `relation "users" already exists`
CREATE TABLE IF NOT EXISTS users (id bigint);
ALTER TABLE users ADD COLUMN email text; -- want duplicate-object `column "email" of relation "users" already exists`
ALTER TABLE users ADD COLUMN IF NOT EXISTS email text;
-- DROP runs before ADD in one ALTER TABLE, whatever the order written.
ALTER TABLE users ADD COLUMN email varchar(200), DROP COLUMN email;
ALTER TABLE users ADD CONSTRAINT users_check CHECK (id > 0);
ALTER TABLE users ADD CONSTRAINT users_check CHECK (id < 10); -- want duplicate-object `constraint "users_check" for relation "users" already exists`
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_email_idx ON users (lower(email)); -- want duplicate-object `relation "users_email_idx" already exists`
CREATE INDEX IF NOT EXISTS users_email_idx ON users (email);
CREATE TABLE t (a int, a text); -- want duplicate-object `column "a" specified more than once`
-- A key named like an existing relation clashes with it.
CREATE TABLE u (id int CONSTRAINT users_email_idx PRIMARY KEY); -- want duplicate-object `relation "users_email_idx" already exists`
