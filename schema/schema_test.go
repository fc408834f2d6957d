package schema

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/miglint/miglint/parser"
)

func TestMakeObjectName(t *testing.T) {
	for _, tc := range []struct{ n1, n2, label, want string }{
		{"users", "id", "fkey", "users_id_fkey"},
		// FACTS: the longer part loses bytes; the label is never cut.
		{"connector_oauth_refresh_token_rotation_audit_events", "user_id", "fkey", "connector_oauth_refresh_token_rotation_audit_event_user_id_fkey"},
		{"connector_oauth_refresh_token_rotation_audit_events", "connector_id", "fkey", "connector_oauth_refresh_token_rotation_audit__connector_id_fkey"},
		// A tie cuts name2.
		{strings.Repeat("a", 40), strings.Repeat("b", 40), "key", strings.Repeat("a", 29) + "_" + strings.Repeat("b", 29) + "_key"},
		// Cuts clip back to a whole character: é is 2 bytes.
		{strings.Repeat("é", 31), "c", "fkey", strings.Repeat("é", 28) + "_c_fkey"},
		{"t", "", "pkey", "t_pkey"},
	} {
		got := makeObjectName(tc.n1, tc.n2, tc.label)
		if got != tc.want || len(got) > 63 {
			t.Errorf("makeObjectName(%q, %q, %q) = %q (%d bytes), want %q", tc.n1, tc.n2, tc.label, got, len(got), tc.want)
		}
	}
}

// replay parses and replays files given as SQL texts, one per migration.
func replay(t *testing.T, sqls ...string) *Result {
	t.Helper()
	var files []*parser.File
	for i, sql := range sqls {
		f := parser.NewFile(fmt.Sprintf("%03d.sql", i+1), sql)
		parser.Parse(f)
		for _, s := range f.Stmts {
			if s.Err != nil {
				t.Fatalf("%s: %s", f.Path, s.Err.Msg)
			}
		}
		files = append(files, f)
	}
	return Replay(files)
}

// names lists "table: constraint (type)" for every constraint, sorted.
func names(c *Catalog) []string {
	var out []string
	for _, t := range c.Tables() {
		for _, con := range t.Constraints {
			out = append(out, fmt.Sprintf("%s.%s: %s (%s)", t.Schema.Name, t.Name, con.Name, con.Type))
		}
	}
	sort.Strings(out)
	return out
}

func events(r *Result) []string {
	var out []string
	for _, e := range r.Events {
		out = append(out, fmt.Sprintf("%d %s @%d", e.Kind, e.Msg, e.Span.StartPos().Line))
	}
	return out
}

func TestReplayNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		sqls []string
		want []string
	}{
		{"collision across tables (FACTS)", []string{
			"CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE a_b (c int REFERENCES u); CREATE TABLE a (b_c int REFERENCES u);",
		}, []string{"public.a: a_b_c_fkey1 (foreign_key)", "public.a_b: a_b_c_fkey (foreign_key)", "public.u: u_pkey (primary_key)"}},
		{"CHECK, UNIQUE and PRIMARY KEY come before foreign keys", []string{
			"CREATE TABLE u (id int PRIMARY KEY);",
			"CREATE TABLE t (id int REFERENCES u, CONSTRAINT t_id_fkey CHECK (id > 0));",
		}, []string{"public.t: t_id_fkey (check)", "public.t: t_id_fkey1 (foreign_key)", "public.u: u_pkey (primary_key)"}},
		{"several unnamed keys on the same columns, composite in FK order", []string{
			"CREATE TABLE p (x int, y int, UNIQUE (y, x), CHECK (x > 0), CHECK (x > y));",
			"CREATE TABLE c (a int, b int, FOREIGN KEY (b, a) REFERENCES p (y, x), FOREIGN KEY (b, a) REFERENCES p (y, x));",
		}, []string{"public.c: c_b_a_fkey (foreign_key)", "public.c: c_b_a_fkey1 (foreign_key)", "public.p: p_check (check)", "public.p: p_x_check (check)", "public.p: p_y_x_key (unique)"}},
		{"rename keeps names; DROP COLUMN drops keys using it", []string{
			"CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE mempalace_entries (user_id int REFERENCES users, other int REFERENCES users, CHECK (other > 1));",
			"ALTER TABLE mempalace_entries RENAME TO mempalace; ALTER TABLE mempalace RENAME COLUMN user_id TO uid; ALTER TABLE mempalace DROP COLUMN other;",
		}, []string{"public.mempalace: mempalace_entries_user_id_fkey (foreign_key)", "public.users: users_pkey (primary_key)"}},
		{"quoted names keep case, unquoted fold; schemas", []string{
			`CREATE SCHEMA app; CREATE TABLE app."User" (id int PRIMARY KEY); CREATE TABLE app.Posts ("authorId" int REFERENCES app."User");`,
			`ALTER TABLE app.posts SET SCHEMA public; ALTER TABLE posts RENAME CONSTRAINT "posts_authorId_fkey" TO "Posts_Author";`,
		}, []string{"app.User: User_pkey (primary_key)", "public.posts: Posts_Author (foreign_key)"}},
		{"DROP TABLE CASCADE drops the keys to it", []string{
			"CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE t (u int REFERENCES u); DROP TABLE u CASCADE;",
		}, []string{}},
		{"CREATE TABLE merges repeated keys, ALTER TABLE does not (seen on PostgreSQL 15)", []string{
			"CREATE TABLE q (a int, UNIQUE (a), UNIQUE (a)); CREATE TABLE p (a int); ALTER TABLE p ADD UNIQUE (a), ADD UNIQUE (a);",
		}, []string{"public.p: p_a_key (unique)", "public.p: p_a_key1 (unique)", "public.q: q_a_key (unique)"}},
		{"ALTER TABLE adds CHECKs and foreign keys in the order written (oracle seed 899)", []string{
			"CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (a int, b int);",
			"ALTER TABLE t ADD CONSTRAINT t_check FOREIGN KEY (a) REFERENCES p, ADD CHECK (a > 0 OR b > 0);",
		}, []string{"public.p: p_pkey (primary_key)", "public.t: t_check (foreign_key)", "public.t: t_check1 (check)"}},
		{"DROP INDEX CASCADE drops the foreign keys relying on it (oracle seed 242)", []string{
			"CREATE TABLE p (a int); CREATE UNIQUE INDEX p_a_idx ON p (a); CREATE TABLE c (x int REFERENCES p (a)); DROP INDEX p_a_idx CASCADE;",
		}, []string{}},
		{"an index name takes the key's default name", []string{
			"CREATE TABLE t (a int); CREATE INDEX t_a_key ON t (a); ALTER TABLE t ADD UNIQUE (a); ALTER TABLE t ADD PRIMARY KEY (a);",
		}, []string{"public.t: t_a_key1 (unique)", "public.t: t_pkey (primary_key)"}},
		{"ALTER TABLE drops before it adds", []string{
			"CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE t (u int CONSTRAINT t_u_fkey REFERENCES u);",
			"ALTER TABLE t ADD FOREIGN KEY (u) REFERENCES u ON DELETE CASCADE, DROP CONSTRAINT t_u_fkey;",
		}, []string{"public.t: t_u_fkey (foreign_key)", "public.u: u_pkey (primary_key)"}},
		{"serial sequences take relation names", []string{
			"CREATE TABLE t (id serial, x int); CREATE TABLE t_id (seq int); ALTER TABLE t ADD CONSTRAINT c UNIQUE (x); CREATE TABLE a (b int);",
		}, []string{"public.t: c (unique)"}},
		{"partitions copy the parent's foreign keys under the same name", []string{
			"CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE e (id int, u int REFERENCES u, PRIMARY KEY (id)) PARTITION BY RANGE (id);",
			"CREATE TABLE e_1 PARTITION OF e FOR VALUES FROM (0) TO (10);",
		}, []string{"public.e: e_pkey (primary_key)", "public.e: e_u_fkey (foreign_key)", "public.e_1: e_1_pkey (primary_key)", "public.e_1: e_u_fkey (foreign_key)", "public.u: u_pkey (primary_key)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := replay(t, tc.sqls...)
			if got := names(r.Catalog); !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("constraints:\n got %q\nwant %q", got, tc.want)
			}
			if len(r.Events) > 0 {
				t.Errorf("unexpected events: %q", events(r))
			}
		})
	}
}

