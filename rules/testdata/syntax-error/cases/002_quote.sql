SELECT 1;
INSERT INTO users VALUES (1);
UPDATE users SET id = 2 WHERE name = 'unterminated; -- want syntax-error `unterminated quoted string`
