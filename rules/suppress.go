package rules

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/parser"
)

// UnusedIgnore reports suppression comments that silence nothing.
var UnusedIgnore = &Rule{
	ID:       "unused-ignore",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "a miglint:ignore comment silences nothing",
	Doc: "A `-- miglint:ignore rule-id reason` comment names a rule that reports " +
		"nothing on its statement (or, for `miglint:ignore-file`, in its file), or a " +
		"rule that does not exist. Stale suppressions hide the next real finding: " +
		"remove the comment, or fix the rule id.",
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
-- miglint:ignore fk-on-delete sessions are kept for audits
CREATE TABLE sessions (user_id bigint REFERENCES users(id) ON DELETE CASCADE);`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE sessions (user_id bigint REFERENCES users(id) ON DELETE CASCADE);`,
	Run: func(*Pass) {}, // reported while suppressions are applied
}

// IgnoreWithoutReason reports suppression comments that give no reason.
var IgnoreWithoutReason = &Rule{
	ID:       "ignore-without-reason",
	Severity: Warning,
	Since:    "0.1.0",
	Summary:  "a miglint:ignore comment gives no reason",
	Doc: "A suppression is a decision; the next reader needs to know why it was " +
		"made. Write the reason after the rule ids: " +
		"`-- miglint:ignore fk-on-delete audit rows must outlive their user`.",
	Bad: `CREATE TABLE users (id bigint PRIMARY KEY);
-- miglint:ignore fk-on-delete
CREATE TABLE audit_events (user_id bigint REFERENCES users(id));`,
	Good: `CREATE TABLE users (id bigint PRIMARY KEY);
-- miglint:ignore fk-on-delete audit rows must outlive their user
CREATE TABLE audit_events (user_id bigint REFERENCES users(id));`,
	Run: func(*Pass) {},
}

// ignoreRE reads a suppression comment; the reason runs to the end of the
// comment or to a "--" that starts another remark.
var ignoreRE = lazy.Regexp(`^(?:--|/\*)\s*miglint:ignore(-file)?(?:\s+([^\s*]+))?\s*(.*?)\s*(?:--.*|\*/)?$`)

// suppression is one miglint:ignore comment.
type suppression struct {
	span     parser.Span
	file     bool     // ignore-file: the whole file
	stmt     int      // the statement it applies to, or -1
	rules    []string // rule ids
	reason   string
	used     []bool // per rule id
	trailing bool   // code stands before it on its line
}

// ReadsText reports whether the rules read more of f's text than
// parser.File.Compact keeps: its suppression comments. A file is compacted
// only when they do not.
func ReadsText(f *parser.File) bool { return f.HasIgnore() }

// suppressions finds the miglint:ignore comments of f and the statement
// each applies to: a comment alone on its line applies to the statement
// after it, a comment after code to the statement on that line.
func suppressions(f *parser.File) []*suppression {
	if f.Compacted() || !ReadsText(f) {
		return nil // a file compacted had none (see ReadsText)
	}
	var out []*suppression
	for _, c := range comments(f) {
		m := ignoreRE().FindStringSubmatch(c.Text())
		if m == nil {
			continue
		}
		s := &suppression{span: c, file: m[1] != "", reason: m[3], stmt: -1}
		for _, id := range strings.Split(m[2], ",") {
			if id = strings.TrimSpace(id); id != "" {
				s.rules = append(s.rules, id)
			}
		}
		s.used = make([]bool, len(s.rules))
		lineStart := strings.LastIndexByte(f.Src()[:c.Start], '\n') + 1
		s.trailing = strings.TrimSpace(f.Src()[lineStart:c.Start]) != ""
		if !s.file {
			s.stmt = statementFor(f, c.Start, lineStart, s.trailing)
		}
		out = append(out, s)
	}
	return out
}

func statementFor(f *parser.File, at, lineStart int, trailing bool) int {
	for i, st := range f.Stmts {
		code := st.Span().Start
		if !trailing && code > at {
			return i // the first statement after the comment
		}
		if trailing && code < at && st.End >= lineStart {
			// The statement that occupies the comment's line; a later one
			// starting before the comment on the same line wins.
			best := i
			for j := i + 1; j < len(f.Stmts) && f.Stmts[j].Span().Start < at; j++ {
				best = j
			}
			return best
		}
	}
	return -1
}

