CREATE TABLE users (id INT8 PRIMARY KEY);
CREATE TABLE orders (id INT8 PRIMARY KEY, user_id INT8 REFERENCES users(id), INDEX (user_id)); -- want fk-on-delete `"orders_user_id_fkey"`
