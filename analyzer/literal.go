package analyzer

import (
	"go/token"
	"strconv"
	"unicode/utf8"
)

// strValue is a constant string and, for each of its bytes, the source range
// that produced it: the byte itself, or the whole escape sequence. A
// concatenation's pieces may lie anywhere (a constant's declaration, another
// file), so each byte also knows where its piece ends.
type strValue struct {
	s                 []byte
	start, end, limit []token.Pos
	tail              token.Pos // where an empty range at the end of s is
}

// span maps the byte range [start, end) of s to source positions. A range
// that runs into another piece is cut at the end of the piece it starts in:
// a finding's ends must lie in one file, in order.
func (v *strValue) span(start, end int) (token.Pos, token.Pos) {
	if start >= len(v.s) {
		return v.tail, v.tail
	}
	pos := v.start[start]
	if end <= start {
		return pos, pos
	}
	e := v.end[min(end, len(v.s))-1]
	if e < pos || e > v.limit[start] {
		e = v.limit[start]
	}
	return pos, e
}

func (v *strValue) add(b []byte, start, end token.Pos) {
	v.s = append(v.s, b...)
	for range b {
		v.start = append(v.start, start)
		v.end = append(v.end, end)
		v.limit = append(v.limit, v.tail)
	}
}

func (v *strValue) concat(w *strValue) *strValue {
	return &strValue{
		s:     append(v.s[:len(v.s):len(v.s)], w.s...),
		start: append(v.start[:len(v.start):len(v.start)], w.start...),
		end:   append(v.end[:len(v.end):len(v.end)], w.end...),
		limit: append(v.limit[:len(v.limit):len(v.limit)], w.limit...),
		tail:  w.tail,
	}
}

// opaque is a string whose bytes all come from [pos, end).
func opaque(s string, pos, end token.Pos) *strValue {
	v := &strValue{tail: end}
	v.add([]byte(s), pos, end)
	return v
}

// decodeLiteral decodes the source text of a Go string literal found at pos,
// as the compiler does: a raw string drops its carriage returns, an
// interpreted one decodes its escapes. It returns nil for anything else.
func decodeLiteral(src string, pos token.Pos) *strValue {
	if len(src) < 2 || src[0] != src[len(src)-1] || src[0] != '`' && src[0] != '"' {
		return nil
	}
	v := &strValue{tail: pos + token.Pos(len(src)-1)}
	at := func(i int) token.Pos { return pos + token.Pos(i) }
	for i := 1; i < len(src)-1; {
		switch {
		case src[0] == '`' && src[i] == '\r':
			i++
		case src[0] == '`' || src[i] != '\\':
			v.add([]byte{src[i]}, at(i), at(i+1))
			i++
		default:
			r, multibyte, rest, err := strconv.UnquoteChar(src[i:len(src)-1], '"')
			if err != nil {
				return nil
			}
			n := len(src) - 1 - i - len(rest)
			if multibyte {
				v.add(utf8.AppendRune(nil, r), at(i), at(i+n))
			} else {
				v.add([]byte{byte(r)}, at(i), at(i+n)) // \x and octal escapes are bytes
			}
			i += n
		}
	}
	return v
}
