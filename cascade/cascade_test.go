package cascade_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/miglint/miglint/cascade"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

func catalog(t *testing.T, src string) *schema.Catalog {
	t.Helper()
	f := parser.NewFile("h.sql", src)
	parser.Parse(f)
	for _, s := range f.Stmts {
		if s.Err != nil {
			t.Fatalf("line %d: %s", s.Err.Span.StartPos().Line, s.Err.Msg)
		}
	}
	return schema.Replay([]*parser.File{f}).Catalog
}

// users is the root users(id).
func users(t *testing.T, cat *schema.Catalog) cascade.Root {
	t.Helper()
	tb := cat.Lookup("", "users")
	if tb == nil {
		t.Fatal("no table users")
	}
	return cascade.Root{Table: tb, Columns: tb.PrimaryKey().Columns, Action: schema.Cascade}
}

// outline is the tree as "depth table.cols effect [repeat]" lines.
func outline(tree *cascade.Tree) string {
	var b strings.Builder
	tree.Each(func(e *cascade.Edge) {
		fmt.Fprintf(&b, "%s%s %s", strings.Repeat("  ", e.Depth-1), cascade.Columns(e.FK.Table, e.FK.Columns), e.Effect)
		if e.Repeat {
			b.WriteString(" repeat")
		}
		b.WriteString("\n")
	})
	return b.String()
}

// TestWalk checks what the deletion tree reaches: every key into a table
// whose rows are deleted, whichever key of it it references; each table
// expanded once, along a shortest path, so that cycles end; SET NULL and
// SET DEFAULT failing on NOT NULL columns; nothing behind a blocking key.
func TestWalk(t *testing.T) {
	cat := catalog(t, `
CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, invited_by bigint REFERENCES users ON DELETE SET NULL);
CREATE TABLE threads (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE);
CREATE TABLE messages (
    id bigint PRIMARY KEY,
    thread_id bigint NOT NULL REFERENCES threads,
    user_id bigint REFERENCES users ON DELETE CASCADE,
    reply_to bigint REFERENCES messages ON DELETE SET NULL
);
CREATE TABLE attachments (message_id bigint NOT NULL REFERENCES messages ON DELETE SET NULL);
CREATE TABLE mail_log (email text NOT NULL DEFAULT '' REFERENCES users (email) ON DELETE SET DEFAULT);
CREATE TABLE a (id bigint PRIMARY KEY, b_id bigint, user_id bigint REFERENCES users ON DELETE CASCADE);
CREATE TABLE b (id bigint PRIMARY KEY, a_id bigint NOT NULL REFERENCES a ON DELETE CASCADE);
ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b ON DELETE CASCADE;
CREATE TABLE behind (thread_id bigint REFERENCES threads ON DELETE CASCADE, log_email text REFERENCES mail_log (email));
`)
	tree := cascade.Walk(cat, users(t, cat), nil)
	want := `a.user_id deleted
  b.a_id deleted
    a.b_id deleted repeat
mail_log.email set default
messages.user_id deleted
  attachments.message_id fails
  messages.reply_to set null
threads.user_id deleted
  behind.thread_id deleted
  messages.thread_id blocks
users.invited_by set null
`
	if got := outline(tree); got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	var path string
	tree.Each(func(e *cascade.Edge) {
		if e.FK.Table.Name == "messages" && e.Effect == cascade.Blocks {
			path = e.Path()
		}
	})
	if path != "messages.thread_id → threads.id → users.id" {
		t.Errorf("path %q", path)
	}
}

// TestWalkAction checks that the walk follows the actions the caller
// gives: a blocking key taken to cascade opens the tables behind it.
func TestWalkAction(t *testing.T) {
	cat := catalog(t, `
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE threads (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE messages (id bigint PRIMARY KEY, thread_id bigint REFERENCES threads);
`)
	all := func(*cascade.Edge) schema.Action { return schema.Cascade }
	want := "threads.user_id deleted\n  messages.thread_id deleted\n"
	if got := outline(cascade.Walk(cat, users(t, cat), all)); got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
	if got := outline(cascade.Walk(cat, users(t, cat), nil)); got != "threads.user_id blocks\n" {
		t.Errorf("tree without actions:\n%s", got)
	}
}

// TestRenderEscapes checks that names with quotes, line breaks, markup and
// escape sequences stay text in every format.
func TestRenderEscapes(t *testing.T) {
	// A quote, a line break, HTML, Mermaid's # and a terminal escape.
	name := `"we""ird` + "\n" + `<b>#1</b> ` + "\x1b" + `[31m"`
	cat := catalog(t, "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE "+name+
		" (\"user`id\" bigint REFERENCES users ON DELETE CASCADE);")
	tree := cascade.Walk(cat, users(t, cat), nil)
	render := func(format string) string {
		var b bytes.Buffer
		if err := cascade.Render(&b, tree, format); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for format, want := range map[string]string{
		"tree":    `└── "we""ird\n<b>#1</b> \x1b[31m"."user` + "`" + `id" → users.id  deleted (ON DELETE CASCADE)`,
		"mermaid": `t1["#34;we#34;#34;ird#92;n#60;b#62;#35;1#60;/b#62; #92;x1b#91;31m#34;"]:::deleted`,
		"dot":     `t1 [label="\"we\"\"ird\\n<b>#1</b> \\x1b[31m\"", fillcolor="#ffdddd"];`,
		"json":    `"table": "we\"ird\n\u003cb\u003e#1\u003c/b\u003e \u001b[31m"`,
	} {
		got := render(format)
		if !strings.Contains(got, want) {
			t.Errorf("%s: want %s in\n%s", format, want, got)
		}
		if strings.ContainsAny(got, "\x1b") {
			t.Errorf("%s: an escape character got through:\n%q", format, got)
		}
	}
	if err := cascade.Render(&bytes.Buffer{}, tree, "svg"); err == nil {
		t.Error("format svg accepted")
	}
}
