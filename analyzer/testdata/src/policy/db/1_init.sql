CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE accounts (tenant int, id bigint, PRIMARY KEY (tenant, id));
CREATE TABLE a (user_id bigint REFERENCES users(id) ON DELETE SET NULL);
CREATE TABLE b (user_id bigint REFERENCES users(id) ON DELETE CASCADE); -- want fk-on-delete `users\(id\)=set null wants ON DELETE SET NULL`
CREATE TABLE c (tenant int, account_id bigint, FOREIGN KEY (tenant, account_id) REFERENCES accounts ON DELETE CASCADE);
CREATE TABLE d (tenant int, account_id bigint, FOREIGN KEY (tenant, account_id) REFERENCES accounts); -- want fk-on-delete `accounts\(tenant,id\)=cascade wants ON DELETE CASCADE`
