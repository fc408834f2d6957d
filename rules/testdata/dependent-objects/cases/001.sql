CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE);
CREATE TABLE sessions (user_id bigint REFERENCES users, email text REFERENCES users (email));
DROP TABLE users; -- want dependent-objects `cannot drop table users because other objects depend on it`
ALTER TABLE users DROP CONSTRAINT users_pkey; -- want dependent-objects `cannot drop constraint users_pkey on table users`
ALTER TABLE users DROP COLUMN email; -- want dependent-objects `cannot drop column email of table users`
-- With CASCADE the dependent keys go too, and then nothing depends on users.
ALTER TABLE users DROP COLUMN email CASCADE;
ALTER TABLE users DROP CONSTRAINT users_pkey CASCADE;
DROP TABLE users;
-- Tables dropped together may reference each other.
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (p int REFERENCES p);
DROP TABLE c, p;
