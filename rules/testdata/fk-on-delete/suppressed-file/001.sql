CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE a (user_id bigint REFERENCES users);

-- miglint:ignore-file fk-on-delete legacy schema, replaced in 2025
CREATE TABLE b (user_id bigint REFERENCES users);