// comments are the file's comments, found with pg_query's scanner so that
// "--" inside a string is not one; if the scanner gives up, each "--" that
// starts a line's comment is taken instead.
func comments(f *parser.File) []parser.Span {
	var out []parser.Span
	if toks, err := parser.Scan(strings.ReplaceAll(f.Src(), "\x00", " ")); err == nil {
		for _, t := range toks {
			if t.Token == pg_query.Token_SQL_COMMENT || t.Token == pg_query.Token_C_COMMENT {
				out = append(out, parser.Span{File: f, Start: int(t.Start), End: int(t.End)})
			}
		}
		return out
	}
	off := 0
	for _, line := range strings.SplitAfter(f.Src(), "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			out = append(out, parser.Span{File: f, Start: off + i, End: off + len(strings.TrimRight(line, "\r\n"))})
		}
		off += len(line)
	}
	return out
}

// suppress drops the diagnostics that suppression comments silence and
// reports the comments that silence nothing or give no reason. ran holds
// the ids of the rules that ran: a comment for a rule switched off is not
// unused.
func suppress(files []*parser.File, diags []Diagnostic, ran map[string]bool, meta map[string]*Rule) []Diagnostic {
	byFile := Suppressions(files)
	if len(byFile) == 0 {
		return diags
	}
	var kept []Diagnostic
	for _, d := range diags {
		if !silenced(d, byFile[d.Span.File]) {
			kept = append(kept, d)
		}
	}
	report := func(id string, span parser.Span, msg string) {
		if r := meta[id]; r != nil {
			kept = append(kept, Diagnostic{Rule: r.ID, Severity: r.Severity, Span: span, Message: msg})
		}
	}
	for _, f := range files {
		for _, s := range byFile[f] {
			kind := "miglint:ignore"
			if s.file {
				kind = "miglint:ignore-file"
			}
			if len(s.rules) == 0 {
				report(UnusedIgnore.ID, s.span, kind+" names no rule: write "+kind+" rule-id[,rule-id] reason")
				continue
			}
			for i, id := range s.rules {
				switch {
				case ByID(id) == nil:
					// The id is whatever the comment holds: keep the message valid UTF-8.
					report(UnusedIgnore.ID, s.span, kind+" names an unknown rule "+strings.ToValidUTF8(id, "\uFFFD")+"; 'miglint rules' lists them")
				case !s.used[i] && ran[id] && s.stmt < 0 && !s.file:
					report(UnusedIgnore.ID, s.span, kind+" "+id+" is not followed by a statement to apply to")
				case !s.used[i] && ran[id]:
					where := "this statement"
					if s.file {
						where = "this file"
					}
					report(UnusedIgnore.ID, s.span, kind+" "+id+" silences nothing: "+id+" reports nothing in "+where)
				}
			}
			if s.reason == "" {
				report(IgnoreWithoutReason.ID, s.span, kind+" gives no reason: say why after the rule ids")
			}
		}
	}
	return kept
}

func silenced(d Diagnostic, sups []*suppression) bool {
	hit := false
	for _, s := range sups {
		if !s.covers(d.Span) {
			continue
		}
		for i, id := range s.rules {
			if id == d.Rule {
				s.used[i], hit = true, true
			}
		}
	}
	return hit
}

// covers reports whether the suppression applies at span: anywhere in its
// file for ignore-file, else in its statement.
func (s *suppression) covers(span parser.Span) bool {
	if s.file {
		return true
	}
	if s.stmt < 0 {
		return false
	}
	st := s.span.File.Stmts[s.stmt]
	return span.Start >= st.Span().Start && span.Start <= st.End
}

// Silencer tells where miglint:ignore comments silence rules, for commands
// that act on findings rather than print them (miglint fix).
type Silencer map[*parser.File][]*suppression

// Suppressions reads the miglint:ignore comments of files.
func Suppressions(files []*parser.File) Silencer {
	s := Silencer{}
	for _, f := range files {
		if sups := suppressions(f); len(sups) > 0 {
			s[f] = sups
		}
	}
	return s
}

// Silences reports whether a comment silences rule at span, and its reason.
func (s Silencer) Silences(rule string, span parser.Span) (reason string, ok bool) {
	for _, sup := range s[span.File] {
		if sup.covers(span) && slices.Contains(sup.rules, rule) {
			return sup.reason, true
		}
	}
	return "", false
}
