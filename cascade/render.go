package cascade

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/schema"
)

// Formats are the renderings of a deletion tree.
var Formats = []string{"tree", "json", "mermaid", "dot"}

// Render writes t in format, one of Formats.
func Render(w io.Writer, t *Tree, format string) error {
	switch format {
	case "tree":
		return renderText(w, t)
	case "json":
		return renderJSON(w, t)
	case "mermaid":
		return renderMermaid(w, t)
	case "dot":
		return renderDOT(w, t)
	}
	return fmt.Errorf("unknown format %q: want %s", format, strings.Join(Formats, ", "))
}

// where is a declaration's file:line.
func where(d parser.Span) string {
	return d.File.Path + ":" + strconv.Itoa(d.StartPos().Line)
}

func (e *Edge) where() string { return where(e.FK.Decl()) }

func (r Root) where() string {
	if r.Table.Stmt == nil {
		return ""
	}
	return where(r.Table.Decl())
}

// rootName is users(id).
func (r Root) rootName() string {
	return r.Table.QualifiedName() + "(" + strings.Join(quotedNames(r.Columns), ", ") + ")"
}

// outcome is "blocks (ON DELETE NO ACTION)" and the like.
func (e *Edge) outcome() string {
	s := fmt.Sprintf("%s (ON DELETE %s)", e.Effect, strings.ToUpper(string(e.Action)))
	if e.Effect == Fails {
		s += " on NOT NULL " + schema.QuoteIdent(e.Column.Name)
	}
	return s
}

// renderText draws the tree as tree(1) does, one key a line: the
// referencing columns and the key they reference, what the deletion does,
// the key's name and where it is declared. A table whose rows were already
// shown deleted is not expanded again.
func renderText(w io.Writer, t *Tree) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, Visible(strings.TrimSpace(t.Root.rootName()+"  "+t.Root.where())))
	var walk func(es []*Edge, indent string)
	walk = func(es []*Edge, indent string) {
		for i, e := range es {
			branch, next := "├── ", "│   "
			if i == len(es)-1 {
				branch, next = "└── ", "    "
			}
			line := fmt.Sprintf("%s → %s  %s  %s  %s", Columns(e.FK.Table, e.FK.Columns), Columns(e.FK.RefTable, e.FK.RefColumns),
				e.outcome(), schema.QuoteIdent(e.FK.Name), e.where())
			if e.Repeat {
				line += "  (expanded above)"
			}
			fmt.Fprintln(b, indent+branch+Visible(line))
			walk(e.Children, indent+next)
		}
	}
	walk(t.Edges, "")
	return b.Flush()
}

