-- A key declared NO ACTION and replaced correctly later is not reported.
CREATE TABLE legacy (user_id bigint REFERENCES users(id));
ALTER TABLE legacy DROP CONSTRAINT legacy_user_id_fkey;
ALTER TABLE legacy ADD CONSTRAINT legacy_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- The same, all in one statement: ALTER TABLE drops before it adds.
CREATE TABLE legacy2 (user_id bigint CONSTRAINT fk_legacy2 REFERENCES users(id));
ALTER TABLE legacy2
    ADD CONSTRAINT legacy2_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    DROP CONSTRAINT fk_legacy2;
