package schema

import (
	"strconv"
	"strings"
)

// The replayer's naming goes through these methods, which choose between
// PostgreSQL's rules (names unique per schema, cut to 63 bytes, numbered
// label1, label2) and CockroachDB's (unique per table, never cut, numbered
// _1, _2; index names scoped to their table).

// fkName is the default name of a foreign key on t over cols to ref.
func (r *replayer) fkName(t *Table, cols []string, ref *Table) string {
	if !r.crdb {
		return t.Schema.chooseConstraintName(t.Name, nameAddition(cols), "fkey", nil)
	}
	base := t.Name + "_" + strings.Join(cols, "_") + "_fkey"
	if r.crdbBefore(22, 1) && len(cols) > 0 {
		base = "fk_" + cols[0] + "_ref_" + ref.Name
	}
	return r.crdbUnique(t, base)
}

// keyName is the default name of a primary key, unique or exclusion
// constraint (label pkey, key or excl) on t over cols.
func (r *replayer) keyName(t *Table, cols []string, label string) string {
	if !r.crdb {
		addition := ""
		if label != "pkey" {
			addition = nameAddition(indexColumnNames(cols))
		}
		return t.Schema.chooseRelationName(t.Name, addition, label, true)
	}
	if label == "pkey" {
		if r.crdbBefore(22, 1) {
			return "primary"
		}
		return t.Name + "_pkey"
	}
	return r.crdbUnique(t, t.Name+"_"+strings.Join(cols, "_")+"_"+label)
}

// checkName is the default name of a CHECK constraint on t whose expression
// uses the columns refs (single when there is exactly one); others are the
// names already chosen by the same command. CockroachDB 22.1 and later
// follow PostgreSQL's <table>_<col>_check, unique per table; older versions
// used check_<cols>.
func (r *replayer) checkName(t *Table, refs []string, single string, others []string) string {
	if !r.crdb {
		return t.Schema.chooseConstraintName(t.Name, single, "check", others)
	}
	base := t.Name + "_check"
	if single != "" {
		base = t.Name + "_" + single + "_check"
	}
	if r.crdbBefore(22, 1) {
		base = strings.TrimSuffix("check_"+strings.Join(refs, "_"), "_")
	}
	name := base
	for i := 1; t.Constraint(name) != nil || contains(others, name); i++ {
		name = base + strconv.Itoa(i)
	}
	return name
}

// indexName is the default name of a plain index on t over cols.
func (r *replayer) indexName(t *Table, cols []string) string {
	if !r.crdb {
		return t.Schema.chooseRelationName(t.Name, nameAddition(indexColumnNames(cols)), "idx", false)
	}
	return r.crdbUnique(t, t.Name+"_"+strings.Join(cols, "_")+"_idx")
}

// crdbUnique numbers base _1, _2, ... until no constraint or index of t
// has it.
func (r *replayer) crdbUnique(t *Table, base string) string {
	name := base
	for i := 1; r.relationTaken(t, name) || t.Constraint(name) != nil; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	return name
}

// relationTaken reports whether an index named name would clash: with any
// relation of t's schema on PostgreSQL, with t's own indexes on CockroachDB.
func (r *replayer) relationTaken(t *Table, name string) bool {
	if !r.crdb {
		return t.Schema.relations[name] > 0
	}
	for _, idx := range t.Indexes {
		if idx.Name == name {
			return true
		}
	}
	return false
}

func (r *replayer) addIndex(idx *Index) {
	idx.Table.Indexes = append(idx.Table.Indexes, idx)
	idx.Table.Schema.addIndexName(idx)
	if !r.crdb {
		idx.Table.Schema.relations[idx.Name]++
	}
}

func (r *replayer) removeIndex(idx *Index) {
	idx.Table.Indexes = remove(idx.Table.Indexes, idx)
	idx.Table.Schema.removeIndexName(idx)
	if !r.crdb {
		idx.Table.Schema.relations[idx.Name]--
	}
}

// crdbBefore reports whether the configured CockroachDB version is older
// than major.minor.
func (r *replayer) crdbBefore(major, minor int) bool {
	v := r.opts.CockroachVersion
	if v == "" {
		return false
	}
	maj, min, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	ma, err1 := strconv.Atoi(maj)
	mi, err2 := strconv.Atoi(strings.SplitN(min, ".", 2)[0])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma < major || ma == major && mi < minor
}
