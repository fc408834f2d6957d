// Package config reads .miglint.yaml: strictly, so that a misspelt key or a
// wrong type is an error naming the file and line instead of a setting
// silently ignored.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/miglint/miglint/internal/lazy"
	"github.com/miglint/miglint/parser"
	"github.com/miglint/miglint/rules"
)

// FileName is the configuration file looked for.
const FileName = ".miglint.yaml"

// Config is the configuration file's content. Paths are relative to the
// file's directory.
type Config struct {
	// Dialect: postgres or cockroachdb.
	Dialect string `yaml:"dialect,omitempty"`
	// CockroachDBVersion selects CockroachDB's naming ("21.2").
	CockroachDBVersion string `yaml:"cockroachdb_version,omitempty"`
	// Convention of the migration directories: auto or a tool's name.
	Convention string `yaml:"convention,omitempty"`
	// Baseline files are replayed first, then Paths.
	Baseline []string `yaml:"baseline,omitempty"`
	Paths    []string `yaml:"paths,omitempty"`
	// Exclude are glob patterns of files to leave out.
	Exclude  []string `yaml:"exclude,omitempty"`
	Policies []Policy `yaml:"policies,omitempty"`
	// OwnerColumns are glob patterns of columns holding a row's owner.
	OwnerColumns []string `yaml:"owner_columns,omitempty"`
	// Rules overrides rule settings by rule id.
	Rules map[string]RuleConfig `yaml:"rules,omitempty"`

	// Dir is the directory of the file the configuration came from ("" for
	// none); File is its path.
	Dir  string `yaml:"-"`
	File string `yaml:"-"`
}

// Policy is one ON DELETE policy.
type Policy struct {
	References string `yaml:"references"`
	OnDelete   string `yaml:"on_delete"`
}

// RuleConfig are one rule's settings.
type RuleConfig struct {
	// Severity: error, warning, info or off.
	Severity string `yaml:"severity"`
}

// Find looks for .miglint.yaml in dir and its parents; "" if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and checks the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	cfg.File, cfg.Dir = path, filepath.Dir(path)
	return cfg, nil
}

// Parse decodes and checks a configuration; name is used in errors.
func Parse(name string, data []byte) (*Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, decodeError(name, err)
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	at := func(keys ...string) string { return fmt.Sprintf("%s:%d", name, line(&root, keys...)) }
	switch cfg.Dialect {
	case "", parser.Postgres, parser.Cockroach:
	default:
		return nil, fmt.Errorf("%s: dialect %q: want postgres or cockroachdb", at("dialect"), cfg.Dialect)
	}
	if cfg.Convention != "" && !slices.Contains(parser.Conventions, cfg.Convention) {
		return nil, fmt.Errorf("%s: convention %q: want one of %s", at("convention"), cfg.Convention, strings.Join(parser.Conventions, ", "))
	}
	for i, p := range cfg.Policies {
		if _, err := p.Rule(); err != nil {
			return nil, fmt.Errorf("%s: %w", at("policies", fmt.Sprint(i)), err)
		}
	}
	for id, rc := range cfg.Rules {
		if rules.ByID(id) == nil {
			return nil, fmt.Errorf("%s: unknown rule %q; 'miglint rules' lists them", at("rules", id), id)
		}
		if _, _, err := ParseSeverity(rc.Severity); err != nil {
			return nil, fmt.Errorf("%s: rule %s: %w", at("rules", id, "severity"), id, err)
		}
	}
	return &cfg, nil
}

// Rule converts the policy to the rules package's form.
func (p Policy) Rule() (rules.Policy, error) {
	if p.References == "" || p.OnDelete == "" {
		return rules.Policy{}, errors.New("a policy needs references (e.g. users(id)) and on_delete (e.g. cascade)")
	}
	return rules.ParsePolicy(p.References + "=" + p.OnDelete)
}

// ParseSeverity reads error, warning, info or off.
func ParseSeverity(s string) (sev rules.Severity, off bool, err error) {
	switch s {
	case "error":
		return rules.Error, false, nil
	case "warning":
		return rules.Warning, false, nil
	case "info":
		return rules.Info, false, nil
	case "off":
		return 0, true, nil
	}
	return 0, false, fmt.Errorf("severity %q: want error, warning, info or off", s)
}

var yamlLineRE = lazy.Regexp(`^(?:yaml: )?line (\d+): (.*)$`)

// decodeError rewrites the decoder's "line N: ..." messages as name:N: ...,
// one per line, like every other position miglint prints.
func decodeError(name string, err error) error {
	msgs := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for i, m := range msgs {
		if sm := yamlLineRE().FindStringSubmatch(m); sm != nil {
			msgs[i] = name + ":" + sm[1] + ": " + sm[2]
		} else {
			msgs[i] = name + ": " + strings.TrimPrefix(m, "yaml: ")
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// line finds the line of the value at a key path (mapping keys, or list
// indexes as numbers); the closest enclosing node's line if it is missing.
func line(n *yaml.Node, keys ...string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, k := range keys {
		next := (*yaml.Node)(nil)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			var idx int
			if _, err := fmt.Sscan(k, &idx); err == nil && idx < len(n.Content) {
				next = n.Content[idx]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return max(n.Line, 1)
}

// Resolve turns a path of the configuration into one relative to the
// current directory when possible, as reports show paths.
func (c *Config) Resolve(p string) string {
	if c.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	abs := filepath.Join(c.Dir, p)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil {
			return rel
		}
	}
	return abs
}

// YAML renders the configuration as a .miglint.yaml would say it.
func (c *Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// RulePolicies are the configuration's policies in the rules package's form.
func (c *Config) RulePolicies() ([]rules.Policy, error) {
	var out []rules.Policy
	for _, p := range c.Policies {
		rp, err := p.Rule()
		if err != nil {
			return nil, err
		}
		out = append(out, rp)
	}
	return out, nil
}

// RuleSet is rules.All with the configured severities: a rule set to off
// is left out, others are copies with their severity changed.
func (c *Config) RuleSet() ([]*rules.Rule, error) {
	var out []*rules.Rule
	for _, r := range rules.All {
		rc, ok := c.Rules[r.ID]
		if !ok {
			out = append(out, r)
			continue
		}
		sev, off, err := ParseSeverity(rc.Severity)
		if err != nil {
			return nil, err
		}
		if !off {
			adjusted := *r
			adjusted.Severity = sev
			out = append(out, &adjusted)
		}
	}
	return out, nil
}
