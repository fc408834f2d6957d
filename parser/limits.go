package parser

import (
	"errors"
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	pgerr "github.com/pganalyze/pg_query_go/v5/parser"
)

// MaxFileSize is the largest file miglint reads, in bytes. A larger one is
// read no further and not parsed: it gets one syntax-error finding. Memory
// grows with the trees the replay keeps, about 90 times the size of a file
// of DDL (16 MiB of CREATE TABLE take about 1.5 GB), and no real migration
// comes near this.
const MaxFileSize = 16 << 20

// MaxDepth is how deeply a statement may nest before miglint refuses to hand
// it to PostgreSQL's parser. libpg_query converts the tree it builds with one
// C call per level and no check of the stack, so a long enough chain
// (SELECT 1+1+...+1, a UNION or JOIN per line, 1::int::int...) overflows the
// C stack and kills the process: around 24,000 levels with an 8 MB stack,
// 3,000 with 1 MB; at this limit it needs about 350 KB. Its grammar gives up
// on most other deep nesting by itself ("memory exhausted", past about
// 10,000 parentheses). Real statements stay far below: the deepest of the
// 8,700 in the corpora of six projects reaches 24.
const MaxDepth = 1000

var errTooLarge = fmt.Sprintf("file is larger than %d MiB, the most miglint reads; not parsed", MaxFileSize>>20)

var errTooDeep = fmt.Sprintf("statement nested deeper than %d levels (brackets, CASE, operator chains); not parsed", MaxDepth)

// tooDeep reports whether text nests deeper than MaxDepth, and the offset of
// the token where it does.
func tooDeep(text string) (int, bool) {
	if len(text) <= MaxDepth || depthBound(text) <= MaxDepth {
		return 0, false
	}
	toks, err := scanTokens(text)
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		// The parser stops at the same token; what comes before it still
		// goes through the grammar's actions.
		toks, err = scanTokens(text[:charToByte(text, pe.Cursorpos)])
	}
	if err != nil {
		return 0, false
	}
	return nesting(toks)
}

// depthBound is a cheap upper bound of what nesting counts: each token it
// counts adds at most one level and starts with a bracket, an operator
// character or a letter after a non-letter (a keyword). It spares the scan
// for all but pathological statements.
func depthBound(text string) int {
	n, prevLetter := 0, false
	for i := 0; i < len(text) && n <= MaxDepth; i++ {
		c := text[i]
		letter := 'a' <= c|0x20 && c|0x20 <= 'z'
		if letter && !prevLetter || deepBytes[c] {
			n++
		}
		prevLetter = letter
	}
	return n
}

var deepBytes = func() (t [256]bool) {
	for _, c := range "([+-*/<>=~!@#%^&|`?:" {
		t[c] = true
	}
	return t
}()

// level is one open bracket (or CASE) of nesting's walk.
type level struct {
	// ops counts operators and keywords since the last separator. A
	// separator (a comma, OR, AND, WHEN, THEN, ELSE) starts a sibling in a
	// flat list (PostgreSQL flattens a AND b AND c), so what came before
	// it does not add to the depth of what follows.
	ops int
	// chain counts set operations and joins, which nest one level each
	// and whose operands do hold separators (SELECT a, b UNION SELECT ...).
	chain int
	// between counts BETWEENs whose AND is still to come: that AND is no
	// separator.
	between int
	isCase  bool
}

// nesting estimates the depth of the tree PostgreSQL's parser would build
// from tokens, from above: brackets and CASE open a level, and within a
// level every operator or keyword may nest the next operand one level
// deeper (a left-deep chain such as 1+1+1). It returns the offset of the
// token at which the estimate passes MaxDepth.
func nesting(tokens []Token) (int, bool) {
	stack := []level{{}}
	depth := 0 // the sum over stack of 1 (but the outermost) + ops + chain
	for _, t := range tokens {
		top := &stack[len(stack)-1]
		switch t.Token {
		case pg_query.Token_SQL_COMMENT, pg_query.Token_C_COMMENT:
			continue
		case pg_query.Token_ASCII_40, pg_query.Token_ASCII_91, pg_query.Token_CASE:
			stack = append(stack, level{isCase: t.Token == pg_query.Token_CASE})
			depth++
		case pg_query.Token_ASCII_41, pg_query.Token_ASCII_93, pg_query.Token_END_P:
			// END closes a CASE, not BEGIN ... END; a mismatch is left to
			// the parser to reject.
			if len(stack) > 1 && top.isCase == (t.Token == pg_query.Token_END_P) {
				depth -= 1 + top.ops + top.chain
				stack = stack[:len(stack)-1]
			}
			continue
		case pg_query.Token_ASCII_59: // ;
			depth -= top.ops + top.chain
			*top = level{isCase: top.isCase}
			continue
		case pg_query.Token_AND:
			if top.between > 0 {
				top.between--
				top.ops++
				depth++
				break
			}
			fallthrough
		case pg_query.Token_ASCII_44, pg_query.Token_OR, pg_query.Token_WHEN, pg_query.Token_THEN, pg_query.Token_ELSE:
			depth -= top.ops
			top.ops = 0
			continue
		case pg_query.Token_UNION, pg_query.Token_INTERSECT, pg_query.Token_EXCEPT, pg_query.Token_JOIN:
			top.chain++
			depth++
		default:
			if !isOperator(t) {
				continue
			}
			if t.Token == pg_query.Token_BETWEEN {
				top.between++
			}
			top.ops++
			depth++
		}
		if depth > MaxDepth {
			return int(t.Start), true
		}
	}
	return 0, false
}

// isOperator reports whether t is an operator or a keyword: the tokens that
// can join two operands into a node.
func isOperator(t Token) bool {
	if t.Keyword != pg_query.KeywordKind_NO_KEYWORD {
		return true
	}
	switch t.Token {
	case pg_query.Token_Op, pg_query.Token_TYPECAST, pg_query.Token_COLON_EQUALS, pg_query.Token_EQUALS_GREATER,
		pg_query.Token_LESS_EQUALS, pg_query.Token_GREATER_EQUALS, pg_query.Token_NOT_EQUALS,
		pg_query.Token_ASCII_37, pg_query.Token_ASCII_42, pg_query.Token_ASCII_43, pg_query.Token_ASCII_45,
		pg_query.Token_ASCII_47, pg_query.Token_ASCII_58, pg_query.Token_ASCII_60, pg_query.Token_ASCII_61,
		pg_query.Token_ASCII_62, pg_query.Token_ASCII_94:
		return true
	}
	return false
}
