CREATE TABLE a (id int); -- want duplicate-version `migration version 03 is also used by testdata/duplicate-version/golang-migrate/3_a.up.sql`
