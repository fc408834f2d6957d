-- 013_cascade_user_deletes.sql
--
-- SUP-2291: "Delete my account" fails with
--   ERROR: update or delete on table "users" violates foreign key constraint ...
-- because most user-owned tables were created without ON DELETE CASCADE.
--
-- Recreate every foreign key to users(id) with ON DELETE CASCADE. Postgres
-- names an unnamed foreign key <table>_<column>_fkey, so drop that name and
-- add it back with the cascade. IF EXISTS keeps the migration re-runnable.
--
-- Not touched here:
--   * user_profiles, password_reset_tokens, workspaces, workspace_members and
--     notifications already cascade.
--   * invoices keeps ON DELETE SET NULL on purpose (tax records).

BEGIN;

-- auth
ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey;
ALTER TABLE sessions ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_user_id_fkey;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE oauth_identities DROP CONSTRAINT IF EXISTS oauth_identities_user_id_fkey;
ALTER TABLE oauth_identities ADD CONSTRAINT oauth_identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE email_verifications DROP CONSTRAINT IF EXISTS email_verifications_user_id_fkey;
ALTER TABLE email_verifications ADD CONSTRAINT email_verifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- projects
ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_user_id_fkey;
ALTER TABLE tasks ADD CONSTRAINT tasks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE comments DROP CONSTRAINT IF EXISTS comments_user_id_fkey;
ALTER TABLE comments ADD CONSTRAINT comments_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE file_uploads DROP CONSTRAINT IF EXISTS file_uploads_user_id_fkey;
ALTER TABLE file_uploads ADD CONSTRAINT file_uploads_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- billing
ALTER TABLE subscriptions DROP CONSTRAINT IF EXISTS subscriptions_user_id_fkey;
ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE payment_methods DROP CONSTRAINT IF EXISTS payment_methods_user_id_fkey;
ALTER TABLE payment_methods ADD CONSTRAINT payment_methods_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- notifications
ALTER TABLE notification_preferences DROP CONSTRAINT IF EXISTS notification_preferences_user_id_fkey;
ALTER TABLE notification_preferences ADD CONSTRAINT notification_preferences_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE push_subscriptions DROP CONSTRAINT IF EXISTS push_subscriptions_user_id_fkey;
ALTER TABLE push_subscriptions ADD CONSTRAINT push_subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- mempalace
ALTER TABLE mempalace DROP CONSTRAINT IF EXISTS mempalace_user_id_fkey;
ALTER TABLE mempalace ADD CONSTRAINT mempalace_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- integrations
ALTER TABLE connectors DROP CONSTRAINT IF EXISTS connectors_user_id_fkey;
ALTER TABLE connectors ADD CONSTRAINT connectors_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE connector_oauth_refresh_token_rotation_audit_events DROP CONSTRAINT IF EXISTS connector_oauth_refresh_token_rotation_audit_events_user_id_fkey;
ALTER TABLE connector_oauth_refresh_token_rotation_audit_events ADD CONSTRAINT connector_oauth_refresh_token_rotation_audit_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

ALTER TABLE webhooks DROP CONSTRAINT IF EXISTS webhooks_user_id_fkey;
ALTER TABLE webhooks ADD CONSTRAINT webhooks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- audit log (table and column names are quoted, see 009)
ALTER TABLE "AuditEvents" DROP CONSTRAINT IF EXISTS AuditEvents_userId_fkey;
ALTER TABLE "AuditEvents" ADD CONSTRAINT AuditEvents_userId_fkey FOREIGN KEY ("userId") REFERENCES users(id) ON DELETE CASCADE;

-- search
ALTER TABLE saved_searches DROP CONSTRAINT IF EXISTS saved_searches_user_id_fkey;
ALTER TABLE saved_searches ADD CONSTRAINT saved_searches_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

COMMIT;
