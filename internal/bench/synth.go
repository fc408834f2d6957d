// Package bench generates large synthetic migration histories for
// benchmarks: realistic DDL (tables with keys to users, indexes, added,
// renamed and dropped columns, convention-based key fixes, views, trigger
// functions) mixed with data migrations (INSERT, UPDATE, DELETE), grants and
// comments, in plain numbered files. The same options give the same bytes.
//
// internal/histgen is the generator for fidelity tests: small histories
// drawn from tiny name pools, each statement checked against a model that is
// copied per statement. It cannot reach a million statements, so this one
// keeps a model that costs O(1) per statement instead.
package bench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options size a history.
type Options struct {
	Seed int64
	// Files and Statements: Statements spread over Files files.
	Files, Statements int
	// Bytes, when set, overrides both: files of StmtsPerFile statements
	// (default 100) until the history holds this many bytes.
	Bytes        int64
	StmtsPerFile int
}

// Stats describe a generated history.
type Stats struct {
	Files, Statements int
	Bytes             int64
}

// Generate calls emit with each file's name and content, in replay order.
func Generate(opts Options, emit func(name, sql string) error) (Stats, error) {
	g := newGen(opts.Seed)
	var st Stats
	per := opts.StmtsPerFile
	if per <= 0 {
		per = 100
	}
	for i := 0; ; i++ {
		n := per
		if opts.Bytes <= 0 {
			if i >= opts.Files {
				break
			}
			// Spread the remainder over the first files.
			n = opts.Statements / opts.Files
			if i < opts.Statements%opts.Files {
				n++
			}
		} else if st.Bytes >= opts.Bytes {
			break
		}
		sql, written := g.file(n)
		name := fmt.Sprintf("%06d_%s.sql", i+1, g.label)
		if err := emit(name, sql); err != nil {
			return st, err
		}
		st.Files++
		st.Statements += written
		st.Bytes += int64(len(sql))
	}
	return st, nil
}

// WriteDir writes a history into dir, which it creates.
func WriteDir(dir string, opts Options) (Stats, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, err
	}
	return Generate(opts, func(name, sql string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte(sql), 0o644)
	})
}

type column struct {
	name, typ string
}

type table struct {
	name   string
	cols   []column
	userFK string // name of the key to users, "" if none
	refs   int    // keys of other tables to this one: then it is never dropped
}

type gen struct {
	r      *rand.Rand
	tables []*table // live tables; dropped ones are swapped out
	seq    int      // makes names unique
	label  string   // the first statement kind of the current file
	n      int      // statements written to the current file
	b      strings.Builder
	// Named indexes and views that may be dropped (IF EXISTS: their
	// table may have gone first).
	indexes, views []string
}

func newGen(seed int64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x6d69676c696e74))}
	return g
}

var words = []string{
	"account", "invoice", "order", "payment", "session", "token", "event", "audit", "message",
	"thread", "project", "task", "comment", "attachment", "team", "member", "invite", "plan",
	"subscription", "webhook", "delivery", "export", "report", "search", "notification",
	"preference", "device", "login", "oauth", "refresh", "rotation", "connector", "workspace",
	"label", "tag", "note", "file", "folder", "share", "permission", "role", "billing", "address",
}

var colTypes = []string{"text", "bigint", "integer", "boolean", "timestamptz", "jsonb", "numeric(12,2)", "varchar(255)", "uuid", "date"}

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// name is a fresh identifier of 1..n words; now and then one longer than
// PostgreSQL's 63 bytes, which it truncates.
func (g *gen) name(n int) string {
	k := 1 + g.r.IntN(n)
	if g.r.IntN(200) == 0 {
		k = 9
	}
	parts := make([]string, 0, k+1)
	for range k {
		parts = append(parts, g.pick(words))
	}
	g.seq++
	return strings.Join(parts, "_") + fmt.Sprintf("_%d", g.seq)
}

func (g *gen) table() *table { return g.tables[g.r.IntN(len(g.tables))] }

// file renders n statements (n+1 when the last kind takes two).
func (g *gen) file(n int) (string, int) {
	g.b.Reset()
	g.label, g.n = "", 0
	tx := n > 2 && g.r.IntN(10) == 0
	if tx {
		g.b.WriteString("BEGIN;\n\n")
		n -= 2
	}
	for g.n < n {
		kind := g.stmt()
		if g.label == "" {
			g.label = kind
		}
		g.b.WriteString(";\n\n")
		g.n++
	}
	if tx {
		g.b.WriteString("COMMIT;\n")
		g.n += 2
	}
	return g.b.String(), g.n
}

