CREATE TABLE b (id int); -- want duplicate-version `version 1.1 is also used by .*V1_1__a.sql`
