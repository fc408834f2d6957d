package report

import (
	"io"
	"sort"

	"github.com/miglint/miglint/schema"
)

// SchemaTable is a table in the schema json format.
type SchemaTable struct {
	Schema      string             `json:"schema"`
	Name        string             `json:"name"`
	Columns     []SchemaColumn     `json:"columns"`
	Constraints []SchemaConstraint `json:"constraints"`
	Indexes     []SchemaIndex      `json:"indexes"`
}

// SchemaColumn is a column in the schema json format.
type SchemaColumn struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	NotNull bool   `json:"not_null"`
}

// SchemaConstraint is a constraint in the schema json format; references and
// actions are set on foreign keys only.
type SchemaConstraint struct {
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Columns    []string   `json:"columns"`
	References *SchemaRef `json:"references,omitempty"`
	OnDelete   string     `json:"on_delete,omitempty"`
	OnUpdate   string     `json:"on_update,omitempty"`
	File       string     `json:"file"`
	Line       int        `json:"line"`
}

// SchemaRef is what a foreign key references.
type SchemaRef struct {
	Schema  string   `json:"schema"`
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
}

// SchemaIndex is an index in the schema json format.
type SchemaIndex struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique"`
}

// SchemaDoc is the schema json format's document.
type SchemaDoc struct {
	Tables []SchemaTable `json:"tables"`
}

// Schema writes the catalog as JSON: tables by schema and name, columns in
// table order, constraints and indexes by name.
func Schema(w io.Writer, cat *schema.Catalog) error {
	doc := SchemaDoc{Tables: []SchemaTable{}}
	for _, t := range cat.Tables() {
		st := SchemaTable{Schema: t.Schema.Name, Name: t.Name, Columns: []SchemaColumn{}, Constraints: []SchemaConstraint{}, Indexes: []SchemaIndex{}}
		for _, c := range t.Columns {
			st.Columns = append(st.Columns, SchemaColumn{Name: c.Name, Type: c.Type, NotNull: c.NotNull})
		}
		for _, c := range t.Constraints {
			decl := c.Decl()
			sc := SchemaConstraint{Name: c.Name, Type: string(c.Type), Columns: nonNil(schema.ColumnNames(c.Columns)),
				File: decl.File.Path, Line: decl.StartPos().Line}
			if c.Type == schema.ForeignKey {
				sc.References = &SchemaRef{Schema: c.RefTable.Schema.Name, Table: c.RefTable.Name, Columns: nonNil(schema.ColumnNames(c.RefColumns))}
				sc.OnDelete, sc.OnUpdate = string(c.OnDelete), string(c.OnUpdate)
			}
			st.Constraints = append(st.Constraints, sc)
		}
		sort.SliceStable(st.Constraints, func(i, j int) bool { return st.Constraints[i].Name < st.Constraints[j].Name })
		for _, idx := range t.Indexes {
			st.Indexes = append(st.Indexes, SchemaIndex{Name: idx.Name, Columns: nonNil(idx.Columns), Unique: idx.Unique})
		}
		sort.SliceStable(st.Indexes, func(i, j int) bool { return st.Indexes[i].Name < st.Indexes[j].Name })
		doc.Tables = append(doc.Tables, st)
	}
	return writeJSON(w, doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
