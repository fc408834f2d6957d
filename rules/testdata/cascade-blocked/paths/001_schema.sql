CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);

-- Direct keys to users(id) are fk-on-delete's, whatever their action.
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id));

-- A key to another key of users blocks just the same.
CREATE TABLE mail_log (
    id    bigint PRIMARY KEY,
    email text REFERENCES users(email) -- want cascade-blocked `foreign key "mail_log_email_fkey" \(ON DELETE NO ACTION\) blocks deleting a row of users .*: mail_log\.email → users\.email; fix: ALTER TABLE mail_log DROP CONSTRAINT mail_log_email_fkey, ADD CONSTRAINT mail_log_email_fkey FOREIGN KEY \(email\) REFERENCES users\(email\) ON DELETE CASCADE;`
);

CREATE TABLE email_threads (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE);
CREATE TABLE email_messages (
    id        bigint PRIMARY KEY,
    thread_id bigint NOT NULL REFERENCES email_threads(id), -- want cascade-blocked `"email_messages_thread_id_fkey" \(ON DELETE NO ACTION\) blocks deleting a row of users once email_messages rows reference deleted email_threads rows: email_messages\.thread_id → email_threads\.id → users\.id;`
    reply_to  bigint REFERENCES email_messages(id) ON DELETE SET NULL
);
-- Behind a blocker: not on the cascade path, so not reported.
CREATE TABLE email_attachments (id bigint PRIMARY KEY, message_id bigint NOT NULL REFERENCES email_messages(id));

-- Three levels, with RESTRICT, a self-reference and a cycle.
CREATE TABLE folders (
    id        bigint PRIMARY KEY,
    owner_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    parent_id bigint REFERENCES folders(id) -- want cascade-blocked `"folders_parent_id_fkey" \(ON DELETE NO ACTION\) .*: folders\.parent_id → folders\.id → users\.id;`
);
CREATE TABLE documents (
    id         bigint PRIMARY KEY,
    folder_id  bigint NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    current_id bigint
);
CREATE TABLE revisions (
    document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n           int    NOT NULL,
    PRIMARY KEY (document_id, n)
);
ALTER TABLE documents ADD FOREIGN KEY (id, current_id) REFERENCES revisions(document_id, n) ON DELETE CASCADE;
CREATE TABLE revision_locks (
    document_id bigint NOT NULL,
    n           int    NOT NULL,
    FOREIGN KEY (document_id, n) REFERENCES revisions ON DELETE RESTRICT -- want cascade-blocked `"revision_locks_document_id_n_fkey" \(ON DELETE RESTRICT\) .*: revision_locks\(document_id, n\) → revisions\(document_id, n\) → documents\.id → folders\.id → users\.id;`
);

-- SET NULL and SET DEFAULT that cannot work, at any depth.
CREATE TABLE invoices (
    id      bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE SET NULL -- want cascade-blocked `"invoices_user_id_fkey" is ON DELETE SET NULL but invoices\.user_id is NOT NULL: deleting a row of users fails with a not-null violation once invoices rows reference deleted users rows: invoices\.user_id → users\.id;`
);
CREATE TABLE shares (
    id        bigint PRIMARY KEY,
    folder_id bigint NOT NULL REFERENCES folders(id) ON DELETE SET DEFAULT, -- want cascade-blocked `"shares_folder_id_fkey" is ON DELETE SET DEFAULT but shares\.folder_id is NOT NULL without a default: .*: shares\.folder_id → folders\.id → users\.id;`
    doc_id    bigint NOT NULL DEFAULT 0 REFERENCES documents(id) ON DELETE SET DEFAULT,
    backup_id bigint REFERENCES folders(id) ON DELETE SET DEFAULT
);
