CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id bigint REFERENCES users(id) -- want fk-on-delete `"orders_user_id_fkey" on orders\(user_id\) → users\(id\) is ON DELETE NO ACTION`
);
