package schema

import (
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// strs returns the String values of a list of nodes (names, column lists).
func strs(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// action converts pg_query's one-letter referential action.
func action(c string) Action {
	switch c {
	case "r":
		return Restrict
	case "c":
		return Cascade
	case "n":
		return SetNull
	case "d":
		return SetDefault
	}
	return NoAction
}

var serialTypes = map[string]string{
	"smallserial": "smallint", "serial2": "smallint",
	"serial": "integer", "serial4": "integer",
	"bigserial": "bigint", "serial8": "bigint",
}

var typeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real",
	"float8": "double precision", "bool": "boolean", "varchar": "character varying",
	"bpchar": "character", "timestamp": "timestamp without time zone",
	"timestamptz": "timestamp with time zone", "time": "time without time zone",
	"timetz": "time with time zone", "varbit": "bit varying",
}

// formatType renders a column type roughly as format_type does.
func formatType(tn *pg_query.TypeName) string {
	names := strs(tn.GetNames())
	if len(names) == 0 {
		return ""
	}
	name := names[len(names)-1]
	qualified := len(names) > 1 && names[0] != "pg_catalog"
	if n, ok := typeNames[name]; ok && !qualified {
		name = n
	} else if qualified {
		name = strings.Join(names, ".")
	}
	var mods []string
	for _, m := range tn.GetTypmods() {
		if c := m.GetAConst(); c != nil {
			if i := c.GetIval(); i != nil {
				mods = append(mods, strconv.Itoa(int(i.Ival)))
			} else if s := c.GetSval(); s != nil {
				mods = append(mods, s.Sval)
			}
		}
	}
	if len(mods) > 0 {
		if base, rest, ok := strings.Cut(name, " "); ok && strings.HasPrefix(base, "time") {
			name = base + "(" + strings.Join(mods, ",") + ") " + rest
		} else {
			name += "(" + strings.Join(mods, ",") + ")"
		}
	}
	return name + strings.Repeat("[]", len(tn.GetArrayBounds()))
}

// walk calls fn on m and every message below it, each message's fields in
// the order they are declared: protobuf-go's Range visits them in an order
// that changes from one build to another (it swaps two on purpose), and the
// columns of a CHECK would follow it.
func walk(m protoreflect.Message, fn func(protoreflect.Message)) {
	fn(m)
	var set []protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if fd.Message() != nil && !fd.IsMap() {
			set = append(set, fd)
		}
		return true
	})
	slices.SortFunc(set, func(a, b protoreflect.FieldDescriptor) int { return a.Index() - b.Index() })
	for _, fd := range set {
		if !fd.IsList() {
			walk(m.Get(fd).Message(), fn)
			continue
		}
		l := m.Get(fd).List()
		for i := range l.Len() {
			walk(l.Get(i).Message(), fn)
		}
	}
}

// exprColumns lists the distinct columns an expression refers to, in order.
// PostgreSQL names a CHECK constraint <table>_<col>_check when there is
// exactly one and <table>_check otherwise, and drops it with any of them.
func exprColumns(expr *pg_query.Node) []string {
	var cols []string
	if refsIn(expr, &cols) {
		return cols
	}
	// A kind refsIn does not know: walked through protobuf-go's
	// reflection, whose set-up costs milliseconds in each process.
	cols = nil
	walk(expr.ProtoReflect(), func(m protoreflect.Message) {
		if ref, ok := m.Interface().(*pg_query.ColumnRef); ok {
			addRef(&cols, ref)
		}
	})
	return cols
}

// addRef adds the column ref names to cols, unless there.
func addRef(cols *[]string, ref *pg_query.ColumnRef) {
	if names := strs(ref.Fields); len(names) > 0 && !contains(*cols, names[len(names)-1]) {
		*cols = append(*cols, names[len(names)-1])
	}
}

