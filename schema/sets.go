package schema

import "strings"

// The replay's lookups must not scan what grows with the history, or a
// history of a million statements takes quadratic time: the keys that
// reference users grow with every table, the indexes of a schema too.

// keySet is a list of distinct foreign keys in the order added, with O(1)
// removal: a removed key leaves a hole until holes are half the list.
type keySet struct {
	items []*Constraint // nil for a hole
	pos   map[*Constraint]int
}

func (s *keySet) add(c *Constraint) {
	if s.pos == nil {
		s.pos = map[*Constraint]int{}
	}
	if _, ok := s.pos[c]; ok {
		return
	}
	s.pos[c] = len(s.items)
	s.items = append(s.items, c)
}

func (s *keySet) remove(c *Constraint) {
	i, ok := s.pos[c]
	if !ok {
		return
	}
	delete(s.pos, c)
	s.items[i] = nil
	if len(s.pos) < len(s.items)/2 {
		s.items = s.all()
		for j, x := range s.items {
			s.pos[x] = j
		}
	}
}

// all returns the keys in order, in a slice of their own.
func (s *keySet) all() []*Constraint {
	out := make([]*Constraint, 0, len(s.pos))
	for _, c := range s.items {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// indexNamed is the index of the schema with that name: on CockroachDB,
// where index names are scoped to their table, the first one created.
func (s *Schema) indexNamed(name string) *Index {
	if l := s.indexes[name]; len(l) > 0 {
		return l[0]
	}
	return nil
}

func (s *Schema) addIndexName(idx *Index) {
	s.indexes[idx.Name] = append(s.indexes[idx.Name], idx)
}

func (s *Schema) removeIndexName(idx *Index) {
	l := remove(s.indexes[idx.Name], idx)
	if len(l) == 0 {
		delete(s.indexes, idx.Name)
		return
	}
	s.indexes[idx.Name] = l
}

func (r *replayer) addOpaque(bodies []string) {
	for _, b := range bodies {
		r.opaque = append(r.opaque, strings.ToLower(b))
	}
}

// mentions reports whether an opaque body contains s (lower case). Each
// string is searched for in each body once over the whole replay, however
// many statements ask about it.
func (r *replayer) mentions(s string) bool {
	if r.searched == nil {
		r.searched = map[string]search{}
	}
	m := r.searched[s]
	for !m.found && m.bodies < len(r.opaque) {
		m.found = strings.Contains(r.opaque[m.bodies], s)
		m.bodies++
	}
	r.searched[s] = m
	return m.found
}

// search is how far mentions has looked for a string.
type search struct {
	bodies int // opaque bodies searched
	found  bool
}
