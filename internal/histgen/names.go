package histgen

import (
	"strings"
	"unicode/utf8"
)

// maxIdent is NAMEDATALEN-1: PostgreSQL keeps at most 63 bytes of a name.
const maxIdent = 63

// clip returns the longest prefix of s of at most n bytes that does not split
// a UTF-8 character (pg_mbcliplen in a UTF8 database).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// makeObjectName is PostgreSQL's makeObjectName: name1[_name2][_label] in
// at most 63 bytes, shortening the longer of name1 and name2 one byte at a
// time (a tie shortens name2) and then clipping each to whole characters.
// name2 == "" stands for a NULL name2. The label is never cut.
func makeObjectName(name1, name2, label string) string {
	overhead := len(label) + 1
	n1, n2 := len(name1), len(name2)
	if name2 != "" {
		overhead++
	}
	avail := maxIdent - overhead
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	s := clip(name1, n1)
	if name2 != "" {
		s += "_" + clip(name2, n2)
	}
	return s + "_" + label
}

// nameAddition joins column names with "_" the way PostgreSQL builds the
// middle part of default index and foreign key names: it stops adding names
// once 64 bytes are reached, and makeObjectName cuts the rest.
func nameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() >= maxIdent+1 {
			break
		}
	}
	return b.String()
}

// reserved holds the pool names that are reserved words and so must always be quoted.
var reserved = map[string]bool{"user": true, "order": true, "check": true, "table": true}

// plainIdent reports whether name can be written without quotes: it folds
// back to itself (no ASCII upper case) and uses only identifier characters.
func plainIdent(name string) bool {
	if name == "" || reserved[name] {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_', c >= 0x80:
		case (c >= '0' && c <= '9' || c == '$') && i > 0:
		default:
			return false
		}
	}
	return true
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Name pools. They are small on purpose: reusing a few names makes default
// names collide across tables, with check and unique names and with
// relation names. Over-long names are stored here in full; the model keeps
// them truncated, the SQL spells them either way.
var (
	tablePool = []string{
		"a", "a_b", "b", "t", "t_a", "p", "users", "orders", "order_items", "accounts",
		"a_pkey", "t_a_key", "a_b_key", // relation names that default index names must step around
		"Users", "OrderItems", "user", "order",
		"connector_oauth_refresh_token_rotation_audit_events",
		"an_extremely_long_table_name_that_keeps_going_well_past_sixty_three_bytes",
		"données_clients",
		"tâches_planifiées_avec_un_nom_très_long_qui_dépasse_la_limite_des_octets",
		"日本語のテーブル名前はとても長くて六十三バイトを超えます",
	}
	columnPool = []string{
		"id", "a", "b", "c", "b_c", "x", "y", "user_id", "parent_id", "owner_id", "code",
		"Name", "OwnerId", "ñandú_id", "列",
		"a_very_long_column_name_that_is_descriptive_and_exceeds_the_limit_x",
		"colonne_très_longue_avec_des_caractères_accentués_qui_déborde_ici",
	}
	schemaPool     = []string{"s", "app", "Audit", "schéma"}
	constraintPool = []string{
		"fk_owner", "FK_Parent", "chk", "uq", "pk", "c1", "c2", "users_pkey", "a_b_c_fkey",
		"a_named_constraint_whose_name_is_much_longer_than_sixty_three_bytes_in_total",
	}
	// longForm maps a truncated pool name back to its full spelling.
	longForm = map[string]string{}
)

func init() {
	for _, pool := range [][]string{tablePool, columnPool, schemaPool, constraintPool} {
		for i, n := range pool {
			if t := clip(n, maxIdent); t != n {
				longForm[t] = n
				pool[i] = t
			}
		}
	}
}
