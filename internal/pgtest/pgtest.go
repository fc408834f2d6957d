// Package pgtest runs a throwaway PostgreSQL cluster for tests: initdb in a
// private temporary directory, a server listening on a Unix socket only, and
// psql to run SQL against it.
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Cluster is a running PostgreSQL server owned by the test process.
type Cluster struct {
	BinDir string // directory holding initdb, postgres and psql
	Dir    string // private root directory: data/, the socket and the server log
	Port   int    // names the socket file .s.PGSQL.<Port> in Dir; nothing listens on TCP

	cred   *syscall.Credential // the unprivileged user running the server when we are root
	server *exec.Cmd
	exited chan struct{} // closed when the server process has exited
}

// Superuser is the name initdb gives the cluster's superuser.
const Superuser = "postgres"

// Start starts a cluster that is stopped and removed when the test ends.
// Without PostgreSQL it skips the test, except under CI=true, where a missing
// database must fail loudly rather than pass by skipping.
func Start(t testing.TB) *Cluster {
	t.Helper()
	c, err := StartCluster()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pgtest: cannot start PostgreSQL (CI=true, so this is fatal): %v", err)
		}
		t.Skipf("pgtest: skipping, cannot start PostgreSQL: %v", err)
	}
	t.Cleanup(c.Stop)
	return c
}

// StartCluster starts a cluster; the caller must call Stop. For TestMain and
// tools, where there is no testing.TB.
func StartCluster() (*Cluster, error) {
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	cred, err := serverCredential()
	if err != nil {
		return nil, err
	}
	// Our own directory rather than t.TempDir(): its parents may be 0700 and
	// owned by root, which the unprivileged server user could not traverse.
	dir, err := os.MkdirTemp(tempBase(cred), "pgtest-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{BinDir: bin, Dir: dir, Port: 5432, cred: cred, exited: make(chan struct{})}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.start(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start() error {
	data := filepath.Join(c.Dir, "data")
	initdb := c.serverCmd("initdb", "-D", data, "-U", Superuser, "--auth=trust",
		// UTF8 makes identifier truncation clip whole characters, as in production.
		"-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %w\n%s", err, out)
	}
	logf, err := os.Create(filepath.Join(c.Dir, "server.log"))
	if err != nil {
		return err
	}
	c.server = c.serverCmd("postgres", "-D", data, "-k", c.Dir, "-p", strconv.Itoa(c.Port),
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "full_page_writes=off",
		"-c", "synchronous_commit=off", "-c", "max_connections=50",
		// JIT compiles catalog queries for half a second; they run in a millisecond.
		"-c", "jit=off")
	c.server.Stdout, c.server.Stderr = logf, logf
	err = c.server.Start()
	_ = logf.Close() // the server has its own copy
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	go func() { _ = c.server.Wait(); close(c.exited) }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := c.Psql(context.Background(), "postgres", "", "-c", "SELECT 1")
		if err == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during startup:\n%s", c.Log())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after 30s: %w\n%s", err, c.Log())
		}
	}
}

// Stop shuts the server down and removes its directory.
func (c *Cluster) Stop() {
	if c.server != nil && c.server.Process != nil {
		// SIGQUIT is an immediate shutdown: nothing in a throwaway cluster is worth a checkpoint.
		_ = c.server.Process.Signal(syscall.SIGQUIT)
		select {
		case <-c.exited:
		case <-time.After(10 * time.Second):
			_ = c.server.Process.Kill()
			<-c.exited
		}
	}
	_ = os.RemoveAll(c.Dir)
}

// Log returns the server log, for failure messages.
func (c *Cluster) Log() string {
	b, _ := os.ReadFile(filepath.Join(c.Dir, "server.log"))
	return string(b)
}

func (c *Cluster) serverCmd(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.BinDir, name), args...)
	cmd.Dir = c.Dir
	cmd.SysProcAttr = sysProcAttr(c.cred)
	return cmd
}

// tempBase returns where to make the cluster's directory: os.TempDir(),
// unless the server's user cannot reach it or the socket's path would pass
// the 107 bytes a Unix socket path may have.
func tempBase(cred *syscall.Credential) string {
	base := os.TempDir()
	if len(base) > 70 || cred != nil && !reachable(base, cred.Uid) {
		return "/tmp"
	}
	return base
}

// reachable reports whether user uid may search dir and all its parents.
func reachable(dir string, uid uint32) bool {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return false
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if fi.Mode().Perm()&0o001 == 0 && !(ok && st.Uid == uid) {
			return false
		}
		if d == filepath.Dir(d) {
			return true
		}
	}
}

