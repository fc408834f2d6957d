CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES users ON DELETE CASCADE);
CREATE TABLE team_invites (id bigint PRIMARY KEY, team_id bigint NOT NULL CONSTRAINT invites_team REFERENCES teams);
-- Fixed by the next migration: only the final schema counts.
ALTER TABLE team_invites DROP CONSTRAINT invites_team, ADD FOREIGN KEY (team_id) REFERENCES teams ON DELETE CASCADE;
-- A duplicate that still blocks: the fix drops it, the CASCADE twin stays.
ALTER TABLE team_invites ADD CONSTRAINT invites_team_again FOREIGN KEY (team_id) REFERENCES teams(id); -- want cascade-blocked `"invites_team_again" \(ON DELETE NO ACTION\) .*: team_invites\.team_id → teams\.id → users\.id; drop it, "team_invites_team_id_fkey" already does ON DELETE CASCADE: ALTER TABLE team_invites DROP CONSTRAINT invites_team_again;`
