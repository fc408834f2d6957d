package plugin_test

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	_ "github.com/miglint/miglint/plugin"
)

// TestPlugin builds the plugin as golangci-lint does: by name, from the
// settings of .golangci.yml as decoded YAML.
func TestPlugin(t *testing.T) {
	newPlugin, err := register.GetPlugin("miglint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"policies": []any{"users(id)=set null"}, "dialect": "postgres", "cockroachdb-version": "21.2"})
	if err != nil {
		t.Fatal(err)
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", mode, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "miglint" {
		t.Fatalf("BuildAnalyzers() = %v, %v; want the miglint analyzer", as, err)
	}
	analysistest.Run(t, analysistest.TestData(), only("fk-on-delete", as[0]), "app")

	if _, err := newPlugin(nil); err != nil {
		t.Errorf("no settings: %v", err)
	}
	for _, bad := range []map[string]any{
		{"policy": []any{"users(id)=cascade"}}, // unknown key
		{"policies": "users(id)=cascade"},      // not a list
		{"policies": []any{"users(id)=delete"}},
		{"dialect": "cockroach"},
		{"cockroachdb-version": 21.2}, // a number, not a version string
	} {
		if _, err := newPlugin(bad); err == nil {
			t.Errorf("settings %v accepted", bad)
		}
	}
}

// only passes on a's findings of one rule, the one the testdata is about.
func only(rule string, a *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{Name: a.Name, Doc: a.Doc, Run: func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			if d.Category == rule {
				pass.Report(d)
			}
		}
		return a.Run(&p)
	}}
}
