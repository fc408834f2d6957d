-- Not a migration: no version. -- want unrecognized-file `notes.sql fits no migration naming convention`
CREATE TABLE e (id int);
