package histgen

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	for seed := int64(0); seed < 200; seed++ {
		a, b := Generate(seed, Options{}), Generate(seed, Options{})
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
	if reflect.DeepEqual(Generate(1, Options{}), Generate(2, Options{})) {
		t.Fatal("seeds 1 and 2 give the same history")
	}
}

// A fixed seed must keep giving the same bytes across Go releases: CI
// prints seeds, and someone reproduces them later.
func TestStableAcrossReleases(t *testing.T) {
	r := &rng{s: 42}
	got := []uint64{r.next(), r.next()}
	want := []uint64{0xbdd732262feb6e95, 0x28efe333b266f103}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rng(42) = %#x, want %#x", got, want)
	}
}

func TestMakeObjectName(t *testing.T) {
	for _, c := range []struct{ n1, n2, label, want string }{
		{"orders", "user_id", "fkey", "orders_user_id_fkey"},
		{"t", "", "pkey", "t_pkey"},
		{"t", "", "check", "t_check"},
		// FACTS.md, seen on PostgreSQL: the longer name loses bytes.
		{"connector_oauth_refresh_token_rotation_audit_events", "user_id", "fkey",
			"connector_oauth_refresh_token_rotation_audit_event_user_id_fkey"},
		// A longer label leaves less room.
		{"connector_oauth_refresh_token_rotation_audit_events", "user_id", "fkey1",
			"connector_oauth_refresh_token_rotation_audit_even_user_id_fkey1"},
		// Two-byte characters are clipped whole, so the result may be shorter than 63 bytes.
		{strings.Repeat("é", 41), "xy", "fkey", strings.Repeat("é", 27) + "_xy_fkey"},
	} {
		got := makeObjectName(c.n1, c.n2, c.label)
		if got != c.want {
			t.Errorf("makeObjectName(%q, %q, %q) = %q, want %q", c.n1, c.n2, c.label, got, c.want)
		}
		if len(got) > maxIdent {
			t.Errorf("%q is %d bytes", got, len(got))
		}
	}
}

func TestClipAndAddition(t *testing.T) {
	if got := clip("aé", 2); got != "a" {
		t.Errorf("clip = %q", got)
	}
	long := strings.Repeat("c", 63)
	if got := nameAddition([]string{long, "b", "c"}); got != long+"_b" {
		t.Errorf("nameAddition stops at 64 bytes, got %q", got)
	}
	for _, n := range tablePool {
		if len(n) > maxIdent {
			t.Errorf("pool name %q not truncated", n)
		}
	}
}

// The model follows PostgreSQL 15 where it is surprising (each case seen on a real server).
func TestModel(t *testing.T) {
	m := newModel()
	exec := func(s any) {
		t.Helper()
		if err := m.exec(s); err != nil {
			t.Fatal(err)
		}
	}
	names := func(table string) []string {
		return m.find(qname{name: table}).consNames()
	}
	// CREATE TABLE t (a int PRIMARY KEY, UNIQUE (a), CONSTRAINT u2 UNIQUE (a)): one key, named u2.
	exec(&createTable{t: qname{name: "t"}, elems: []any{
		&colDef{name: "a", typ: "integer", cons: []*conDef{{kind: 'p'}}},
		&conDef{kind: 'u', cols: []string{"a"}},
		&conDef{kind: 'u', cols: []string{"a"}, name: "u2"},
	}})
	if got := names("t"); !reflect.DeepEqual(got, []string{"u2"}) {
		t.Errorf("merged keys: %v", got)
	}
	// Index constraints come before checks: t2_b_key goes to the unique.
	exec(&createTable{t: qname{name: "t2"}, elems: []any{&colDef{name: "b", typ: "integer"}}})
	err := m.clone().exec(&alterTable{t: qname{name: "t2"}, cmds: []any{
		&conDef{kind: 'c', cols: []string{"b"}, name: "t2_b_key"},
		&conDef{kind: 'u', cols: []string{"b"}},
	}})
	if sqlState(err) != "42710" {
		t.Errorf("want 42710, got %v", err)
	}
	// Table a_b column c and table a column b_c.
	exec(&createTable{t: qname{name: "a_b"}, elems: []any{&colDef{name: "c", typ: "integer", cons: []*conDef{{kind: 'f', ref: qname{name: "t"}}}}}})
	exec(&createTable{t: qname{name: "a"}, elems: []any{&colDef{name: "b_c", typ: "integer", cons: []*conDef{{kind: 'f', ref: qname{name: "t"}}}}}})
	if got := names("a"); !reflect.DeepEqual(got, []string{"a_b_c_fkey1"}) {
		t.Errorf("collision: %v", got)
	}
	// Index names count as relation names, not as constraint names; a unique index serves as a key.
	exec(&createIndex{name: "t2_b_key", t: qname{name: "t2"}, cols: []string{"b"}, unique: true})
	exec(&alterTable{t: qname{name: "t2"}, cmds: []any{&conDef{kind: 'u', cols: []string{"b"}}}})
	exec(&createTable{t: qname{name: "c"}, elems: []any{&colDef{name: "x", typ: "integer", cons: []*conDef{{kind: 'f', ref: qname{name: "t2"}, refCols: []string{"b"}}}}}})
	if got := names("t2"); !reflect.DeepEqual(got, []string{"t2_b_key1"}) {
		t.Errorf("index name in the way: %v", got)
	}
	if dep := m.find(qname{name: "c"}).cons[0].dep; dep.name != "t2_b_key" || dep.kind != 'i' {
		t.Errorf("the foreign key relies on %s, want the older unique index t2_b_key", dep.name)
	}
	// Drops run first, whatever the order written.
	exec(&alterTable{t: qname{name: "a"}, cmds: []any{
		&conDef{kind: 'f', cols: []string{"b_c"}, ref: qname{name: "t"}, name: "a_b_c_fkey1"},
		dropCon{name: "a_b_c_fkey1"},
	}})
}

