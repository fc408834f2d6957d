-- 010_ownership_fixes.sql

-- file_uploads only recorded the uploader's e-mail. Give every upload a real
-- owner; uploads by people who have since left keep user_id NULL.
ALTER TABLE file_uploads ADD COLUMN user_id bigint REFERENCES users(id);

UPDATE file_uploads f
   SET user_id = u.id
  FROM users u
 WHERE lower(u.email) = lower(f.uploaded_by);

CREATE INDEX file_uploads_user_id_idx ON file_uploads (user_id);

-- push_subscriptions: drop device tokens of users that no longer exist, then
-- enforce the foreign key.
DELETE FROM push_subscriptions p
 WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id);

ALTER TABLE push_subscriptions ADD FOREIGN KEY (user_id) REFERENCES users(id);

-- The feature is called "Mempalace" everywhere else; match it.
ALTER TABLE mempalace_entries RENAME TO mempalace;
ALTER SEQUENCE mempalace_entries_id_seq RENAME TO mempalace_id_seq;
ALTER INDEX mempalace_entries_pkey RENAME TO mempalace_pkey;
ALTER INDEX mempalace_entries_user_id_position_idx RENAME TO mempalace_user_id_position_idx;
ALTER INDEX mempalace_entries_tags_idx RENAME TO mempalace_tags_idx;
ALTER TRIGGER mempalace_entries_set_updated_at ON mempalace RENAME TO mempalace_set_updated_at;