// Visible makes control characters in names printable, so that a name
// cannot break the tree's lines or send escape sequences to a terminal.
func Visible(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// JSON shape of schema --root --format json.
type (
	jsonTree struct {
		Root  jsonKey    `json:"root"`
		Edges []jsonEdge `json:"edges"`
	}
	jsonKey struct {
		Schema  string   `json:"schema"`
		Table   string   `json:"table"`
		Columns []string `json:"columns"`
		File    string   `json:"file,omitempty"`
		Line    int      `json:"line,omitempty"`
	}
	jsonEdge struct {
		Constraint string   `json:"constraint"`
		Schema     string   `json:"schema"`
		Table      string   `json:"table"`
		Columns    []string `json:"columns"`
		References jsonKey  `json:"references"`
		OnDelete   string   `json:"on_delete"`
		Effect     string   `json:"effect"`
		// NotNullColumn is, for the effect "fails", the column at fault.
		NotNullColumn string     `json:"not_null_column,omitempty"`
		File          string     `json:"file"`
		Line          int        `json:"line"`
		Column        int        `json:"column"`
		Repeat        bool       `json:"repeat"`
		Edges         []jsonEdge `json:"edges"`
	}
)

func renderJSON(w io.Writer, t *Tree) error {
	doc := jsonTree{Root: jsonKey{Schema: t.Root.Table.Schema.Name, Table: t.Root.Table.Name, Columns: names(t.Root.Columns)}}
	if t.Root.Table.Stmt != nil {
		d := t.Root.Table.Decl()
		doc.Root.File, doc.Root.Line = d.File.Path, d.StartPos().Line
	}
	var conv func(es []*Edge) []jsonEdge
	conv = func(es []*Edge) []jsonEdge {
		out := []jsonEdge{}
		for _, e := range es {
			fk, d := e.FK, e.FK.Decl()
			je := jsonEdge{Constraint: fk.Name, Schema: fk.Table.Schema.Name, Table: fk.Table.Name, Columns: names(fk.Columns),
				References: jsonKey{Schema: fk.RefTable.Schema.Name, Table: fk.RefTable.Name, Columns: names(fk.RefColumns)},
				OnDelete:   string(e.Action), Effect: string(e.Effect), File: d.File.Path, Line: d.StartPos().Line, Column: d.StartPos().Column,
				Repeat: e.Repeat, Edges: conv(e.Children)}
			if e.Column != nil {
				je.NotNullColumn = e.Column.Name
			}
			out = append(out, je)
		}
		return out
	}
	doc.Edges = conv(t.Edges)
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func names(cols []*schema.Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

func quotedNames(cols []*schema.Column) []string {
	out := names(cols)
	for i, n := range out {
		out[i] = schema.QuoteIdent(n)
	}
	return out
}

// graph numbers the tables of t, root first, in tree order, for the
// diagrams: one node a table, one arrow a key, from the referenced table to
// the referencing one (the way the deletion goes).
func graph(t *Tree) (ids map[*schema.Table]string, tables []*schema.Table) {
	ids = map[*schema.Table]string{}
	add := func(tb *schema.Table) {
		if _, ok := ids[tb]; !ok {
			ids[tb] = "t" + strconv.Itoa(len(tables))
			tables = append(tables, tb)
		}
	}
	add(t.Root.Table)
	t.Each(func(e *Edge) { add(e.FK.Table) })
	return ids, tables
}

// edgeLabel is the key's name, its columns and what it does, and where it
// is declared, as lines.
func (e *Edge) edgeLabel() []string {
	lines := []string{schema.QuoteIdent(e.FK.Name),
		strings.Join(quotedNames(e.FK.Columns), ", ") + " → " + strings.Join(quotedNames(e.FK.RefColumns), ", "),
		e.outcome(), e.where()}
	for i, l := range lines {
		lines[i] = Visible(l)
	}
	return lines
}

// deletedTables are the tables whose rows the deletion removes.
func deletedTables(t *Tree) map[*schema.Table]bool {
	del := map[*schema.Table]bool{t.Root.Table: true}
	t.Each(func(e *Edge) {
		if e.Effect == Deleted {
			del[e.FK.Table] = true
		}
	})
	return del
}

// renderMermaid writes a Mermaid flowchart. Labels are quoted, with every
// character that Mermaid or its HTML could read as markup written as an
// entity code (#quot;, #35;, ...).
func renderMermaid(w io.Writer, t *Tree) error {
	b := bufio.NewWriter(w)
	ids, tables := graph(t)
	del := deletedTables(t)
	fmt.Fprintln(b, "flowchart LR")
	for i, tb := range tables {
		label := tb.QualifiedName()
		if i == 0 {
			label = t.Root.rootName()
		}
		label = mermaidText(Visible(label))
		class := "kept"
		if del[tb] {
			class = "deleted"
		}
		fmt.Fprintf(b, "  %s[\"%s\"]:::%s\n", ids[tb], label, class)
	}
	var red []string
	n := 0
	t.Each(func(e *Edge) {
		arrow := "-->"
		switch e.Effect {
		case SetNull, SetDefault:
			arrow = "-.->"
		case Blocks, Fails:
			arrow = "--x"
			red = append(red, strconv.Itoa(n))
		}
		lines := e.edgeLabel()
		for i := range lines {
			lines[i] = mermaidText(lines[i])
		}
		fmt.Fprintf(b, "  %s %s|\"%s\"| %s\n", ids[e.FK.RefTable], arrow, strings.Join(lines, "<br/>"), ids[e.FK.Table])
		n++
	})
	fmt.Fprintln(b, "  classDef deleted fill:#fdd,stroke:#a33")
	fmt.Fprintln(b, "  classDef kept fill:#eee,stroke:#888")
	if len(red) > 0 {
		fmt.Fprintf(b, "  linkStyle %s stroke:#d00,stroke-width:2px\n", strings.Join(red, ","))
	}
	return b.Flush()
}

// mermaidText escapes s for a quoted Mermaid label: letters, digits and
// plain punctuation stay, anything else becomes an entity code, so quotes,
// #, <, >, backslashes, backticks and line breaks in names stay text.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" _.,:;()/-+=→", r) {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "#%d;", r)
		}
	}
	return b.String()
}

// renderDOT writes a Graphviz digraph.
func renderDOT(w io.Writer, t *Tree) error {
	b := bufio.NewWriter(w)
	ids, tables := graph(t)
	del := deletedTables(t)
	fmt.Fprintln(b, "digraph deletion {")
	fmt.Fprintln(b, "  rankdir=LR;")
	fmt.Fprintln(b, "  node [shape=box, style=filled, fillcolor=\"#eeeeee\"];")
	for i, tb := range tables {
		label := tb.QualifiedName()
		if i == 0 {
			label = t.Root.rootName()
		}
		attrs := ""
		if del[tb] {
			attrs = ", fillcolor=\"#ffdddd\""
		}
		fmt.Fprintf(b, "  %s [label=%s%s];\n", ids[tb], dotString(Visible(label)), attrs)
	}
	t.Each(func(e *Edge) {
		attrs := ""
		switch e.Effect {
		case SetNull, SetDefault:
			attrs = ", style=dashed"
		case Blocks, Fails:
			attrs = ", color=red, fontcolor=red, arrowhead=tee"
		}
		fmt.Fprintf(b, "  %s -> %s [label=%s%s];\n", ids[e.FK.RefTable], ids[e.FK.Table], dotString(strings.Join(e.edgeLabel(), "\n")), attrs)
	})
	fmt.Fprintln(b, "}")
	return b.Flush()
}

// dotString quotes s as a DOT string: backslashes and quotes escaped, and
// line breaks (which names no longer hold, see Visible) as \n.
func dotString(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
	return `"` + s + `"`
}
