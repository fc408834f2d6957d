-- miglint:ignore-file fk-on-delete,duplicate-fk legacy tables, fixed in 003 -- want unused-ignore `miglint:ignore-file duplicate-fk silences nothing: duplicate-fk reports nothing in this file`
CREATE TABLE a (user_id bigint REFERENCES users);
CREATE TABLE b (user_id bigint REFERENCES users);
