package oracle

import (
	"regexp"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/histgen"
)

// Shrink returns a smaller history on which keep still holds (keep(files)
// must hold on entry): delta debugging that removes whole files first, then
// statements within files, then items of comma-separated lists within
// statements (columns and constraints of CREATE TABLE, subcommands of ALTER
// TABLE), and repeats until nothing more can go.
func Shrink(files []histgen.File, keep func([]histgen.File) bool) []histgen.File {
	for {
		before := size(files)
		files = ddmin(files, keep)
		for i := 0; i < len(files); i++ {
			stmts := Split(files[i].SQL)
			texts := make([]string, len(stmts))
			for j, s := range stmts {
				texts[j] = s.Text
			}
			with := func(ts []string) []histgen.File {
				out := append([]histgen.File(nil), files...)
				out[i].SQL = join(ts)
				return out
			}
			texts = ddmin(texts, func(ts []string) bool { return keep(with(ts)) })
			for j := range texts {
				texts[j] = shrinkItems(texts[j], func(t string) bool {
					ts := slices.Clone(texts)
					ts[j] = t
					return keep(with(ts))
				})
			}
			files = with(texts)
		}
		if size(files) == before {
			return files
		}
	}
}

// ddmin removes chunks of xs, halving the chunk size down to single
// elements, keeping every removal after which keep still holds.
func ddmin[T any](xs []T, keep func([]T) bool) []T {
	for chunk := max(len(xs)/2, 1); chunk >= 1; chunk /= 2 {
		for start := 0; start < len(xs); {
			end := min(start+chunk, len(xs))
			cand := append(append([]T(nil), xs[:start]...), xs[end:]...)
			if keep(cand) {
				xs = cand
			} else {
				start = end
			}
		}
	}
	return xs
}

func join(stmts []string) string {
	if len(stmts) == 0 {
		return ""
	}
	return strings.Join(stmts, "\n") + "\n"
}

func size(files []histgen.File) int {
	n := 0
	for _, f := range files {
		n += len(f.SQL) + 1
	}
	return n
}

// Format writes a history as text: each file's name, then its SQL.
func Format(files []histgen.File) string {
	var b strings.Builder
	for _, f := range files {
		b.WriteString("-- file: " + f.Name + "\n" + f.SQL)
	}
	return b.String()
}

var alterHead = regexp.MustCompile(`^(?i)\s*ALTER\s+TABLE\s+(IF\s+EXISTS\s+)?(ONLY\s+)?("(?:[^"]|"")*"|[^\s."]+)(\.("(?:[^"]|"")*"|[^\s."]+))?\s+`)

// shrinkItems removes list items from one statement, one at a time, while keep holds.
func shrinkItems(stmt string, keep func(string) bool) string {
	for removed := true; removed; {
		removed = false
		for _, cut := range listItems(stmt) {
			if cand := stmt[:cut[0]] + stmt[cut[1]:]; keep(cand) {
				stmt, removed = cand, true
				break
			}
		}
	}
	return stmt
}

// listItems returns, for each item of a comma-separated list at
// parenthesis depth 0 or 1, the span to cut to remove it with one of its
// commas. Lone items are left out: removing them leaves no list.
func listItems(stmt string) [][2]int {
	type group struct {
		start  int // where the first item begins
		commas []int
	}
	var cuts [][2]int
	stack := []*group{{}}
	if m := alterHead.FindStringIndex(stmt); m != nil {
		stack[0].start = m[1] // the first subcommand, not the ALTER TABLE before it
	}
	closeGroup := func(end int) {
		g := stack[len(stack)-1]
		depth := len(stack) - 1
		stack = stack[:depth]
		if depth > 1 || len(g.commas) == 0 {
			return
		}
		// The first item goes with the comma after it and the blanks after
		// that, every other item with the comma before it.
		after := g.commas[0] + 1
		for after < len(stmt) && strings.IndexByte(" \t\r\n", stmt[after]) >= 0 {
			after++
		}
		cuts = append(cuts, [2]int{g.start, after})
		for i, c := range g.commas {
			next := end
			if i+1 < len(g.commas) {
				next = g.commas[i+1]
			}
			cuts = append(cuts, [2]int{c, next})
		}
	}
	scan(stmt, func(i int, c byte) {
		switch {
		case c == '(':
			stack = append(stack, &group{start: i + 1})
		case c == ')' && len(stack) > 1:
			closeGroup(i)
		case c == ',':
			g := stack[len(stack)-1]
			g.commas = append(g.commas, i)
		}
	})
	for len(stack) > 0 {
		closeGroup(len(strings.TrimRight(stmt, " \t\r\n;")))
	}
	return cuts
}