// TestReplayAlterTableOrder: ALTER TABLE names a new column's keys, CHECKs
// and foreign keys before those of ADD CONSTRAINT, whatever the order
// written, and never moves a primary key before another subcommand's key
// (each checked on PostgreSQL 15; oracle seed 11192).
func TestReplayAlterTableOrder(t *testing.T) {
	r := replay(t, "CREATE TABLE a (x int PRIMARY KEY); CREATE TABLE b (x int); CREATE TABLE c (x int, y int);",
		"ALTER TABLE b ADD CHECK (xx > 1), ADD FOREIGN KEY (xx) REFERENCES a(x), ADD UNIQUE (xx), ADD COLUMN xx int CHECK (xx > 0) REFERENCES a(x) UNIQUE;\n"+
			"ALTER TABLE c ADD CONSTRAINT c_pkey UNIQUE (x), ADD PRIMARY KEY (y);")
	var got []string
	for _, tb := range r.Catalog.Tables() {
		for _, c := range tb.Constraints {
			got = append(got, c.Name+" "+c.Decl().Text())
		}
	}
	sort.Strings(got)
	want := []string{"a_pkey PRIMARY KEY", "b_xx_check CHECK (xx > 0)", "b_xx_check1 CHECK (xx > 1)",
		"b_xx_fkey REFERENCES a(x)", "b_xx_fkey1 FOREIGN KEY (xx) REFERENCES a(x)", "b_xx_key UNIQUE", "b_xx_key1 UNIQUE (xx)",
		"c_pkey CONSTRAINT c_pkey UNIQUE (x)", "c_pkey1 PRIMARY KEY (y)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("constraints:\n got %q\nwant %q", got, want)
	}
	if len(r.Events) > 0 {
		t.Errorf("unexpected events: %q", events(r))
	}
}

// TestReplayKeyOnPrimaryKeyIndex: a foreign key without a column list
// relies on the primary key's index even when an older unique index has the
// same columns, so dropping the primary key with CASCADE drops it; one with
// the column list relies on the older index (checked on PostgreSQL 15;
// oracle seed 5827).
func TestReplayKeyOnPrimaryKeyIndex(t *testing.T) {
	r := replay(t, "CREATE TABLE p (b int, id bigint, UNIQUE (b, id)); ALTER TABLE p ADD PRIMARY KEY (id, b);",
		"CREATE TABLE o (x int, y bigint, FOREIGN KEY (x, y) REFERENCES p, FOREIGN KEY (x, y) REFERENCES p (b, id));",
		"ALTER TABLE p DROP CONSTRAINT p_pkey CASCADE;")
	want := []string{"public.o: o_x_y_fkey1 (foreign_key)", "public.p: p_b_id_key (unique)"}
	if got := names(r.Catalog); !reflect.DeepEqual(got, want) {
		t.Errorf("constraints:\n got %q\nwant %q", got, want)
	}
}

