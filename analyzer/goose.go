package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/parser"
)

// goosePathRE matches goose's import path by its last elements, so forks
// and vendored copies count too.
var goosePathRE = regexp.MustCompile(`(^|/)goose(/v[0-9]+)?$`)

func isGoosePath(path string) bool { return goosePathRE.MatchString(path) }

// gooseScan finds goose Go migrations in a package.
type gooseScan struct {
	pass   *analysis.Pass
	funcs  map[types.Object]*ast.FuncDecl
	consts map[*types.Const]ast.Expr
	srcs   map[*token.File][]byte
	locs   map[*parser.File]locate
}

// gooseMigrations returns a migration for each goose registration in files:
// the constant SQL its up function executes (and its down function's, which
// is only syntax-checked).
func gooseMigrations(pass *analysis.Pass, files []*ast.File, locs map[*parser.File]locate) []migration {
	g := &gooseScan{pass: pass, funcs: map[types.Object]*ast.FuncDecl{}, consts: map[*types.Const]ast.Expr{},
		srcs: map[*token.File][]byte{}, locs: locs}
	for _, f := range pass.Files {
		g.index(f)
	}
	var migs []migration
	for _, f := range files {
		goPath := pass.Fset.Position(f.Package).Filename
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := typeutil.StaticCallee(pass.TypesInfo, call)
			if fn == nil || fn.Pkg() == nil || !isGoosePath(fn.Pkg().Path()) {
				return true
			}
			name, args := filepath.Base(goPath), call.Args
			switch {
			case strings.HasPrefix(fn.Name(), "AddNamedMigration") && len(args) == 3:
				// The name argument is the version goose uses.
				if tv := pass.TypesInfo.Types[args[0]]; tv.Value != nil && tv.Value.Kind() == constant.String {
					name = filepath.Base(constant.StringVal(tv.Value))
				}
				args = args[1:]
			case strings.HasPrefix(fn.Name(), "AddMigration") && len(args) == 2:
			default:
				return true
			}
			if name == "" || !isDigit(name[0]) {
				return true // goose rejects it: no version
			}
			up, down := g.execSQL(goPath, args[0]), g.execSQL(goPath, args[1])
			for _, d := range down {
				d.Down = true
			}
			migs = append(migs, migration{key: name, path: goPath, files: slices.Concat(up, down)})
			return true
		})
	}
	return migs
}

// index records the package's functions and constants, where registrations
// and Exec calls may refer to them.
func (g *gooseScan) index(f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if fn, ok := g.pass.TypesInfo.Defs[d.Name].(*types.Func); ok && d.Body != nil {
				g.funcs[fn] = d
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok || d.Tok != token.CONST || len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, id := range vs.Names {
					if c, ok := g.pass.TypesInfo.Defs[id].(*types.Const); ok {
						g.consts[c] = vs.Values[i]
					}
				}
			}
		}
	}
}

// execArg is the position of the SQL argument of the methods that run it.
var execArg = map[string]int{"Exec": 0, "ExecContext": 1}

// object is what an identifier, or a qualified one, refers to.
func (g *gooseScan) object(e ast.Expr) types.Object {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return g.pass.TypesInfo.Uses[x]
	case *ast.SelectorExpr:
		return g.pass.TypesInfo.Uses[x.Sel]
	}
	return nil
}

// execSQL returns a file for each constant SQL string the migration function
// fn passes to an Exec or ExecContext method, in source order.
func (g *gooseScan) execSQL(goPath string, fn ast.Expr) []*parser.File {
	var body *ast.BlockStmt
	if lit, ok := ast.Unparen(fn).(*ast.FuncLit); ok {
		body = lit.Body
	} else if decl := g.funcs[g.object(fn)]; decl != nil {
		body = decl.Body
	}
	if body == nil {
		return nil // nil, or a function of another package
	}
	var out []*parser.File
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || g.pass.TypesInfo.Selections[sel] == nil {
			return true // not a method (nor a field) call
		}
		i, ok := execArg[sel.Sel.Name]
		if !ok || i >= len(call.Args) {
			return true
		}
		if v := g.value(call.Args[i], 0); v != nil {
			pf := parser.NewFile(goPath, string(v.s))
			g.locs[pf] = v.span
			out = append(out, pf)
		}
		return true
	})
	return out
}

// value is e's constant string value with where each byte comes from, or nil
// when e is not a constant string. Literals and constants of the package map
// byte by byte; anything else (a constant of another package, a conversion)
// maps as a whole to e.
func (g *gooseScan) value(e ast.Expr, depth int) *strValue {
	tv := g.pass.TypesInfo.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	want := constant.StringVal(tv.Value)
	var v *strValue
	switch x := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		v = g.literal(x)
	case *ast.BinaryExpr:
		if a, b := g.value(x.X, depth), g.value(x.Y, depth); a != nil && b != nil {
			v = a.concat(b)
		}
	case *ast.Ident, *ast.SelectorExpr:
		if c, ok := g.object(x).(*types.Const); ok && g.consts[c] != nil && depth < 16 {
			v = g.value(g.consts[c], depth+1)
		}
	}
	if v == nil || string(v.s) != want {
		v = opaque(want, e.Pos(), e.End())
	}
	return v
}

// literal decodes a string literal from its source bytes, which the AST does
// not keep exactly: raw strings lose their carriage returns. If the source
// cannot be read, nil makes the caller map the literal as a whole.
func (g *gooseScan) literal(lit *ast.BasicLit) *strValue {
	tf := g.pass.Fset.File(lit.Pos())
	src, ok := g.srcs[tf]
	if !ok {
		read := g.pass.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		src, _ = read(tf.Name())
		g.srcs[tf] = src
	}
	start := tf.Offset(lit.Pos())
	end := start + len(lit.Value)
	if lit.Value[0] == '`' {
		end = start + 1
		for end < len(src) && src[end] != '`' {
			end++
		}
		end++
	}
	if end > len(src) {
		return nil // unreadable, or changed since it was parsed
	}
	return decodeLiteral(string(src[start:end]), lit.Pos())
}
