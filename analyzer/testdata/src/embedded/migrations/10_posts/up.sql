CREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint REFERENCES users(id) ON DELETE CASCADE);
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_author_fkey; -- want drop-constraint-noop `did you mean "posts_author_id_fkey"`