func (t *table) consNames() []string {
	var out []string
	for _, k := range t.cons {
		out = append(out, k.name)
	}
	return out
}

// Over many seeds, the histories use every feature the oracle is meant to exercise.
func TestCoverage(t *testing.T) {
	var all strings.Builder
	mistakes := map[string]bool{}
	for seed := int64(0); seed < 500; seed++ {
		h := Generate(seed, Options{MistakeRate: 0.3})
		for _, f := range h.Files {
			all.WriteString(f.SQL)
		}
		mistakes[h.Mistake] = true
	}
	text := all.String()
	for _, re := range []string{
		`(?m)^\s+\S+ \S+( NOT NULL)? REFERENCES`, // inline
		`(?m)^\s+FOREIGN KEY`,                    // table level
		`ADD CONSTRAINT \S+ FOREIGN KEY`, `ADD FOREIGN KEY`, `ADD (COLUMN )?\S+ \S+ (NOT NULL )?REFERENCES`,
		`FOREIGN KEY \(\S+, \S+\) REFERENCES`, `REFERENCES [^ (]+ ON`, `REFERENCES \S+[,;\n]`,
		`ON DELETE NO ACTION`, `ON DELETE RESTRICT`, `ON DELETE CASCADE`, `ON DELETE SET NULL`, `ON DELETE SET DEFAULT`,
		`ON UPDATE NO ACTION`, `ON UPDATE RESTRICT`, `ON UPDATE CASCADE`, `ON UPDATE SET NULL`, `ON UPDATE SET DEFAULT`,
		`NOT VALID`, `CREATE SCHEMA`, `SET SCHEMA`, `RENAME TO`, `RENAME (COLUMN )?\S+ TO`, `RENAME CONSTRAINT`,
		`DROP (COLUMN )?(IF EXISTS )?\S+ CASCADE`, `DROP TABLE (IF EXISTS )?\S+ CASCADE`,
		`DROP CONSTRAINT IF EXISTS`, `DROP CONSTRAINT [^I]`, `CHECK \(\S+ IS NOT NULL\)`,
		`CHECK \(\S+ IS NOT NULL OR`, `CHECK \(true\)`, `UNIQUE \(\S+, \S+\)`, `PRIMARY KEY`,
		`CREATE TABLE IF NOT EXISTS`, `ADD COLUMN IF NOT EXISTS`, `,\n    (ADD|DROP)`, `"[A-Z]\w*"`,
		`[A-Z]\w*[a-z]\w* \w+`, // unquoted mixed case
		`\w{64,}`, `[^\x00-\x7f]{2}`, `\bBEGIN;`,
		`CREATE UNIQUE INDEX \S+ ON`, `CREATE INDEX ON`, `\(lower\(`, `DROP INDEX`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("no history matches %s", re)
		}
	}
	for _, m := range []string{"", "drop_missing_constraint", "duplicate_name", "missing_table", "missing_column", "create_existing_table", "drop_constraint_index"} {
		if !mistakes[m] {
			t.Errorf("no history with mistake %q", m)
		}
	}
}
