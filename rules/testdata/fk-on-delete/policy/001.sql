-- The default policy resolves users through the search path; tables that
-- reference another schema's users are not its business.
CREATE SCHEMA auth;
CREATE TABLE auth.users (id uuid PRIMARY KEY);
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE tokens (
    auth_user uuid REFERENCES auth.users,
    user_id bigint REFERENCES users -- want fk-on-delete `"tokens_user_id_fkey"`
);
