package fix_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/miglint/miglint/schema"
)

// genHistory generates a seeded history of tables owned, directly or
// through each other, by users(id): every table has an id bigint primary
// key, and its foreign keys are single columns referencing some table's id
// (users, an earlier table, itself, or, through a column added later, a
// later one, which makes cycles). The keys get every ON DELETE action but
// RESTRICT (which the fix keeps), NOT NULL or not, default or hand-written
// names, and are declared inline, at table level or by a later ALTER
// TABLE. A later migration renames tables and columns (the keys keep their
// names), and backfills keys by the naming convention, which leaves
// duplicates when the real name differs. internal/histgen has no notion of
// an owning table, so the histories are made here.
func genHistory(seed int64) []histFile {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6d69676c696e74))
	g := &gen{r: r, taken: map[string]bool{"users": true}}
	users := &gtable{name: "users"}
	g.tables = []*gtable{users}

	var create, later strings.Builder
	create.WriteString("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n")
	for range 2 + r.IntN(5) {
		g.createTable(&create, &later)
	}
	for range r.IntN(4) {
		g.change(&later)
	}
	return []histFile{
		{"001_users.sql", create.String()},
		{"002_later.sql", later.String()},
	}
}

type gen struct {
	r      *rand.Rand
	tables []*gtable
	taken  map[string]bool // table names, current and past
}

type gtable struct {
	name string
	cols []*gcol
	fks  []*gfk
}

type gcol struct {
	name    string
	notNull bool
}

type gfk struct {
	col    *gcol
	ref    *gtable
	name   string // "" until known: only explicit names are tracked
	action string
}

var (
	tableNames = []string{"accounts", "orders", "order_items", "email_threads", "email_messages", "folders",
		"documents", "Teams", "données_clients", "connector_oauth_refresh_token_rotation_audit_events",
		"a", "a_b", "t", "an_extremely_long_table_name_that_keeps_going_well_past_sixty_three_bytes"}
	handNames = []string{"fk_owner", "FK_Parent", "fk_x", "owner_ref", "a_b_c_fkey"}
	actions   = []string{"", " ON DELETE NO ACTION", " ON DELETE CASCADE", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON DELETE SET DEFAULT"}
)

// ident writes a name as SQL: quoted when it has to be, and sometimes when
// it need not.
func (g *gen) ident(name string) string {
	if schema.QuoteIdent(name) != name || g.r.IntN(5) == 0 {
		return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
	}
	return name
}

// pg is the name PostgreSQL keeps: identifiers are cut to 63 bytes.
func pg(name string) string {
	for len(name) > 63 {
		name = name[:len(name)-1]
	}
	return strings.ToValidUTF8(name, "")
}

func (g *gen) freshTable() string {
	for _, n := range g.r.Perm(len(tableNames)) {
		if name := pg(tableNames[n]); !g.taken[name] {
			g.taken[name] = true
			return name
		}
	}
	name := fmt.Sprintf("t%d", len(g.taken))
	g.taken[name] = true
	return name
}

func (t *gtable) freshCol(base string) string {
	name := pg(base)
	for i := 2; slices.ContainsFunc(t.cols, func(c *gcol) bool { return c.name == name }) || name == "id"; i++ {
		name = pg(fmt.Sprintf("%s%d", pg(base[:min(len(base), 60)]), i))
	}
	return name
}

func (t *gtable) freshFKName(g *gen) string {
	for range 5 {
		n := handNames[g.r.IntN(len(handNames))]
		if !slices.ContainsFunc(t.fks, func(f *gfk) bool { return f.name == pg(n) }) {
			return pg(n)
		}
	}
	return ""
}

// colBase names a column after the table it references.
func (g *gen) colBase(ref *gtable) string {
	switch {
	case ref.name == "users" && g.r.IntN(3) > 0:
		return []string{"user_id", "owner_id", "UserId", "created_by_user_with_a_column_name_long_enough_to_matter"}[g.r.IntN(4)]
	case g.r.IntN(4) == 0:
		return "parent_id"
	}
	return pg(strings.ToLower(ref.name) + "_id")
}

func (g *gen) createTable(create, later *strings.Builder) {
	t := &gtable{name: g.freshTable()}
	var elems, tail []string
	elems = append(elems, "id bigint PRIMARY KEY")
	for range 1 + g.r.IntN(3) {
		var ref *gtable
		switch x := g.r.IntN(10); {
		case x < 4:
			ref = g.tables[0]
		case x < 9:
			ref = g.tables[g.r.IntN(len(g.tables))]
		default:
			ref = t
		}
		col := &gcol{name: t.freshCol(g.colBase(ref)), notNull: g.r.IntN(5) < 2}
		t.cols = append(t.cols, col)
		fk := &gfk{col: col, ref: ref, action: actions[g.r.IntN(len(actions))]}
		named := ""
		if g.r.IntN(4) == 0 {
			if fk.name = t.freshFKName(g); fk.name != "" {
				named = "CONSTRAINT " + g.ident(fk.name) + " "
			}
		}
		t.fks = append(t.fks, fk)
		notNull := ""
		if col.notNull {
			notNull = " NOT NULL"
		}
		refSQL := fmt.Sprintf("REFERENCES %s (id)%s", g.ident(ref.name), fk.action)
		switch g.r.IntN(3) {
		case 0:
			elems = append(elems, fmt.Sprintf("%s bigint%s %s%s", g.ident(col.name), notNull, named, refSQL))
		case 1:
			elems = append(elems, fmt.Sprintf("%s bigint%s", g.ident(col.name), notNull))
			tail = append(tail, fmt.Sprintf("%sFOREIGN KEY (%s) %s", named, g.ident(col.name), refSQL))
		default: // declared by the later migration
			elems = append(elems, fmt.Sprintf("%s bigint%s", g.ident(col.name), notNull))
			fmt.Fprintf(later, "ALTER TABLE %s ADD %sFOREIGN KEY (%s) %s;\n", g.ident(t.name), named, g.ident(col.name), refSQL)
		}
	}
	fmt.Fprintf(create, "CREATE TABLE %s (\n    %s\n);\n", g.ident(t.name), strings.Join(append(elems, tail...), ",\n    "))
	g.tables = append(g.tables, t)
}

// change writes one later change to a random table.
func (g *gen) change(later *strings.Builder) {
	t := g.tables[1+g.r.IntN(len(g.tables)-1)]
	switch g.r.IntN(4) {
	case 0: // rename the table: its keys keep their names
		old := t.name
		t.name = g.freshTable()
		fmt.Fprintf(later, "ALTER TABLE %s RENAME TO %s;\n", g.ident(old), g.ident(t.name))
	case 1: // rename a column
		c := t.cols[g.r.IntN(len(t.cols))]
		old := c.name
		c.name = t.freshCol(c.name + "_renamed")
		fmt.Fprintf(later, "ALTER TABLE %s RENAME COLUMN %s TO %s;\n", g.ident(t.name), g.ident(old), g.ident(c.name))
	case 2: // a backfill by the naming convention, as in the README
		fk := t.fks[g.r.IntN(len(t.fks))]
		conv := g.ident(t.name + "_" + fk.col.name + "_fkey") // cut at 63 bytes by PostgreSQL, as written
		fmt.Fprintf(later, "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s;\n", g.ident(t.name), conv)
		fmt.Fprintf(later, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id) ON DELETE CASCADE;\n",
			g.ident(t.name), conv, g.ident(fk.col.name), g.ident(fk.ref.name))
	default: // a nullable column referencing a later table, making a cycle
		ref := g.tables[len(g.tables)-1]
		col := &gcol{name: t.freshCol(g.colBase(ref))}
		t.cols = append(t.cols, col)
		t.fks = append(t.fks, &gfk{col: col, ref: ref})
		fmt.Fprintf(later, "ALTER TABLE %s ADD COLUMN %s bigint REFERENCES %s (id)%s;\n",
			g.ident(t.name), g.ident(col.name), g.ident(ref.name), actions[g.r.IntN(len(actions))])
	}
}