func TestReplayKeyWithoutUniqueIndex(t *testing.T) {
	// Oracle seed 2101: PostgreSQL refuses the key with 42830.
	r := replay(t, "CREATE TABLE t (a int);", "CREATE TABLE u (a int UNIQUE);\nALTER TABLE t ADD FOREIGN KEY (a) REFERENCES t (a);\nALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u (a);")
	want := []string{`0 there is no unique constraint matching given keys for referenced table "t" @2`}
	if got := events(r); !reflect.DeepEqual(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	r = replay(t, "CREATE TABLE p (a int); CREATE UNIQUE INDEX i ON p (a); CREATE TABLE c (x int REFERENCES p (a));", "DROP INDEX i;")
	if got := events(r); len(got) != 1 || !strings.Contains(got[0], "cannot drop index i because other objects depend on it") {
		t.Errorf("events = %q", got)
	}
}

// TestReplayKeyToOtherRelation: a foreign key may reference a table only
// (42809; oracle seed 58634: an index named like the table's key).
func TestReplayKeyToOtherRelation(t *testing.T) {
	r := replay(t, "CREATE TABLE a (id integer PRIMARY KEY); CREATE VIEW v AS SELECT id FROM a; CREATE SEQUENCE s;",
		"ALTER TABLE a ADD FOREIGN KEY (id) REFERENCES A_pKeY (id);\nALTER TABLE a ADD FOREIGN KEY (id) REFERENCES v (id);\n"+
			"CREATE TABLE b (x int REFERENCES s);\nCREATE TABLE c (x int REFERENCES a);")
	want := []string{`0 "a_pkey" is an index @1`, `0 referenced relation "v" is not a table @2`, `0 referenced relation "s" is not a table @3`}
	if got := events(r); !reflect.DeepEqual(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
}

func TestReplayFollowsRenamesByReference(t *testing.T) {
	r := replay(t, "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE s (uid int REFERENCES users);",
		"ALTER TABLE users RENAME TO accounts; ALTER TABLE accounts RENAME id TO account_id; ALTER TABLE s RENAME uid TO account;")
	fk := r.Catalog.Table("public", "s").ForeignKeys()[0]
	if got := fk.Def(); got != "FOREIGN KEY (account) REFERENCES accounts(account_id)" || fk.Name != "s_uid_fkey" {
		t.Errorf("%s: %s", fk.Name, got)
	}
	if d := fk.Decl(); d.Text() != "REFERENCES users" || d.File.Path != "001.sql" {
		t.Errorf("declared at %s: %q", d.File.Path, d.Text())
	}
}

func TestReplayEvents(t *testing.T) {
	r := replay(t, "CREATE TABLE t (id int PRIMARY KEY);",
		"ALTER TABLE t DROP CONSTRAINT IF EXISTS t_x_fkey;\nALTER TABLE t DROP CONSTRAINT t_x_fkey;\nALTER TABLE nope ADD COLUMN a int;\nCREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id int;")
	want := []string{
		`1 constraint "t_x_fkey" of relation "t" does not exist, skipping @1`,
		`0 constraint "t_x_fkey" of relation "t" does not exist @2`,
		`0 relation "nope" does not exist @3`,
		`2 relation "t" already exists @4`,
		`2 column "id" of relation "t" already exists @5`,
	}
	if got := events(r); !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %q\nwant %q", got, want)
	}
	if snap := r.Events[0].Constraints; len(snap) != 1 || snap[0].Name != "t_pkey" {
		t.Errorf("snapshot = %+v", snap)
	}
}

func replayCRDB(t *testing.T, version string, sqls ...string) *Result {
	t.Helper()
	var files []*parser.File
	for i, sql := range sqls {
		f := parser.NewFile(fmt.Sprintf("%03d.sql", i+1), sql)
		parser.ParseWith(f, parser.Options{Dialect: parser.Cockroach})
		for _, s := range f.Stmts {
			if s.Err != nil {
				t.Fatalf("%s: %s", f.Path, s.Err.Msg)
			}
		}
		files = append(files, f)
	}
	return ReplayWith(files, Options{Dialect: parser.Cockroach, CockroachVersion: version})
}

func indexes(c *Catalog) []string {
	var out []string
	for _, t := range c.Tables() {
		for _, idx := range t.Indexes {
			out = append(out, t.Name+": "+idx.Name+"("+strings.Join(idx.Columns, ",")+")")
		}
	}
	sort.Strings(out)
	return out
}

func TestReplayCockroachNames(t *testing.T) {
	long := strings.Repeat("x", 60)
	r := replayCRDB(t, "",
		"CREATE TABLE users (id UUID PRIMARY KEY);",
		// Collisions are per table and numbered _1; names are never cut.
		"CREATE TABLE a_b (c UUID REFERENCES users); CREATE TABLE a (b_c UUID REFERENCES users, b_c2 UUID);",
		"ALTER TABLE a ADD FOREIGN KEY (b_c) REFERENCES users; CREATE TABLE "+long+" (user_id UUID REFERENCES users, CHECK (user_id IS NOT NULL));",
		// Index names are per table: two tables may share one.
		"CREATE TABLE p (x INT, INDEX same (x), INDEX (x)); CREATE TABLE q (x INT, INDEX same (x)); CREATE INDEX ON q (x);")
	want := []string{
		"public.a: a_b_c_fkey (foreign_key)", "public.a: a_b_c_fkey_1 (foreign_key)",
		"public.a_b: a_b_c_fkey (foreign_key)",
		"public.users: users_pkey (primary_key)",
		"public." + long + ": " + long + "_user_id_check (check)",
		"public." + long + ": " + long + "_user_id_fkey (foreign_key)",
	}
	sort.Strings(want)
	if got := names(r.Catalog); !reflect.DeepEqual(got, want) {
		t.Errorf("constraints:\n got %q\nwant %q", got, want)
	}
	wantIdx := []string{"p: p_x_idx(x)", "p: same(x)", "q: q_x_idx(x)", "q: same(x)", "users: users_pkey(id)"}
	if got := indexes(r.Catalog); !reflect.DeepEqual(got, wantIdx) {
		t.Errorf("indexes:\n got %q\nwant %q", got, wantIdx)
	}
	if len(r.Events) > 0 {
		t.Errorf("events: %q", events(r))
	}
}

func TestReplayCockroachBefore221(t *testing.T) {
	r := replayCRDB(t, "21.2",
		"CREATE TABLE users (id INT PRIMARY KEY); CREATE TABLE posts (author_id INT REFERENCES users, editor INT REFERENCES users, a2 INT, CHECK (a2 > 0));",
		"ALTER TABLE posts ADD FOREIGN KEY (author_id) REFERENCES users;")
	want := []string{"public.posts: check_a2 (check)", "public.posts: fk_author_id_ref_users (foreign_key)", "public.posts: fk_author_id_ref_users_1 (foreign_key)",
		"public.posts: fk_editor_ref_users (foreign_key)", "public.users: primary (primary_key)"}
	if got := names(r.Catalog); !reflect.DeepEqual(got, want) {
		t.Errorf("constraints:\n got %q\nwant %q", got, want)
	}
}

func TestReplayCockroachAlterPrimaryKey(t *testing.T) {
	r := replayCRDB(t, "", "CREATE TABLE t (id INT PRIMARY KEY, tenant INT NOT NULL, UNIQUE INDEX t_key (tenant));",
		"ALTER TABLE t ALTER PRIMARY KEY USING COLUMNS (tenant, id);\nDROP INDEX t@t_key CASCADE;")
	if got := r.Catalog.Table("public", "t").PrimaryKey(); got == nil || got.Def() != "PRIMARY KEY (tenant, id)" {
		t.Errorf("primary key = %v", got)
	}
	if got := indexes(r.Catalog); !reflect.DeepEqual(got, []string{"t: t_pkey(tenant,id)"}) {
		t.Errorf("indexes = %q", got)
	}
	if len(r.Events) > 0 {
		t.Errorf("events: %q", events(r))
	}
}

func TestReplayIndexesFollowColumns(t *testing.T) {
	r := replay(t, "CREATE TABLE b (列 int, x int, y text); CREATE INDEX ON b (列); CREATE INDEX ON b (lower(y)); CREATE INDEX ON b (x) WHERE y IS NOT NULL;",
		"ALTER TABLE b RENAME 列 TO colonne; ALTER TABLE b DROP COLUMN y;")
	if got := indexes(r.Catalog); !reflect.DeepEqual(got, []string{"b: b_列_idx(colonne)"}) {
		t.Errorf("indexes = %q", got)
	}
	r = replay(t, "CREATE TABLE b (a int, c int); CREATE INDEX ON b (a);", "ALTER TABLE b RENAME a TO z; ALTER TABLE b DROP COLUMN z;")
	if got := indexes(r.Catalog); len(got) != 0 {
		t.Errorf("the index of a dropped, renamed column survives: %q", got)
	}
}

// TestWideTable: a table of wideTable columns or more finds them through a
// map, which adding, dropping and renaming columns keep as a scan of the
// columns would see them.
func TestWideTable(t *testing.T) {
	for _, width := range []int{wideTable - 2, wideTable + 8} {
		cols := make([]string, width)
		for i := range cols {
			cols[i] = fmt.Sprintf("c%d int", i)
		}
		res := replay(t, "CREATE TABLE w ("+strings.Join(cols, ", ")+");",
			`ALTER TABLE w ADD COLUMN a int, ADD COLUMN b int, ADD COLUMN c int;
ALTER TABLE w RENAME COLUMN c0 TO x;
ALTER TABLE w DROP COLUMN c1;
ALTER TABLE w ADD COLUMN c1 text;
ALTER TABLE w RENAME COLUMN c2 TO c0;
ALTER TABLE w ADD COLUMN x int;
ALTER TABLE w DROP COLUMN c0;
ALTER TABLE w DROP COLUMN c2;
ALTER TABLE w ADD COLUMN b int;`)
		var got []string
		for _, e := range res.Events {
			got = append(got, e.Msg)
		}
		want := []string{
			`column "x" of relation "w" already exists`,
			`column "c2" of relation "w" does not exist`,
			`column "b" of relation "w" already exists`,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d columns: events %q, want %q", width, got, want)
		}
		w := res.Catalog.Table("public", "w")
		if c := w.Column("c1"); c == nil || c.Type != "text" {
			t.Errorf("%d columns: c1 is %+v, want the text column added last", width, c)
		}
		for _, name := range []string{"c0", "c2"} {
			if w.Column(name) != nil {
				t.Errorf("%d columns: %s is still there", width, name)
			}
		}
		for _, c := range w.Columns {
			if w.Column(c.Name) != c {
				t.Errorf("%d columns: Column(%q) is not the table's column", width, c.Name)
			}
		}
	}
}
