-- Rows for the example history (testdata/examples/cascade-backfill) in every
-- table that deleting users reaches, each referencing the rows above it.
INSERT INTO users (id, email) VALUES (100, 'ada@example.com');
INSERT INTO user_profiles (user_id) VALUES (100);
INSERT INTO sessions (user_id, expires_at) VALUES (100, now() + interval '1 day');
INSERT INTO api_tokens (user_id, name, token_prefix, token_hash) VALUES (100, 'ci', 'abcdefgh', '\x00');
INSERT INTO oauth_identities (user_id, provider, subject) VALUES (100, 'github', '1');
INSERT INTO password_reset_tokens (token_hash, user_id) VALUES ('\x01', 100);
INSERT INTO email_verifications (user_id, email, code_hash) VALUES (100, 'ada@example.com', '\x02');
INSERT INTO workspaces (id, owner_id, name, slug) VALUES (200, 100, 'Ada', 'ada'); -- its trigger adds the owner's membership
INSERT INTO projects (id, workspace_id, name) VALUES (300, 200, 'Launch');
INSERT INTO tasks (id, project_id, user_id, title) VALUES (400, 300, 100, 'Write the docs');
INSERT INTO comments (task_id, user_id, body) VALUES (400, 100, 'On it');
INSERT INTO file_uploads (project_id, uploaded_by, storage_key, content_type, byte_size, user_id)
VALUES (300, 'ada@example.com', 'uploads/1', 'text/plain', 1, 100);
INSERT INTO subscriptions (user_id, plan_code) VALUES (100, 'team');
INSERT INTO payment_methods (user_id, stripe_pm_id, is_default) VALUES (100, 'pm_1', true);
INSERT INTO invoices (user_id, number, amount_cents, billing_email) VALUES (100, 'INV-1', 1200, 'ada@example.com');
INSERT INTO notifications (user_id, kind) VALUES (100, 'welcome');
INSERT INTO notification_preferences (user_id) VALUES (100);
INSERT INTO push_subscriptions (user_id, platform, device_token) VALUES (100, 'ios', 'device-1');
INSERT INTO mempalace (user_id, title) VALUES (100, 'Pinned');
INSERT INTO connectors (id, user_id, provider, external_account_id, access_token_enc) VALUES (500, 100, 'github', 'ada', '\x03');
INSERT INTO connector_oauth_refresh_token_rotation_audit_events (connector_id, user_id, outcome) VALUES (500, 100, 'rotated');
INSERT INTO webhooks (user_id, target_url, signing_secret, events) VALUES (100, 'https://example.com/hook', 's3cret', '{push}');
INSERT INTO "AuditEvents" ("userId", "action") VALUES (100, 'login');
INSERT INTO saved_searches (user_id, workspace_id, name, query) VALUES (100, 200, 'Open tasks', '{}');
INSERT INTO data_export_requests (user_id) VALUES (100);
INSERT INTO email_threads (id, user_id, subject) VALUES (600, 100, 'Hello');
INSERT INTO email_messages (thread_id, sender, body) VALUES (600, 'bob@example.com', 'Hi Ada');
INSERT INTO search_history (user_id, query) VALUES (100, 'docs');
