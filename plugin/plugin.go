// Package plugin registers miglint's analyzer as a golangci-lint v2 module
// plugin named "miglint". Build a golangci-lint that includes it with
// `golangci-lint custom` (see the repository's .custom-gcl.yml), then enable
// it in .golangci.yml:
//
//	linters:
//	  enable: [miglint]
//	  settings:
//	    custom:
//	      miglint:
//	        type: module
//	        settings:
//	          policies: ["users(id)=cascade"]
//	          dialect: postgres
//	          cockroachdb-version: "21.2"
package plugin

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzer"
)

func init() { register.Plugin("miglint", New) }

// Settings are the plugin's settings in .golangci.yml; unknown keys are
// errors.
type Settings struct {
	// Policies as for miglint lint --policy; empty means users(id)=cascade.
	Policies []string `json:"policies"`
	// Dialect: postgres (default) or cockroachdb.
	Dialect string `json:"dialect"`
	// CockroachVersion: with cockroachdb, follow that version's naming.
	CockroachVersion string `json:"cockroachdb-version"`
}

// New makes the plugin from its settings.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, err
	}
	// golangci-lint drops findings outside Go files: those of embedded SQL
	// files go to the //go:embed directive.
	a, err := analyzer.New(analyzer.Config{Policies: s.Policies, Dialect: s.Dialect, CockroachVersion: s.CockroachVersion,
		SQLFindingsAtEmbed: true})
	if err != nil {
		return nil, err
	}
	return plugin{a}, nil
}

type plugin struct{ a *analysis.Analyzer }

func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return []*analysis.Analyzer{p.a}, nil }

// GetLoadMode asks for type information: goose registrations are recognised
// by the callee's package and SQL by its constant value.
func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
