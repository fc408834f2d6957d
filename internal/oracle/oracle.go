package oracle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/histgen"
	"github.com/miglint/miglint/internal/pgtest"
	"github.com/miglint/miglint/report"
)

// Worker replays histories on one database of a cluster, one at a time.
// Several workers on one cluster run in parallel.
type Worker struct {
	Cluster *pgtest.Cluster
	DB      string
	Miglint string   // path to the miglint binary; "" to use PostgreSQL alone
	Dir     string   // scratch directory, emptied for every history
	Fresh   bool     // recreate the database for every history instead of dropping its schemas
	Ignore  []string // kinds of catalog difference not to count, e.g. "index" (see Diff)

	written []histgen.File // what the scratch directory holds
}

// NewWorker creates database db and a scratch directory under dir.
func NewWorker(ctx context.Context, c *pgtest.Cluster, db, miglint, dir string) (*Worker, error) {
	if err := c.CreateDatabase(ctx, db); err != nil {
		return nil, err
	}
	w := &Worker{Cluster: c, DB: db, Miglint: miglint, Dir: filepath.Join(dir, db)}
	return w, os.MkdirAll(w.Dir, 0o755)
}

// Failure is where PostgreSQL rejected a history.
type Failure struct {
	File     string // relative name of the file
	Line     int    // psql's line: the end of the failing statement
	SQLState string
	Message  string
}

func (f *Failure) String() string {
	return fmt.Sprintf("%s:%d: %s %s", f.File, f.Line, f.SQLState, f.Message)
}

// write puts the files into a fresh directory and returns it; Check asks
// for the same files three times, and they are written once.
func (w *Worker) write(files []histgen.File) (string, error) {
	dir := filepath.Join(w.Dir, "h")
	if w.written != nil && slices.Equal(files, w.written) {
		return dir, nil
	}
	w.written = nil
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, []byte(f.SQL), 0o644); err != nil {
			return "", err
		}
	}
	w.written = slices.Clone(files)
	return dir, nil
}

const catalogMarker = "@@oracle-catalog@@"

// Postgres applies the files in order on a clean database and returns the
// catalog, or where PostgreSQL stopped. The error is for harness trouble.
func (w *Worker) Postgres(ctx context.Context, files []histgen.File) (*Catalog, *Failure, error) {
	dir, err := w.write(files)
	if err != nil {
		return nil, nil, err
	}
	var script strings.Builder
	if w.Fresh {
		if err := w.Cluster.DropDatabase(ctx, w.DB); err != nil {
			return nil, nil, err
		}
		if err := w.Cluster.CreateDatabase(ctx, w.DB); err != nil {
			return nil, nil, err
		}
	} else {
		script.WriteString(pgtest.ResetSQL)
	}
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(dir, filepath.FromSlash(f.Name))
	}
	script.WriteString(pgtest.IncludeScript(paths))
	// Files may print query results; the catalog is what follows the marker.
	script.WriteString("\\echo " + catalogMarker + "\n" + catalogQuery)
	out, err := w.Cluster.Psql(ctx, w.DB, script.String(), "-At")
	var se *pgtest.SQLError
	if errors.As(err, &se) {
		rel, rerr := filepath.Rel(dir, se.File)
		if rerr != nil || strings.HasPrefix(rel, "..") {
			return nil, nil, fmt.Errorf("harness: %w", se)
		}
		return nil, &Failure{File: filepath.ToSlash(rel), Line: se.Line, SQLState: se.SQLState, Message: se.Message}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	cat, err := parseCatalog(out)
	return cat, nil, err
}

// parseCatalog reads the catalog that follows the marker in psql's output.
func parseCatalog(out []byte) (*Catalog, error) {
	_, js, ok := bytes.Cut(out, []byte(catalogMarker+"\n"))
	if !ok {
		return nil, fmt.Errorf("harness: no catalog in psql output %q", out)
	}
	var cat Catalog
	if err := json.Unmarshal(js, &cat); err != nil {
		return nil, fmt.Errorf("harness: catalog JSON: %w", err)
	}
	return &cat, nil
}

// MiglintSchema runs `miglint schema --format json` on the files.
func (w *Worker) MiglintSchema(ctx context.Context, files []histgen.File) (*Catalog, error) {
	out, err := w.miglint(ctx, files, "schema")
	if err != nil {
		return nil, err
	}
	var cat Catalog
	if err := json.Unmarshal(out, &cat); err != nil {
		return nil, fmt.Errorf("miglint schema: bad JSON: %w\n%s", err, out)
	}
	return &cat, nil
}

// Diagnostic is one finding of `miglint lint --format json`.
type Diagnostic = report.JSONDiagnostic

