package report_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/miglint/miglint/report"
	"github.com/miglint/miglint/rules"
)

// TestRuleDocs fails when docs/rules is out of date with the rules' Go
// definitions; UPDATE_GOLDEN=1 go test ./report rewrites it.
func TestRuleDocs(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	want := map[string]string{"README.md": report.RulesIndex()}
	for _, r := range rules.All {
		want[r.ID+".md"] = report.RuleDoc(r)
	}
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range want {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (UPDATE_GOLDEN=1 go test ./report writes it)", err)
			continue
		}
		if string(got) != want[name] {
			t.Errorf("docs/rules/%s is out of date with the rule's definition: UPDATE_GOLDEN=1 go test ./report rewrites it", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("docs/rules/%s documents no rule: remove it", e.Name())
		}
	}
}
