package parser

import "strings"

// Dialects.
const (
	Postgres  = "postgres"
	Cockroach = "cockroachdb"
)

// crdbRewrite turns CockroachDB-only syntax, which PostgreSQL's grammar
// rejects or misreads, into text of the same length that it reads as
// intended: the extra syntax is blanked, or replaced by PostgreSQL's
// equivalent padded with spaces. So every location in the tree still points
// into the original text. What the rewrite removes but the schema needs (the
// indexes declared inside CREATE TABLE) comes back as extra CREATE INDEX
// statements. Only pg_query's scanner is used: no SQL is parsed here.
func crdbRewrite(text string) (string, []string) {
	toks, err := scanTokens(text)
	if err != nil || len(toks) == 0 {
		return text, nil
	}
	w := &rewriter{src: text, buf: []byte(text)}
	for _, t := range toks {
		if !t.isComment() {
			w.toks = append(w.toks, t)
		}
	}
	w.rewrite()
	return string(w.buf), w.extra
}

type rewriter struct {
	src   string
	buf   []byte
	toks  []Token
	extra []string
}

func (w *rewriter) word(i int) string {
	if i < 0 || i >= len(w.toks) {
		return ""
	}
	t := w.toks[i]
	return strings.ToUpper(w.src[t.Start:t.End])
}

func (w *rewriter) is(i int, words ...string) bool {
	for k, word := range words {
		if w.word(i+k) != word {
			return false
		}
	}
	return true
}

// blank replaces tokens i..j (inclusive) with spaces, keeping line breaks.
func (w *rewriter) blank(i, j int) {
	if i > j || j >= len(w.toks) {
		return
	}
	for k := w.toks[i].Start; k < w.toks[j].End; k++ {
		if w.buf[k] != '\n' && w.buf[k] != '\r' {
			w.buf[k] = ' '
		}
	}
}

// replace writes s over tokens i..j, padding with spaces; s must fit.
func (w *rewriter) replace(i, j int, s string) {
	start, end := int(w.toks[i].Start), int(w.toks[j].End)
	if len(s) > end-start {
		return
	}
	w.blank(i, j)
	copy(w.buf[start:], s)
}