// seedRows fills every table of cat with a row of id 1 whose keys all
// reference the rows of id 1: NOT NULL key columns on insert, in an order
// where their targets exist, the others by an UPDATE afterwards.
func seedRows(cat *schema.Catalog) string {
	var b strings.Builder
	done := map[*schema.Table]bool{}
	tables := cat.Tables()
	for len(done) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t] || !ready(t, done) {
				continue
			}
			cols, vals := []string{"id"}, []string{"1"}
			for _, fk := range t.ForeignKeys() {
				for _, c := range fk.Columns {
					if c.NotNull && !slices.Contains(cols, schema.QuoteIdent(c.Name)) {
						cols, vals = append(cols, schema.QuoteIdent(c.Name)), append(vals, "1")
					}
				}
			}
			fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES (%s);\n", t.QualifiedName(), strings.Join(cols, ", "), strings.Join(vals, ", "))
			done[t], progress = true, true
		}
		if !progress {
			panic("seedRows: NOT NULL keys form a cycle")
		}
	}
	for _, t := range tables {
		var sets []string
		for _, fk := range t.ForeignKeys() {
			for _, c := range fk.Columns {
				if set := schema.QuoteIdent(c.Name) + " = 1"; !c.NotNull && !slices.Contains(sets, set) {
					sets = append(sets, set)
				}
			}
		}
		if len(sets) > 0 {
			fmt.Fprintf(&b, "UPDATE %s SET %s;\n", t.QualifiedName(), strings.Join(sets, ", "))
		}
	}
	return b.String()
}

// ready reports whether the targets of t's NOT NULL keys have their rows.
func ready(t *schema.Table, done map[*schema.Table]bool) bool {
	for _, fk := range t.ForeignKeys() {
		if fk.RefTable != t && !done[fk.RefTable] && slices.ContainsFunc(fk.Columns, func(c *schema.Column) bool { return c.NotNull }) {
			return false
		}
	}
	return true
}
