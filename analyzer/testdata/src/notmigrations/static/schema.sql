CREATE TABLE orders (user_id bigint REFERENCES users(id));
