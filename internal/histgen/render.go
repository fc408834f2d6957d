package histgen

import (
	"fmt"
	"strings"
)

// renderer writes statements as SQL, varying what PostgreSQL treats alike:
// quoting, case of unquoted names, the full or truncated spelling of a long
// name, optional keywords, line breaks.
type renderer struct{ r *rng }

func (w renderer) ident(name string) string {
	if long, ok := longForm[name]; ok && w.r.chance(0.5) {
		name = long
	}
	if !plainIdent(name) || w.r.chance(0.15) {
		return quoteIdent(name)
	}
	if w.r.chance(0.2) {
		// Unquoted names fold to lower case: Users means users.
		b := []byte(name)
		for i, c := range b {
			if c >= 'a' && c <= 'z' && (i == 0 || w.r.chance(0.3)) {
				b[i] = c - 'a' + 'A'
			}
		}
		return string(b)
	}
	return name
}

func (w renderer) qname(q qname) string {
	if q.schema == "" {
		return w.ident(q.name)
	}
	return w.ident(q.schema) + "." + w.ident(q.name)
}

func (w renderer) list(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = w.ident(n)
	}
	return strings.Join(parts, ", ")
}

var typeSpellings = map[string][]string{
	"integer": {"integer", "int", "INT4"},
	"bigint":  {"bigint", "int8", "BIGINT"},
	"text":    {"text", "TEXT"},
}

func (w renderer) colDef(c *colDef) string {
	var b strings.Builder
	b.WriteString(w.ident(c.name) + " " + pick(w.r, typeSpellings[c.typ]))
	if c.notNull {
		b.WriteString(" NOT NULL")
	}
	for _, k := range c.cons {
		b.WriteString(" " + w.con(k, c.name))
	}
	return b.String()
}

// con writes a constraint; inlineCol is the column of a column constraint, "" for a table constraint.
func (w renderer) con(k *conDef, inlineCol string) string {
	var b strings.Builder
	if k.name != "" {
		b.WriteString("CONSTRAINT " + w.ident(k.name) + " ")
	}
	cols := "(" + w.list(k.cols) + ")"
	if inlineCol != "" {
		cols = ""
	}
	switch k.kind {
	case 'p':
		b.WriteString(strings.TrimSpace("PRIMARY KEY " + cols))
	case 'u':
		b.WriteString(strings.TrimSpace("UNIQUE " + cols))
	case 'c':
		b.WriteString("CHECK " + w.checkExpr(k.cols, inlineCol))
	case 'f':
		if inlineCol == "" {
			b.WriteString("FOREIGN KEY " + cols + " ")
		}
		b.WriteString("REFERENCES " + w.qname(k.ref))
		if k.refCols != nil {
			b.WriteString(" (" + w.list(k.refCols) + ")")
		}
		del, upd := "", ""
		if k.onDelete != "" {
			del = " ON DELETE " + k.onDelete
		}
		if k.onUpdate != "" {
			upd = " ON UPDATE " + k.onUpdate
		}
		if w.r.chance(0.5) {
			del, upd = upd, del
		}
		b.WriteString(del + upd)
	}
	if k.notValid {
		b.WriteString(" NOT VALID")
	}
	return b.String()
}

func (w renderer) checkExpr(cols []string, inlineCol string) string {
	if inlineCol != "" {
		cols = []string{inlineCol}
	}
	if len(cols) == 0 {
		return "(true)"
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = w.ident(c) + " IS NOT NULL"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

func (w renderer) stmt(s any) string {
	switch s := s.(type) {
	case *createSchema:
		return "CREATE SCHEMA " + ifNotExists(s.ifNotExists) + w.ident(s.name)
	case *createTable:
		var elems []string
		for _, e := range s.elems {
			if c, ok := e.(*colDef); ok {
				elems = append(elems, w.colDef(c))
			} else {
				elems = append(elems, w.con(e.(*conDef), ""))
			}
		}
		head := "CREATE TABLE " + ifNotExists(s.ifNotExists) + w.qname(s.t) + " ("
		if w.r.chance(0.3) {
			return head + strings.Join(elems, ", ") + ")"
		}
		return head + "\n    " + strings.Join(elems, ",\n    ") + "\n)"
	case *alterTable:
		var cmds []string
		for _, c := range s.cmds {
			cmds = append(cmds, w.alterCmd(c))
		}
		sep := ", "
		if len(cmds) > 1 && w.r.chance(0.6) {
			sep = ",\n    "
		}
		return "ALTER TABLE " + w.qname(s.t) + " " + strings.Join(cmds, sep)
	case *renameTable:
		return "ALTER TABLE " + w.qname(s.t) + " RENAME TO " + w.ident(s.to)
	case *renameColumn:
		return "ALTER TABLE " + w.qname(s.t) + " RENAME " + opt(w, "COLUMN ") + w.ident(s.from) + " TO " + w.ident(s.to)
	case *renameCon:
		return "ALTER TABLE " + w.qname(s.t) + " RENAME CONSTRAINT " + w.ident(s.from) + " TO " + w.ident(s.to)
	case *setSchema:
		return "ALTER TABLE " + w.qname(s.t) + " SET SCHEMA " + w.ident(s.to)
	case *dropTable:
		return "DROP TABLE " + ifExists(s.ifExists) + w.qname(s.t) + cascade(s.cascade)
	case *createIndex:
		var b strings.Builder
		b.WriteString("CREATE ")
		if s.unique {
			b.WriteString("UNIQUE ")
		}
		b.WriteString("INDEX " + ifNotExists(s.ifNotExists))
		if s.name != "" {
			b.WriteString(w.ident(s.name) + " ")
		}
		cols := w.list(s.cols)
		if s.expr {
			cols = "lower(" + cols + ")"
		}
		b.WriteString("ON " + w.qname(s.t) + " (" + cols + ")")
		return b.String()
	case *dropIndex:
		return "DROP INDEX " + ifExists(s.ifExists) + w.qname(qname{s.schema, s.name}) + cascade(s.cascade)
	}
	panic(fmt.Sprintf("histgen: unknown statement %T", s))
}

func (w renderer) alterCmd(c any) string {
	switch c := c.(type) {
	case *colDef:
		return "ADD " + opt(w, "COLUMN ") + ifNotExists(c.ifNotExists) + w.colDef(c)
	case *conDef:
		return "ADD " + w.con(c, "")
	case dropCon:
		return "DROP CONSTRAINT " + ifExists(c.ifExists) + w.ident(c.name) + cascade(c.cascade)
	case dropCol:
		return "DROP " + opt(w, "COLUMN ") + ifExists(c.ifExists) + w.ident(c.name) + cascade(c.cascade)
	}
	panic(fmt.Sprintf("histgen: unknown subcommand %T", c))
}

func opt(w renderer, s string) string {
	if w.r.chance(0.3) {
		return ""
	}
	return s
}

func ifNotExists(b bool) string {
	if b {
		return "IF NOT EXISTS "
	}
	return ""
}

func ifExists(b bool) string {
	if b {
		return "IF EXISTS "
	}
	return ""
}

func cascade(b bool) string {
	if b {
		return " CASCADE"
	}
	return ""
}
