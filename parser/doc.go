// Package parser turns migration files into an ordered history of parsed
// statements with exact source positions.
//
// Each file is split with pg_query's scanner and every statement is parsed on
// its own, so one bad statement costs only itself: it keeps its text and span
// and carries a SyntaxError instead of a tree. Offsets are bytes into the
// file; Position converts them to the 1-based lines and character columns
// that every report format shows.
package parser