// findBinDir looks where Debian, Ubuntu and source installs put the server
// binaries; psql alone (from a client package) is not enough.
func findBinDir() (string, error) {
	var dirs []string
	if d := os.Getenv("PGTEST_BINDIR"); d != "" {
		dirs = append(dirs, d)
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versioned, func(i, j int) bool { return pgVersion(versioned[i]) > pgVersion(versioned[j]) })
	dirs = append(dirs, versioned...)
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) && isExec(filepath.Join(d, "psql")) {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries (initdb, postgres, psql) found via $PGTEST_BINDIR, " +
		"pg_config --bindir, /usr/lib/postgresql/*/bin or $PATH; install e.g. the Debian package postgresql")
}

func pgVersion(bindir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return n
}

func isExec(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// serverCredential returns nil when we may run the server ourselves. initdb
// and postgres refuse to run as root, so root hands them to postgres or nobody.
func serverCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 == nil && err2 == nil {
			return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
		}
	}
	return nil, errors.New("running as root and there is no user postgres or nobody to run initdb and postgres as")
}

// Psql runs psql against database db with script on standard input (unless
// empty) and returns its standard output. psql runs as the current user: with
// trust authentication and the socket in our directory, that is enough.
func (c *Cluster) Psql(ctx context.Context, db, script string, args ...string) ([]byte, error) {
	args = append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose"}, args...)
	cmd := c.Client(ctx, db, "psql", args...)
	if script != "" {
		cmd.Stdin = strings.NewReader(script)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		if e := ParseError(stderr.String()); e != nil {
			return stdout.Bytes(), e
		}
		return stdout.Bytes(), fmt.Errorf("psql: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return stdout.Bytes(), nil
}

// Client returns a command running a client program of the cluster's
// (psql, pg_dump, ...) connected to database db.
func (c *Cluster) Client(ctx context.Context, db, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, name), args...)
	cmd.Env = append(os.Environ(),
		"PGHOST="+c.Dir, "PGPORT="+strconv.Itoa(c.Port), "PGUSER="+Superuser, "PGDATABASE="+db,
		"PGCLIENTENCODING=UTF8", "PGOPTIONS=-c client_min_messages=warning", "PGCONNECT_TIMEOUT=10")
	return cmd
}

// SQLError is a statement PostgreSQL rejected, as psql reports it.
type SQLError struct {
	File     string // the script psql was reading: a path given to \i, or <stdin>
	Line     int    // the line psql had reached: where the failing statement ends
	SQLState string // five characters, e.g. 42704
	Message  string
}

func (e *SQLError) Error() string {
	return fmt.Sprintf("%s:%d: ERROR %s: %s", e.File, e.Line, e.SQLState, e.Message)
}

// With VERBOSITY=verbose psql writes "psql:FILE:LINE: ERROR:  SQLSTATE: message".
var errorLine = regexp.MustCompile(`(?m)^psql:(.*):(\d+): (?:ERROR|FATAL|PANIC):  (?:([0-9A-Z]{5}): )?(.*)$`)

// ParseError finds the first error psql reported in stderr, or returns nil.
func ParseError(stderr string) *SQLError {
	m := errorLine.FindStringSubmatch(stderr)
	if m == nil {
		return nil
	}
	line, _ := strconv.Atoi(m[2])
	return &SQLError{File: m[1], Line: line, SQLState: m[3], Message: m[4]}
}

// CreateDatabase creates an empty database.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	_, err := c.Psql(ctx, "postgres", "", "-c", "CREATE DATABASE "+QuoteIdent(name)+" TEMPLATE template0")
	return err
}

// DropDatabase drops a database, ending its sessions first.
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	_, err := c.Psql(ctx, "postgres", "", "-c", "DROP DATABASE IF EXISTS "+QuoteIdent(name)+" WITH (FORCE)")
	return err
}

// ResetSQL drops every user schema and recreates an empty public: much
// faster than a new database, and enough for histories that only create
// schema objects. Roles and other cluster-wide objects are not reset.
const ResetSQL = `DO $reset$
DECLARE s name;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
END
$reset$;
`

// IncludeScript returns psql commands that run the given files in order.
// Errors then name the file and line, and ON_ERROR_STOP ends the script at
// the first one.
func IncludeScript(paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		fmt.Fprintf(&b, "\\i %s\n", quoteLiteral(p))
	}
	return b.String()
}

// QuoteIdent quotes an SQL identifier.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
