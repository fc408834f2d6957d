-- Down files are never replayed, but they are checked.
ALTER TABLE users
    DROP COLUMN ok
    DROP COLUMN other; -- want syntax-error `syntax error at or near "DROP"`
