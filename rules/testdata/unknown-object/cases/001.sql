CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE userz ADD COLUMN x int; -- want unknown-object `relation "userz" does not exist`
ALTER TABLE IF EXISTS userz ADD COLUMN x int;
CREATE TABLE posts (
    author bigint REFERENCES authors (id) -- want unknown-object `relation "authors" does not exist`
);
CREATE TABLE comments (author bigint REFERENCES users (uid)); -- want unknown-object `column "uid" referenced in foreign key constraint does not exist`
ALTER TABLE users DROP CONSTRAINT users_email_key; -- want unknown-object `constraint "users_email_key" of relation "users" does not exist`
ALTER TABLE users RENAME COLUMN mail TO email; -- want unknown-object `column "mail" of relation "users" does not exist`
ALTER TABLE users DROP COLUMN IF EXISTS mail;
ALTER TABLE users DROP COLUMN mail; -- want unknown-object `column "mail" of relation "users" does not exist`
CREATE INDEX ON users (email); -- want unknown-object `column "email" does not exist`
DROP TABLE IF EXISTS old_stuff;
DROP TABLE old_stuff; -- want unknown-object `relation "old_stuff" does not exist`
CREATE TABLE other.things (id int); -- want unknown-object `schema "other" does not exist`
CREATE TABLE keyless (id int);
CREATE TABLE refs (k int REFERENCES keyless); -- want unknown-object `there is no primary key for referenced table "keyless"`

-- What a DO block may have created is not reported.
DO $$ BEGIN EXECUTE 'CREATE TABLE made_by_do (id int)'; END $$;
ALTER TABLE made_by_do ADD COLUMN y int;
