package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/rules"
)

// TestExplainIsTheDocsPage: 'miglint explain' prints exactly the rule's
// page in docs/rules, so the terminal and the web never disagree.
func TestExplainIsTheDocsPage(t *testing.T) {
	for _, r := range rules.All {
		var stdout, stderr bytes.Buffer
		if code := cli.Main([]string{"explain", r.ID}, nil, &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("explain %s: exit %d: %s", r.ID, code, stderr.String())
		}
		page, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules", r.ID+".md"))
		if err != nil {
			t.Fatal(err)
		}
		if stdout.String() != string(page) {
			t.Errorf("miglint explain %s differs from docs/rules/%s.md (UPDATE_GOLDEN=1 go test ./report rewrites the docs)", r.ID, r.ID)
		}
	}
}
