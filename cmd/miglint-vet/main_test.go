package main_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The module go vet checks: SQL migrations embedded around a goose Go
// migration, with goose replaced by a local stub so nothing is downloaded.
var module = map[string]string{
	"go.mod": `module example.com/app

go 1.26

require github.com/pressly/goose/v3 v3.0.0

replace github.com/pressly/goose/v3 => ./goosestub
`,
	"goosestub/go.mod": "module github.com/pressly/goose/v3\n\ngo 1.26\n",
	"goosestub/goose.go": `package goose

import (
	"context"
	"database/sql"
)

type GoMigrationContext func(context.Context, *sql.Tx) error

func AddMigrationContext(up, down GoMigrationContext) {}
`,
	"migrations/embed.go": `package migrations

import "embed"

//go:embed *.sql
var FS embed.FS
`,
	"migrations/001_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	"migrations/002_orders.go": `package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigrationContext(up, nil) }

func up(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE TABLE orders (\n\tnote text DEFAULT 'caf\u00e9',\n\tuser_id bigint REFERENCES users(id)\n)")
	return err
}
`,
	"migrations/003_posts.sql": "CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  author_id bigint REFERENCES users(id)\n);\n",
	"app.go":                   "package app\n\nfunc Hello() string { return \"no migrations here\" }\n",
}

func TestGoVet(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "miglint-vet")
	if out, err := exec.Command(goCmd, "build", "-o", tool, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "app")
	for name, src := range module {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vet := func(args ...string) (string, int) {
		cmd := exec.Command(goCmd, append([]string{"vet", "-vettool=" + tool}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return string(out), cmd.ProcessState.ExitCode()
	}

	out, code := vet("./...")
	goLine := strings.Split(module["migrations/002_orders.go"], "\n")[12]
	for _, want := range []string{
		`migrations/003_posts.sql:3:20: foreign key "posts_author_id_fkey" on posts(author_id) → users(id) is ON DELETE NO ACTION`,
		fmt.Sprintf(`migrations/002_orders.go:13:%d: foreign key "orders_user_id_fkey" on orders(user_id) → users(id) is ON DELETE NO ACTION`,
			strings.Index(goLine, "REFERENCES users(id)")+1),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("go vet output lacks\n\t%s\ngot:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "[fk-on-delete]"); n != 2 || code == 0 {
		t.Errorf("go vet: exit code %d, %d findings, want non-zero and 2; output:\n%s", code, n, out)
	}

	// The analyzer's flags pass through go vet.
	if out, _ := vet("-policy", "users(id)=no action", "./..."); strings.Contains(out, "[fk-on-delete]") {
		t.Errorf("go vet -policy 'users(id)=no action' still finds ON DELETE actions wrong:\n%s", out)
	}
}
