package rules

import (
	"strings"

	"github.com/miglint/miglint/internal/lazy"
)

// ExampleFile is one file of a rule's example history.
type ExampleFile struct {
	Name, Src string
}

var exampleHeader = lazy.Regexp(`(?m)^-- (\S+\.sql) --\n`)

// ExampleFiles splits a Bad or Good example into its files. An example of
// several files (rules about a directory's layout) lists them txtar-style,
// each after a "-- name.sql --" line; any other example is one file,
// example.sql.
func ExampleFiles(example string) []ExampleFile {
	example = strings.TrimSpace(example) + "\n"
	heads := exampleHeader().FindAllStringSubmatchIndex(example, -1)
	if len(heads) == 0 || heads[0][0] != 0 {
		return []ExampleFile{{Name: "example.sql", Src: example}}
	}
	var files []ExampleFile
	for i, h := range heads {
		end := len(example)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		files = append(files, ExampleFile{Name: example[h[2]:h[3]], Src: example[h[1]:end]})
	}
	return files
}
