ALTER TABLE named ADD COLUMN team text;
