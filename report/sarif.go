package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// The subset of SARIF 2.1.0 that GitHub code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
		// Our columns count characters; SARIF's default is UTF-16 units.
		ColumnKind string `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string      `json:"id"`
		ShortDescription     sarifText   `json:"shortDescription"`
		FullDescription      sarifText   `json:"fullDescription"`
		Help                 sarifText   `json:"help"`
		HelpURI              string      `json:"helpUri"`
		DefaultConfiguration sarifConfig `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           *int              `json:"ruleIndex,omitempty"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	sarifLocation struct {
		ID               int           `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

var sarifLevel = map[rules.Severity]string{rules.Error: "error", rules.Warning: "warning", rules.Info: "note"}

// FingerprintKey names miglint's partial fingerprint in SARIF results.
const FingerprintKey = "miglint/v1"

// SARIF writes diagnostics as a SARIF 2.1.0 log for GitHub code scanning:
// the rules that ran (normally rules.All) with their documentation, and
// results whose URIs are relative to root (the repository's checkout) and
// whose fingerprints survive edits elsewhere in the file.
func SARIF(w io.Writer, diags []rules.Diagnostic, ran []*rules.Rule, root, version string) error {
	driver := sarifDriver{Name: "miglint", Version: version, InformationURI: RepoURL, Rules: []sarifRule{}}
	index := map[string]*int{}
	for i, r := range ran {
		index[r.ID] = &i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{Text: r.Summary},
			FullDescription:      sarifText{Text: r.Doc},
			Help:                 sarifText{Text: r.Doc, Markdown: RuleDoc(r)},
			HelpURI:              RuleDocURL(r.ID),
			DefaultConfiguration: sarifConfig{Level: sarifLevel[r.Severity]},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	seen := map[string]int{}
	for _, d := range diags {
		uri := sarifURI(RepoPath(d.Span.File.Path, root))
		res := sarifResult{
			RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel[d.Severity],
			Message:   sarifText{Text: d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation(uri, d.Span)}},
		}
		for i, r := range d.Related {
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: i + 1, PhysicalLocation: sarifPhysicalLocation(sarifURI(RepoPath(r.Span.File.Path, root)), r.Span),
				Message: &sarifText{Text: r.Message},
			})
		}
		// Line numbers move when lines are added above; the rule, the file
		// and the flagged text do not. The occurrence index tells identical
		// statements of one file apart.
		key := d.Rule + "\x00" + uri + "\x00" + strings.Join(strings.Fields(d.Span.Text()), " ")
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", key, seen[key])))
		seen[key]++
		res.PartialFingerprints = map[string]string{FingerprintKey: hex.EncodeToString(sum[:16])}
		run.Results = append(run.Results, res)
	}
	return writeJSON(w, sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifPhysicalLocation(uri string, span parser.Span) sarifPhysical {
	start, end := span.StartPos(), span.EndPos()
	return sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: uri},
		Region:           sarifRegion{StartLine: start.Line, StartColumn: start.Column, EndLine: end.Line, EndColumn: end.Column},
	}
}

// sarifURI percent-encodes a slash-separated path into a URI reference:
// all but unreserved characters and "/", so that a ":" cannot make the
// first segment a scheme and "%", "#" or "?" keep their literal meaning.
func sarifURI(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