// MiglintLint runs `miglint lint --format json` on the files; exit code 1
// (error findings) is not an error here.
func (w *Worker) MiglintLint(ctx context.Context, files []histgen.File) ([]Diagnostic, error) {
	out, err := w.miglint(ctx, files, "lint")
	if err != nil {
		return nil, err
	}
	var res struct {
		Diagnostics []Diagnostic `json:"diagnostics"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("miglint lint: bad JSON: %w\n%s", err, out)
	}
	dir := filepath.Join(w.Dir, "h")
	for i := range res.Diagnostics {
		res.Diagnostics[i].File = relFile(dir, res.Diagnostics[i].File)
	}
	return res.Diagnostics, nil
}

// relFile makes a diagnostic's file relative to the history directory,
// whether miglint printed it absolute, relative to the directory or
// relative to the current directory.
func relFile(dir, file string) string {
	f := filepath.FromSlash(file)
	if !filepath.IsAbs(f) {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return filepath.ToSlash(f)
		}
		f, _ = filepath.Abs(f)
	}
	if rel, err := filepath.Rel(dir, f); err == nil {
		return filepath.ToSlash(rel)
	}
	return file
}

func (w *Worker) miglint(ctx context.Context, files []histgen.File, sub string) ([]byte, error) {
	dir, err := w.write(files)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, w.Miglint, sub, "--format", "json", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == 1 && sub == "lint" {
		err = nil
	}
	if err != nil {
		return nil, fmt.Errorf("miglint %s: %w\n%s%s", sub, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// Verdict is the outcome of checking one history.
type Verdict struct {
	Kind    string   // one of the Kind constants
	Failure *Failure // where PostgreSQL rejected the history, if it did
	Detail  []string // the disagreement, for humans
	Sigs    []string // what kinds of disagreement, without names (see Difference.Sig)
}

const (
	Agree        = "agree"         // same catalog, or PostgreSQL's error found by miglint
	CatalogDiff  = "catalog-diff"  // PostgreSQL applied the history and the catalogs differ
	MissedError  = "missed-error"  // PostgreSQL rejected a statement and miglint reported no error there
	MiglintError = "miglint-error" // miglint failed (exit 2, crash, bad JSON)
	FalseError   = "false-error"   // PostgreSQL applied the history and miglint reports what only a rejected one has
)

// pgErrorRules are miglint's rules for what PostgreSQL itself rejects: on a
// history PostgreSQL applies they must stay silent. (Policy rules such as
// duplicate-fk may rightly report errors there.)
var pgErrorRules = []string{"syntax-error", "unknown-object", "duplicate-object", "dependent-objects"}

// Check replays files on PostgreSQL and in miglint and compares. The error
// is for harness trouble (PostgreSQL down, disk full), not disagreement.
func (w *Worker) Check(ctx context.Context, files []histgen.File) (Verdict, error) {
	pg, fail, err := w.Postgres(ctx, files)
	if err != nil {
		return Verdict{}, err
	}
	if fail != nil {
		return w.checkRejected(ctx, files, fail)
	}
	got, err := w.MiglintSchema(ctx, files)
	if err != nil {
		return Verdict{Kind: MiglintError, Detail: []string{err.Error()}}, nil
	}
	if d := Diff(pg, got); len(d) > 0 {
		v := Verdict{Kind: CatalogDiff}
		for _, x := range d {
			if slices.Contains(w.Ignore, x.Kind) {
				continue
			}
			v.Detail = append(v.Detail, x.String())
			if sig := x.Kind + ": " + x.Sig; !slices.Contains(v.Sigs, sig) {
				v.Sigs = append(v.Sigs, sig)
			}
		}
		if len(v.Detail) > 0 {
			return v, nil
		}
	}
	diags, err := w.MiglintLint(ctx, files)
	if err != nil {
		return Verdict{Kind: MiglintError, Detail: []string{err.Error()}}, nil
	}
	v := Verdict{Kind: FalseError}
	for _, d := range diags {
		if slices.Contains(pgErrorRules, d.Rule) {
			v.Detail = append(v.Detail, fmt.Sprintf("miglint: %s:%d: %s %s: %s (PostgreSQL applied the history)", d.File, d.Line, d.Severity, d.Rule, d.Message))
			if !slices.Contains(v.Sigs, d.Rule) {
				v.Sigs = append(v.Sigs, d.Rule)
			}
		}
	}
	if len(v.Detail) > 0 {
		return v, nil
	}
	return Verdict{Kind: Agree}, nil
}

// checkRejected requires an error-severity diagnostic on the statement
// PostgreSQL rejected, linting the history up to the failing file.
func (w *Worker) checkRejected(ctx context.Context, files []histgen.File, fail *Failure) (Verdict, error) {
	n := 0
	for n < len(files) && files[n].Name != fail.File {
		n++
	}
	if n == len(files) {
		return Verdict{}, fmt.Errorf("harness: PostgreSQL failed in unknown file %s", fail.File)
	}
	prefix := files[:n+1]
	first, last := StmtLines(prefix[n].SQL, fail.Line)
	diags, err := w.MiglintLint(ctx, prefix)
	if err != nil {
		return Verdict{Kind: MiglintError, Failure: fail, Detail: []string{err.Error()}}, nil
	}
	var near []string
	for _, d := range diags {
		if d.File != fail.File {
			continue
		}
		end := max(d.EndLine, d.Line)
		if d.Severity == "error" && d.Line <= last && end >= first {
			return Verdict{Kind: Agree, Failure: fail}, nil
		}
		near = append(near, fmt.Sprintf("%s:%d: %s %s: %s", d.File, d.Line, d.Severity, d.Rule, d.Message))
	}
	detail := []string{fmt.Sprintf("PostgreSQL: %s (statement on lines %d-%d)", fail, first, last)}
	if len(near) == 0 {
		near = []string{"(no diagnostics in that file)"}
	}
	for _, s := range near {
		detail = append(detail, "miglint: "+s)
	}
	return Verdict{Kind: MissedError, Failure: fail, Detail: detail, Sigs: []string{fail.SQLState}}, nil
}

// StmtLines returns the lines of the statement psql reported at line: the
// one ending there, or else the first one ending after it.
func StmtLines(sql string, line int) (first, last int) {
	for _, s := range Split(sql) {
		if s.EndLine >= line {
			return s.Line, s.EndLine
		}
	}
	return line, line
}