// sep ends a statement of a kind that writes two.
func (g *gen) sep() {
	g.b.WriteString(";\n")
	g.n++
}

// stmt writes one statement without its semicolon and returns its kind.
// The mix follows a long-lived project's history (lemmy's): mostly ALTER
// TABLE, indexes, data changes and comments; a new table every twenty
// statements, and tables, views and indexes dropped along the way.
func (g *gen) stmt() string {
	w := &g.b
	if len(g.tables) == 0 {
		w.WriteString("CREATE TABLE users (\n    id bigserial PRIMARY KEY,\n    email text NOT NULL UNIQUE,\n    created_at timestamptz NOT NULL DEFAULT now()\n)")
		g.tables = append(g.tables, &table{name: "users", cols: []column{{"id", "bigint"}, {"email", "text"}, {"created_at", "timestamptz"}}, refs: 1})
		return "users"
	}
	if len(g.tables) < 3 {
		g.createTable()
		return "create_table"
	}
	switch x := g.r.IntN(100); {
	case x < 5:
		g.createTable()
		return "create_table"
	case x < 13:
		g.createIndex()
		return "create_index"
	case x < 16:
		if len(g.indexes) == 0 {
			g.createIndex()
			return "create_index"
		}
		i := g.r.IntN(len(g.indexes))
		fmt.Fprintf(w, "DROP INDEX IF EXISTS %s", g.indexes[i])
		g.indexes[i] = g.indexes[len(g.indexes)-1]
		g.indexes = g.indexes[:len(g.indexes)-1]
		return "drop_index"
	case x < 28:
		t := g.table()
		c := column{g.name(2), g.pick(colTypes)}
		fmt.Fprintf(w, "ALTER TABLE %s ADD COLUMN %s %s", t.name, c.name, c.typ)
		if g.r.IntN(4) == 0 {
			fmt.Fprintf(w, " NOT NULL DEFAULT %s", defaultFor(c.typ))
		}
		t.cols = append(t.cols, c)
		return "add_column"
	case x < 33:
		t := g.table()
		c := t.cols[g.r.IntN(len(t.cols))]
		if g.r.IntN(2) == 0 {
			fmt.Fprintf(w, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s", t.name, c.name, defaultFor(c.typ))
		} else {
			fmt.Fprintf(w, "ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL", t.name, c.name)
		}
		return "alter_column"
	case x < 37:
		// A new key to another table, with its column.
		t, ref := g.table(), g.table()
		col := g.name(1) + "_id"
		fmt.Fprintf(w, "ALTER TABLE %s ADD COLUMN %s bigint REFERENCES %s(id) ON DELETE %s", t.name, col, ref.name, g.action())
		t.cols = append(t.cols, column{col, "bigint"})
		ref.refs++
		return "add_fk"
	case x < 40:
		// The convention-based backfill: drop the key by the name the
		// convention predicts, add it back with CASCADE.
		t := g.table()
		if t.userFK == "" {
			g.comment()
			return "comment"
		}
		fmt.Fprintf(w, "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s_user_id_fkey", t.name, t.name)
		g.sep()
		fmt.Fprintf(w, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE", t.name, t.userFK)
		return "fix_fk"
	case x < 42:
		t := g.table()
		if len(t.cols) < 4 {
			g.comment()
			return "comment"
		}
		i := 3 + g.r.IntN(len(t.cols)-3)
		old := t.cols[i].name
		t.cols[i].name = g.name(2)
		fmt.Fprintf(w, "ALTER TABLE %s RENAME COLUMN %s TO %s", t.name, old, t.cols[i].name)
		return "rename_column"
	case x < 44:
		t := g.table()
		// Columns after the third are plain data: nothing depends on them.
		i := 3 + g.r.IntN(max(len(t.cols)-3, 1))
		if len(t.cols) < 5 || t.name == "users" || strings.HasSuffix(t.cols[i].name, "_id") {
			g.comment()
			return "comment"
		}
		fmt.Fprintf(w, "ALTER TABLE %s DROP COLUMN %s", t.name, t.cols[i].name)
		t.cols = append(t.cols[:i:i], t.cols[i+1:]...)
		return "drop_column"
	case x < 46:
		i := g.r.IntN(len(g.tables))
		t := g.tables[i]
		if t.refs > 0 {
			g.comment()
			return "comment"
		}
		fmt.Fprintf(w, "DROP TABLE %s CASCADE", t.name)
		g.tables[i] = g.tables[len(g.tables)-1]
		g.tables = g.tables[:len(g.tables)-1]
		return "drop_table"
	case x < 50:
		g.createView()
		return "create_view"
	case x < 52:
		if len(g.views) == 0 {
			g.createView()
			return "create_view"
		}
		i := g.r.IntN(len(g.views))
		fmt.Fprintf(w, "DROP VIEW IF EXISTS %s", g.views[i])
		g.views[i] = g.views[len(g.views)-1]
		g.views = g.views[:len(g.views)-1]
		return "drop_view"
	case x < 55:
		g.trigger()
		return "create_trigger"
	case x < 73:
		g.insert()
		return "insert"
	case x < 83:
		t := g.table()
		c := t.cols[len(t.cols)-1]
		fmt.Fprintf(w, "UPDATE %s SET %s = %s WHERE id IN (SELECT id FROM %s WHERE created_at < now() - interval '%d days' LIMIT 1000)",
			t.name, c.name, defaultFor(c.typ), t.name, 1+g.r.IntN(400))
		return "update"
	case x < 86:
		t := g.table()
		fmt.Fprintf(w, "DELETE FROM %s WHERE id = %d", t.name, g.r.IntN(1_000_000))
		return "delete"
	case x < 89:
		t := g.table()
		fmt.Fprintf(w, "GRANT SELECT, INSERT, UPDATE ON %s TO app_rw", t.name)
		return "grant"
	case x < 99:
		g.comment()
		return "comment"
	default:
		if g.r.IntN(50) == 0 {
			// A mistake the grammar rejects, as real histories have.
			t := g.table()
			fmt.Fprintf(w, "ALTER TABLE %s ADD COLUMN", t.name)
			return "typo"
		}
		fmt.Fprintf(w, "ANALYZE %s", g.table().name)
		return "analyze"
	}
}

// createIndex indexes a column, mostly that of a foreign key, as the
// deletion wants; named indexes may be dropped later.
func (g *gen) createIndex() {
	w := &g.b
	t := g.table()
	c := t.cols[g.r.IntN(len(t.cols))]
	if g.r.IntN(5) > 0 {
		for _, k := range t.cols {
			if strings.HasSuffix(k.name, "_id") {
				c = k // the last, most likely without an index yet
			}
		}
	}
	if g.r.IntN(2) == 0 {
		fmt.Fprintf(w, "CREATE INDEX ON %s (%s)", t.name, c.name)
		return
	}
	name := fmt.Sprintf("idx_%s_%d", c.name, g.seq)
	g.seq++
	fmt.Fprintf(w, "CREATE INDEX IF NOT EXISTS %s ON %s (%s)", name, t.name, c.name)
	g.indexes = append(g.indexes, name)
}

func (g *gen) action() string {
	switch g.r.IntN(10) {
	case 0:
		return "SET NULL"
	case 1:
		return "NO ACTION"
	}
	return "CASCADE"
}

func defaultFor(typ string) string {
	switch typ {
	case "bigint", "integer", "numeric(12,2)":
		return "0"
	case "boolean":
		return "false"
	case "timestamptz":
		return "now()"
	case "jsonb":
		return "'{}'::jsonb"
	case "uuid":
		return "gen_random_uuid()"
	case "date":
		return "CURRENT_DATE"
	}
	return "''"
}

func (g *gen) createTable() {
	w := &g.b
	t := &table{name: g.name(3)}
	fmt.Fprintf(w, "CREATE TABLE %s (\n    id bigserial PRIMARY KEY", t.name)
	t.cols = append(t.cols, column{"id", "bigint"})
	if len(g.tables) > 0 && g.r.IntN(10) < 8 {
		act := " ON DELETE CASCADE"
		switch g.r.IntN(20) {
		case 0:
			act = ""
		case 1:
			act = " ON DELETE SET NULL"
		}
		fmt.Fprintf(w, ",\n    user_id bigint NOT NULL REFERENCES users(id)%s", act)
		t.cols = append(t.cols, column{"user_id", "bigint"})
		t.userFK = t.name + "_user_id_fkey"
		if len(t.userFK) > 63 {
			t.userFK = "" // truncated: the fixes above would miss it
		}
		g.tables[0].refs++
	} else {
		fmt.Fprintf(w, ",\n    owner_ref bigint")
		t.cols = append(t.cols, column{"owner_ref", "bigint"})
	}
	fmt.Fprintf(w, ",\n    created_at timestamptz NOT NULL DEFAULT now()")
	t.cols = append(t.cols, column{"created_at", "timestamptz"})
	n := 2 + g.r.IntN(10)
	if g.r.IntN(100) == 0 {
		n = 150 // a wide table
	}
	for range n {
		c := column{g.name(2), g.pick(colTypes)}
		fmt.Fprintf(w, ",\n    %s %s", c.name, c.typ)
		switch g.r.IntN(8) {
		case 0:
			w.WriteString(" NOT NULL")
		case 1:
			fmt.Fprintf(w, " DEFAULT %s", defaultFor(c.typ))
		case 2:
			if c.typ == "text" {
				w.WriteString(" UNIQUE")
			}
		}
		t.cols = append(t.cols, c)
	}
	if len(g.tables) > 1 && g.r.IntN(3) == 0 {
		ref := g.tables[1+g.r.IntN(len(g.tables)-1)]
		col := "parent_" + fmt.Sprint(g.seq) + "_id"
		g.seq++
		fmt.Fprintf(w, ",\n    %s bigint", col)
		fmt.Fprintf(w, ",\n    CONSTRAINT %s_%s_fk FOREIGN KEY (%s) REFERENCES %s(id) ON DELETE %s", t.name, col, col, ref.name, g.action())
		t.cols = append(t.cols, column{col, "bigint"})
		ref.refs++
	}
	if g.r.IntN(4) == 0 {
		fmt.Fprintf(w, ",\n    CHECK (created_at > '2000-01-01')")
	}
	w.WriteString("\n)")
	g.tables = append(g.tables, t)
	// Most migrations index the keys they add, in the same file.
	for _, c := range t.cols {
		if strings.HasSuffix(c.name, "_id") && g.r.IntN(10) < 7 {
			g.sep()
			fmt.Fprintf(w, "CREATE INDEX ON %s (%s)", t.name, c.name)
		}
	}
}

func (g *gen) createView() {
	w := &g.b
	a, b := g.table(), g.tables[0]
	view := fmt.Sprintf("%s_v%d", a.name, g.seq)
	g.seq++
	g.views = append(g.views, view)
	fmt.Fprintf(w, "CREATE OR REPLACE VIEW %s AS\nSELECT a.id, a.created_at", view)
	for _, c := range a.cols[3:min(len(a.cols), 10)] {
		fmt.Fprintf(w, ", a.%s", c.name)
	}
	fmt.Fprintf(w, ", u.email\n  FROM %s a\n  JOIN %s u ON u.id = a.id\n WHERE a.created_at > now() - interval '30 days'\n   AND u.email LIKE '%%@example.com'", a.name, b.name)
}

func (g *gen) trigger() {
	w := &g.b
	t := g.table()
	fn := "touch_" + t.name
	fmt.Fprintf(w, `CREATE OR REPLACE FUNCTION %s() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_at IS NULL THEN
        NEW.created_at := now();
    END IF;
    INSERT INTO audit_log (table_name, row_id, changed_at) VALUES (TG_TABLE_NAME, NEW.id, now());
    RETURN NEW;
END;
$$`, fn)
	g.sep()
	fmt.Fprintf(w, "CREATE TRIGGER %s_trg BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s()", t.name, t.name, fn)
}

func (g *gen) insert() {
	w := &g.b
	t := g.table()
	cols := t.cols[min(2, len(t.cols)-1):]
	if len(cols) > 6 {
		cols = cols[:6]
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	fmt.Fprintf(w, "INSERT INTO %s (%s) VALUES", t.name, strings.Join(names, ", "))
	rows := 1 + g.r.IntN(12)
	for i := range rows {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n    (")
		for j, c := range cols {
			if j > 0 {
				w.WriteString(", ")
			}
			w.WriteString(g.value(c.typ))
		}
		w.WriteByte(')')
	}
	w.WriteString("\nON CONFLICT DO NOTHING")
}

func (g *gen) value(typ string) string {
	switch typ {
	case "bigint", "integer":
		return fmt.Sprint(g.r.IntN(100000))
	case "numeric(12,2)":
		return fmt.Sprintf("%d.%02d", g.r.IntN(10000), g.r.IntN(100))
	case "boolean":
		return [...]string{"true", "false"}[g.r.IntN(2)]
	case "timestamptz", "date":
		return fmt.Sprintf("'2024-%02d-%02d'", 1+g.r.IntN(12), 1+g.r.IntN(28))
	case "jsonb":
		return fmt.Sprintf(`'{"k": %d, "tags": ["%s"]}'`, g.r.IntN(100), g.pick(words))
	case "uuid":
		return fmt.Sprintf("'%08x-0000-4000-8000-%012x'", g.r.Uint32(), g.r.Uint64()&0xffffffffffff)
	}
	return fmt.Sprintf("'%s %s'", g.pick(words), g.pick(words))
}

func (g *gen) comment() {
	t := g.table()
	fmt.Fprintf(&g.b, "COMMENT ON TABLE %s IS 'Rows of %s, kept for %d days.'", t.name, strings.ReplaceAll(t.name, "_", " "), 1+g.r.IntN(365))
}