// closing returns the index of the token that closes the parenthesis or
// bracket opened at i.
func (w *rewriter) closing(i int) int {
	depth := 0
	for k := i; k < len(w.toks); k++ {
		switch w.word(k) {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return len(w.toks) - 1
}

func (w *rewriter) rewrite() {
	switch {
	case w.is(0, "UPSERT"):
		w.replace(0, 0, "INSERT")
	case w.is(0, "SET", "CLUSTER", "SETTING"):
		w.blank(0, len(w.toks)-1)
		return
	}
	table := ""
	if w.is(0, "CREATE") {
		for k := 1; k < len(w.toks) && k < 8; k++ {
			if w.is(k, "TABLE") {
				table = w.tableName(k + 1)
				break
			}
		}
	}
	depth := 0
	for i := 0; i < len(w.toks); i++ {
		switch word := w.word(i); word {
		case "(":
			depth++
			if table != "" && depth == 1 {
				i = w.tableElements(i, table)
				depth--
			}
		case ")":
			depth--
		case "INVERTED":
			if w.is(i+1, "INDEX") {
				w.blank(i, i)
			}
		case "STORING", "COVERING":
			if w.is(i+1, "(") {
				w.blank(i, w.closing(i+1))
			}
		case "USING":
			i = w.usingHash(i)
		case "INTERLEAVE":
			if w.is(i+1, "IN", "PARENT") {
				j := i + 3
				if w.is(j+1, "(") {
					j = w.closing(j + 1)
				}
				w.blank(i, j)
			}
		case "PARTITION":
			if table != "" && depth == 0 && (w.is(i+1, "BY") || w.is(i+1, "ALL", "BY")) {
				w.blank(i, len(w.toks)-1)
			}
		case "AS":
			if w.is(i+1, "OF", "SYSTEM", "TIME") {
				j := i + 4
				if w.is(j+1, "(") {
					j = w.closing(j + 1)
				}
				w.blank(i, j)
			}
		case "[":
			if prev := w.word(i - 1); prev == "FROM" || prev == "JOIN" || prev == "," {
				w.replace(i, w.closing(i), "_")
			}
		case "@":
			// table@index: in DROP INDEX the index is what is named, keep it;
			// elsewhere it is a hint, drop it.
			if i > 0 && i+1 < len(w.toks) && w.toks[i-1].End == w.toks[i].Start && w.toks[i].End == w.toks[i+1].Start {
				if w.is(0, "DROP", "INDEX") {
					first := i - 1
					for first >= 2 && w.is(first-1, ".") {
						first -= 2
					}
					w.blank(first, i)
				} else {
					w.blank(i, i+1)
				}
			}
		case "ALTER":
			if w.is(i+1, "PRIMARY", "KEY", "USING", "COLUMNS") {
				w.replace(i, i+4, "ADD PRIMARY KEY")
			}
		}
	}
}

// usingHash blanks a hash-sharding clause at i (USING HASH [WITH (...)] or
// [WITH BUCKET_COUNT = n]) and returns its last token, or i.
func (w *rewriter) usingHash(i int) int {
	if !w.is(i, "USING", "HASH") {
		return i
	}
	j := i + 1
	if w.is(j+1, "WITH", "(") {
		j = w.closing(j + 2)
	} else if w.is(j+1, "WITH", "BUCKET_COUNT", "=") {
		j += 4
	}
	w.blank(i, j)
	return j
}

// tableName returns the (possibly qualified) name after CREATE TABLE
// [IF NOT EXISTS], as written.
func (w *rewriter) tableName(i int) string {
	if w.is(i, "IF", "NOT", "EXISTS") {
		i += 3
	}
	start := i
	for w.is(i+1, ".") {
		i += 2
	}
	if i >= len(w.toks) {
		return ""
	}
	return w.src[w.toks[start].Start:w.toks[i].End]
}

// tableElements handles the element list of CREATE TABLE that opens at
// token open, returning the index of its closing parenthesis.
func (w *rewriter) tableElements(open int, table string) int {
	end := w.closing(open)
	var seps []int // the comma after each element but the last
	var kept []bool
	for start := open + 1; start < end; {
		stop := start
		for depth := 0; stop < end; stop++ {
			if word := w.word(stop); word == "," && depth == 0 {
				break
			} else if word == "(" || word == "[" {
				depth++
			} else if word == ")" || word == "]" {
				depth--
			}
		}
		kept = append(kept, !w.element(start, stop-1, table))
		seps = append(seps, stop)
		start = stop + 1
	}
	// Keep only the commas between two kept elements.
	last := -1
	for k, ok := range kept {
		if ok {
			last = k
		}
	}
	for k, sep := range seps {
		if sep < end && (!kept[k] || k >= last) {
			w.blank(sep, sep)
		}
	}
	for k := 0; k < last; k++ {
		if kept[k] && seps[k] < end {
			// A removed element may stand between two kept ones: put a
			// comma back after each kept element but the last.
			w.buf[w.toks[seps[k]].Start] = ','
		}
	}
	return end
}

// element rewrites one table element, tokens i..j, and reports whether it
// removed it.
func (w *rewriter) element(i, j int, table string) bool {
	unique := w.is(i, "UNIQUE", "INDEX")
	// A clause, not a column named index or family: a column list follows
	// the keyword or a name after it.
	clause := func(kw int) bool { return w.is(kw+1, "(") || w.is(kw+2, "(") }
	switch {
	case w.is(i, "INDEX") && clause(i), unique && clause(i+1), w.is(i, "INVERTED", "INDEX") && clause(i+1), w.is(i, "FAMILY") && clause(i):
		if !w.is(i, "FAMILY") {
			w.extra = append(w.extra, w.inlineIndex(i, j, table, unique))
		}
		w.blank(i, j)
		return true
	case w.is(i, "PRIMARY", "KEY") || w.is(i, "UNIQUE", "("):
		w.keyList(i, j)
	case w.is(i, "CONSTRAINT"):
		if w.is(i+2, "PRIMARY", "KEY") || w.is(i+2, "UNIQUE", "(") {
			w.keyList(i+2, j)
		}
	}
	// A column definition.
	for k := i + 1; k <= j; k++ {
		switch {
		case w.is(k, "AS", "(") && !w.is(k-1, "ALWAYS") && !w.is(k-2, "ALWAYS"):
			end := w.closing(k + 1)
			if w.is(end+1, "STORED") || w.is(end+1, "VIRTUAL") {
				end++
			}
			w.blank(k, end)
			k = end
		case w.is(k, "ON", "UPDATE") && !isAction(w.word(k+2)):
			end := k + 1
			for depth := 0; end+1 <= j; end++ {
				next := w.word(end + 1)
				if depth == 0 && columnKeywords[next] {
					break
				}
				switch next {
				case "(":
					depth++
				case ")":
					depth--
				}
			}
			w.blank(k, end)
			k = end
		case w.is(k, "NOT", "VISIBLE"):
			w.blank(k, k+1)
		case w.is(k, "USING", "HASH"):
			k = w.usingHash(k)
		}
	}
	return false
}

var columnKeywords = map[string]bool{"NOT": true, "NULL": true, "DEFAULT": true, "CHECK": true,
	"UNIQUE": true, "PRIMARY": true, "REFERENCES": true, "CONSTRAINT": true, "COLLATE": true, "ON": true}

func isAction(word string) bool {
	return word == "CASCADE" || word == "RESTRICT" || word == "NO" || word == "SET"
}

// keyList blanks ASC/DESC inside a PRIMARY KEY or UNIQUE column list and a
// trailing USING HASH, which PostgreSQL's constraint syntax does not take.
func (w *rewriter) keyList(i, j int) {
	for k := i; k <= j; k++ {
		if w.is(k, "(") {
			end := w.closing(k)
			for m := k + 1; m < end; m++ {
				if w.is(m, "ASC") || w.is(m, "DESC") {
					w.blank(m, m)
				}
			}
			return
		}
	}
}

// inlineIndex renders an index declared inside CREATE TABLE as the CREATE
// INDEX statement it stands for.
func (w *rewriter) inlineIndex(i, j int, table string, unique bool) string {
	k := i
	for k <= j && !w.is(k, "(") {
		k++
	}
	if k > j {
		return ""
	}
	name := ""
	if k > i && !w.is(k-1, "INDEX") {
		name = w.src[w.toks[k-1].Start:w.toks[k-1].End]
	}
	cols := w.src[w.toks[k].Start:w.toks[w.closing(k)].End]
	stmt := "CREATE INDEX "
	if unique {
		stmt = "CREATE UNIQUE INDEX "
	}
	return stmt + name + " ON " + table + " " + cols
}
