CREATE TABLE drafts (user_id bigint REFERENCES users(id));
