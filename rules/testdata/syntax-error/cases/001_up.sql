CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE broken (id int,, name text); -- want syntax-error `syntax error at or near ","`
-- The rest of the file is still read.
ALTER TABLE users ADD COLUMN ok boolean;
SELEC 1; -- want syntax-error `syntax error at or near "SELEC"`
CREATE TABLE ends (id int -- want syntax-error `syntax error at end of input`
