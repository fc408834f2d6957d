package histgen

// The statements the generator writes, as data: the model executes them and
// render turns them into SQL. All names are stored as PostgreSQL keeps them
// (folded and truncated); render chooses how to spell them.

type qname struct{ schema, name string } // schema "" means unqualified, found in public

type colDef struct {
	name, typ   string
	notNull     bool
	ifNotExists bool      // ALTER TABLE ADD COLUMN IF NOT EXISTS
	cons        []*conDef // inline constraints; their cols are left empty
}

type conDef struct {
	name     string   // "" for a default name
	kind     byte     // 'p' primary key, 'u' unique, 'c' check, 'f' foreign key
	cols     []string // for a check: the columns its expression mentions, repeats allowed
	ref      qname
	refCols  []string // nil: the referenced table's primary key
	onDelete string   // "" when not written
	onUpdate string
	notValid bool
}

type (
	createSchema struct {
		name        string
		ifNotExists bool
	}
	createTable struct {
		t           qname
		ifNotExists bool
		elems       []any // *colDef or *conDef, in the order written
	}
	alterTable struct {
		t    qname
		cmds []any // *colDef (ADD COLUMN), *conDef (ADD), dropCon, dropCol
	}
	dropCon struct {
		name              string
		ifExists, cascade bool
	}
	dropCol struct {
		name              string
		ifExists, cascade bool
	}
	renameTable struct {
		t  qname
		to string
	}
	renameColumn struct {
		t        qname
		from, to string
	}
	renameCon struct {
		t        qname
		from, to string
	}
	setSchema struct {
		t  qname
		to string
	}
	createIndex struct {
		name        string // "" for a default name
		t           qname
		cols        []string
		expr        bool // the index is on lower(cols[0])
		unique      bool
		ifNotExists bool
	}
	dropIndex struct {
		schema, name      string
		ifExists, cascade bool
	}
	dropTable struct {
		t                 qname
		ifExists, cascade bool
	}
)

var actions = []string{"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"}
