package parser

import pg_query "github.com/pganalyze/pg_query_go/v5"

// ClauseSpan is the span of the clause that starts at file offset start: up
// to its last token before a ',' or ')' at its own nesting level, before
// limit (the next sibling clause's start; 0 for none), or the statement's
// end. Constraint nodes carry only a start, and reports underline whole
// clauses.
func (s *Statement) ClauseSpan(start, limit int) Span {
	end, depth := start, 0
	toks, base := s.scanFrom(start, limit)
	for _, t := range toks {
		off := base + int(t.Start)
		if off < start || t.isComment() {
			continue
		}
		if limit > 0 && off >= limit {
			break
		}
		switch t.Token {
		case pg_query.Token_ASCII_40, pg_query.Token_ASCII_91:
			depth++
		case pg_query.Token_ASCII_41, pg_query.Token_ASCII_93:
			depth--
		case pg_query.Token_ASCII_44:
			if depth == 0 {
				return Span{s.File, start, end}
			}
		}
		if depth < 0 {
			break
		}
		end = base + int(t.End)
	}
	if end == start {
		end = s.End
	}
	return Span{s.File, start, end}
}

// scanFrom returns tokens of the statement that include those from file
// offset start, a token's start, up to limit (0: the statement's end), and
// the offset their positions count from. Reports ask for the clauses of
// many statements once each: scanning the clause alone costs a fraction of
// scanning its statement, often a whole CREATE TABLE.
func (s *Statement) scanFrom(start, limit int) ([]Token, int) {
	if last := lastScan.Load(); last != nil && last.stmt == s || s.Err != nil || start < s.Base || start > s.End || 0 < limit && limit <= start {
		return s.scan(), s.Base
	}
	stop := s.End
	if 0 < limit && limit < stop {
		stop = limit
	}
	toks, err := scanTokens(s.File.Slice(start, stop))
	if err != nil {
		return s.scan(), s.Base
	}
	return toks, start
}

// Subcommands splits an ALTER-style statement after the object name at
// relLoc (a tree Location) into its comma-separated actions, one span each.
// The tree's AlterTableCmd nodes have no location of their own; the i-th
// span belongs to the i-th command.
func (s *Statement) Subcommands(relLoc int32) []Span {
	toks := s.scan()
	at := s.At(relLoc)
	i := 0
	for i < len(toks) && s.Base+int(toks[i].Start) < at {
		i++
	}
	// Skip the possibly qualified name and an inheritance star.
	i = skipComments(toks, i+1)
	for i+1 < len(toks) && toks[i].Token == pg_query.Token_ASCII_46 {
		i = skipComments(toks, i+2)
	}
	if i < len(toks) && toks[i].Token == pg_query.Token_ASCII_42 {
		i = skipComments(toks, i+1)
	}
	var spans []Span
	for i < len(toks) {
		sp := s.ClauseSpan(s.Base+int(toks[i].Start), 0)
		spans = append(spans, sp)
		for i < len(toks) && s.Base+int(toks[i].Start) < sp.End {
			i++
		}
		if i = skipComments(toks, i); i < len(toks) && toks[i].Token == pg_query.Token_ASCII_44 {
			i = skipComments(toks, i+1)
		}
	}
	return spans
}

func skipComments(toks []Token, i int) int {
	for i < len(toks) && toks[i].isComment() {
		i++
	}
	return i
}

// NameSpan is the span of the possibly qualified name that starts at tree
// Location loc.
func (s *Statement) NameSpan(loc int32) Span {
	at := s.At(loc)
	toks := s.scan()
	for i, t := range toks {
		if s.Base+int(t.Start) != at {
			continue
		}
		end := s.Base + int(t.End)
		for j := skipComments(toks, i+1); j+1 < len(toks) && toks[j].Token == pg_query.Token_ASCII_46; j = skipComments(toks, j+2) {
			end = s.Base + int(toks[j+1].End)
		}
		return Span{s.File, at, end}
	}
	return s.File.errAt(min(at, max(s.End-1, s.Start)), "").Span
}
