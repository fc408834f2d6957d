package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/parser"
)

// embedded is an embedded SQL file: where it is embedded, and its path
// relative to the package.
type embedded struct {
	directive *ast.Comment
	rel       string
}

// embeddedSQL reads the versioned .sql files that files embed. Drivers do not
// list embedded files (go vet's config has no field for them, so
// pass.ReadFile refuses them): the patterns are resolved on disk, relative to
// the directory of the Go file, as the go command does.
func embeddedSQL(pass *analysis.Pass, files []*ast.File, locs map[*parser.File]locate, embeds map[*parser.File]embedded) ([]migration, error) {
	var migs []migration
	seen := map[string]bool{}
	for _, f := range files {
		dir := filepath.Dir(pass.Fset.Position(f.Package).Filename)
		for _, d := range embedDirectives(f) {
			for _, rel := range resolveEmbed(dir, d.pattern) {
				key := versioned(rel)
				name := filepath.Join(dir, filepath.FromSlash(rel))
				if key == "" || !strings.EqualFold(path.Ext(rel), ".sql") || seen[name] {
					continue
				}
				seen[name] = true
				src, err := os.ReadFile(name)
				if err != nil {
					return nil, err
				}
				pf := parser.NewFile(name, string(src))
				base := strings.ToLower(path.Base(rel))
				pf.Down = base == "down.sql" || strings.HasSuffix(base, ".down.sql")
				locs[pf] = sqlLocate(pass.Fset, pf)
				embeds[pf] = embedded{d.comment, rel}
				migs = append(migs, migration{key: key, path: name, files: []*parser.File{pf}})
			}
		}
	}
	return migs, nil
}

// sqlLocate adds the file to the file set when it first has a finding.
func sqlLocate(fset *token.FileSet, pf *parser.File) locate {
	var tf *token.File
	return func(start, end int) (token.Pos, token.Pos) {
		if tf == nil {
			tf = fset.AddFile(pf.Path, -1, pf.Len())
			tf.SetLinesForContent([]byte(pf.Src()))
		}
		return tf.Pos(start), tf.Pos(end)
	}
}

// versioned is the part of a slash path that orders it among migrations:
// the file name when it starts with a digit (001_init.sql), else its folder
// and name when the folder does (20240101_init/up.sql), else "": not a
// migration (queries.sql).
func versioned(rel string) string {
	dir, base := path.Split(rel)
	if base != "" && isDigit(base[0]) {
		return base
	}
	if folder := path.Base(dir); dir != "" && isDigit(folder[0]) {
		return folder + "/" + base
	}
	return ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

type directive struct {
	comment *ast.Comment
	pattern string
}

// embedDirectives returns the patterns of f's //go:embed directives.
// Malformed ones are left to the compiler to report.
func embedDirectives(f *ast.File) []directive {
	var out []directive
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			args, ok := strings.CutPrefix(c.Text, "//go:embed")
			if !ok || args == "" || !unicode.IsSpace(rune(args[0])) {
				continue
			}
			pats, _ := parseEmbedArgs(args)
			for _, p := range pats {
				out = append(out, directive{c, p})
			}
		}
	}
	return out
}

// parseEmbedArgs splits a directive's arguments as go/build does: space
// separated, each bare, "interpreted" or `raw`.
func parseEmbedArgs(args string) ([]string, error) {
	var out []string
	for args = strings.TrimLeftFunc(args, unicode.IsSpace); args != ""; args = strings.TrimLeftFunc(args, unicode.IsSpace) {
		var p string
		switch args[0] {
		case '`':
			i := strings.IndexByte(args[1:], '`')
			if i < 0 {
				return nil, fmt.Errorf("unterminated %s", args)
			}
			p, args = args[1:1+i], args[2+i:]
		case '"':
			q, err := strconv.QuotedPrefix(args)
			if err != nil {
				return nil, err
			}
			p, _ = strconv.Unquote(q)
			args = args[len(q):]
		default:
			i := strings.IndexFunc(args, unicode.IsSpace)
			if i < 0 {
				i = len(args)
			}
			p, args = args[:i], args[i:]
		}
		if args != "" && !unicode.IsSpace(rune(args[0])) {
			return nil, fmt.Errorf("no space after %q", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// resolveEmbed lists the regular files a pattern embeds, as slash paths
// relative to dir, following cmd/go's rules: a matched directory embeds its
// tree without names starting with . or _ (unless the pattern has the all:
// prefix) and without nested modules. Errors mean the package does not build,
// which the compiler reports; nothing is embedded then.
func resolveEmbed(dir, pattern string) []string {
	glob, all := strings.CutPrefix(pattern, "all:")
	if _, err := path.Match(glob, ""); err != nil || glob == "" || strings.HasPrefix(glob, "/") {
		return nil
	}
	matches, err := filepath.Glob(quoteGlob(dir) + string(filepath.Separator) + filepath.FromSlash(glob))
	if err != nil {
		return nil
	}
	var out []string
	rel := func(name string) string {
		r, _ := filepath.Rel(dir, name)
		return filepath.ToSlash(r)
	}
	for _, m := range matches {
		info, err := os.Lstat(m)
		switch {
		case err != nil:
		case info.Mode().IsRegular():
			out = append(out, rel(m))
		case info.IsDir():
			_ = filepath.WalkDir(m, func(name string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				hidden := name != m && (d.Name()[0] == '.' || d.Name()[0] == '_') && !all
				if d.IsDir() {
					if hidden {
						return fs.SkipDir
					}
					if _, err := os.Stat(filepath.Join(name, "go.mod")); err == nil && name != m {
						return fs.SkipDir
					}
					return nil
				}
				if !hidden && d.Type().IsRegular() {
					out = append(out, rel(name))
				}
				return nil
			})
		}
	}
	return out
}

// quoteGlob escapes the glob metacharacters of a literal path.
func quoteGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) && filepath.Separator != '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
