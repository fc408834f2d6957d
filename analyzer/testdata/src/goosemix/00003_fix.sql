-- +goose Up
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_fkey; -- want drop-constraint-noop `did you mean "orders_user_id_fkey"`
-- +goose Down
SELECT 1;
