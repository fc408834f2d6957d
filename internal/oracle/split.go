package oracle

import "strings"

// Stmt is one statement of a migration file, located the way psql counts.
type Stmt struct {
	Text       string // from the first token to the terminating semicolon, inclusive
	Start, End int    // byte offsets of Text in the file
	Line       int    // 1-based line of the first token
	EndLine    int    // line of the semicolon: the line psql names in an error
}

// Split cuts SQL into statements at top-level semicolons, as psql does:
// not inside quotes, dollar quotes, comments or parentheses. It lets the
// oracle map psql's error line to a statement and lets the shrinker drop
// statements.
func Split(sql string) []Stmt {
	var out []Stmt
	start, depth := -1, 0
	emit := func(end int) {
		out = append(out, Stmt{Text: sql[start:end], Start: start, End: end,
			Line: lineAt(sql, start), EndLine: lineAt(sql, end-1)})
		start = -1
	}
	scan(sql, func(i int, c byte) {
		if start < 0 {
			start = i
		}
		switch {
		case c == '(':
			depth++
		case c == ')':
			depth = max(0, depth-1)
		case c == ';' && depth == 0:
			emit(i + 1)
		}
	})
	if start >= 0 {
		emit(len(strings.TrimRight(sql, " \t\r\n")))
	}
	return out
}

// scan calls f for each byte of sql outside whitespace and comments; a
// quoted string, quoted identifier or dollar-quoted body is one call, for
// its opening character.
func scan(sql string, f func(i int, c byte)) {
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			if j := strings.IndexByte(sql[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(sql)
			}
			continue
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			i = skipBlockComment(sql, i)
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
			continue
		}
		f(i, c)
		switch {
		case c == '\'':
			escapes := i > 0 && (sql[i-1] == 'E' || sql[i-1] == 'e') && (i < 2 || !identChar(sql[i-2]))
			i = skipQuoted(sql, i, '\'', escapes)
		case c == '"':
			i = skipQuoted(sql, i, '"', false)
		case c == '$' && (i == 0 || !identChar(sql[i-1])) && dollarTag(sql[i:]) != "":
			tag := dollarTag(sql[i:])
			if j := strings.Index(sql[i+len(tag):], tag); j >= 0 {
				i += len(tag) + j + len(tag)
			} else {
				i = len(sql)
			}
		default:
			i++
		}
	}
}

func lineAt(s string, off int) int { return 1 + strings.Count(s[:off], "\n") }

func identChar(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func skipBlockComment(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch {
		case strings.HasPrefix(s[i:], "/*"):
			depth++
			i += 2
		case strings.HasPrefix(s[i:], "*/"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return i
}

// skipQuoted returns the offset after the closing quote; a doubled quote is
// an escaped one, and so is a backslashed one in E” strings.
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for i++; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\':
			i++
		case s[i] == q && i+1 < len(s) && s[i+1] == q:
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return i
}

// dollarTag returns the $tag$ that s starts with, or "".
func dollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		c := s[j]
		if c == '$' {
			return s[:j+1]
		}
		if !identChar(c) || c == '$' || (j == 1 && c >= '0' && c <= '9') {
			return ""
		}
	}
	return ""
}