// refsIn adds the columns n refers to to cols, in the order walk meets
// them, when n is made of the kinds of node most CHECK expressions
// are; else it reports false, having added some.
func refsIn(n *pg_query.Node, cols *[]string) bool {
	all := func(ns []*pg_query.Node) bool {
		for _, n := range ns {
			if !refsIn(n, cols) {
				return false
			}
		}
		return true
	}
	switch x := n.GetNode().(type) {
	case nil, *pg_query.Node_AConst, *pg_query.Node_String_, *pg_query.Node_Integer, *pg_query.Node_Float,
		*pg_query.Node_Boolean, *pg_query.Node_BitString, *pg_query.Node_AStar, *pg_query.Node_ParamRef:
		return true
	case *pg_query.Node_ColumnRef:
		addRef(cols, x.ColumnRef) // its fields are names and *
		return true
	case *pg_query.Node_AExpr:
		return all(x.AExpr.Name) && refsIn(x.AExpr.Lexpr, cols) && refsIn(x.AExpr.Rexpr, cols)
	case *pg_query.Node_BoolExpr:
		return refsIn(x.BoolExpr.Xpr, cols) && all(x.BoolExpr.Args)
	case *pg_query.Node_NullTest:
		return refsIn(x.NullTest.Xpr, cols) && refsIn(x.NullTest.Arg, cols)
	case *pg_query.Node_TypeCast:
		tn := x.TypeCast.TypeName
		return refsIn(x.TypeCast.Arg, cols) && (tn == nil || all(tn.Names) && all(tn.Typmods) && all(tn.ArrayBounds))
	case *pg_query.Node_FuncCall:
		fc := x.FuncCall
		return fc.AggOrder == nil && fc.Over == nil && all(fc.Funcname) && all(fc.Args) && refsIn(fc.AggFilter, cols)
	case *pg_query.Node_SqlvalueFunction:
		return refsIn(x.SqlvalueFunction.Xpr, cols)
	case *pg_query.Node_List:
		return all(x.List.Items)
	case *pg_query.Node_CaseExpr:
		c := x.CaseExpr
		return refsIn(c.Xpr, cols) && refsIn(c.Arg, cols) && all(c.Args) && refsIn(c.Defresult, cols)
	case *pg_query.Node_CaseWhen:
		return refsIn(x.CaseWhen.Xpr, cols) && refsIn(x.CaseWhen.Expr, cols) && refsIn(x.CaseWhen.Result, cols)
	case *pg_query.Node_CoalesceExpr:
		return refsIn(x.CoalesceExpr.Xpr, cols) && all(x.CoalesceExpr.Args)
	case *pg_query.Node_MinMaxExpr:
		return refsIn(x.MinMaxExpr.Xpr, cols) && all(x.MinMaxExpr.Args)
	case *pg_query.Node_BooleanTest:
		return refsIn(x.BooleanTest.Xpr, cols) && refsIn(x.BooleanTest.Arg, cols)
	case *pg_query.Node_AArrayExpr:
		return all(x.AArrayExpr.Elements)
	case *pg_query.Node_RowExpr:
		return refsIn(x.RowExpr.Xpr, cols) && all(x.RowExpr.Args) && all(x.RowExpr.Colnames)
	case *pg_query.Node_AIndirection:
		return refsIn(x.AIndirection.Arg, cols) && all(x.AIndirection.Indirection)
	case *pg_query.Node_AIndices:
		return refsIn(x.AIndices.Lidx, cols) && refsIn(x.AIndices.Uidx, cols)
	case *pg_query.Node_NamedArgExpr:
		return refsIn(x.NamedArgExpr.Xpr, cols) && refsIn(x.NamedArgExpr.Arg, cols)
	case *pg_query.Node_CollateClause:
		return refsIn(x.CollateClause.Arg, cols) && all(x.CollateClause.Collname)
	}
	return false
}

// indexElemName is the name PostgreSQL gives an index column: the column's,
// or for an expression what FigureIndexColname finds, or "expr".
func indexElemName(e *pg_query.IndexElem) string {
	if e.Indexcolname != "" {
		return e.Indexcolname
	}
	if e.Name != "" {
		return e.Name
	}
	if n := figureColname(e.Expr); n != "" {
		return n
	}
	return "expr"
}

// figureColname is the common part of FigureColnameInternal.
func figureColname(n *pg_query.Node) string {
	switch x := n.GetNode().(type) {
	case *pg_query.Node_ColumnRef:
		if names := strs(x.ColumnRef.Fields); len(names) > 0 {
			return names[len(names)-1]
		}
	case *pg_query.Node_FuncCall:
		if names := strs(x.FuncCall.Funcname); len(names) > 0 {
			return names[len(names)-1]
		}
	case *pg_query.Node_TypeCast:
		if name := figureColname(x.TypeCast.Arg); name != "" {
			return name
		}
		if names := strs(x.TypeCast.TypeName.GetNames()); len(names) > 0 {
			return names[len(names)-1]
		}
	case *pg_query.Node_CollateClause:
		return figureColname(x.CollateClause.Arg)
	case *pg_query.Node_CaseExpr:
		return "case"
	case *pg_query.Node_AArrayExpr:
		return "array"
	case *pg_query.Node_RowExpr:
		return "row"
	case *pg_query.Node_CoalesceExpr:
		return "coalesce"
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest"
		}
		return "least"
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif"
		}
	}
	return ""
}
