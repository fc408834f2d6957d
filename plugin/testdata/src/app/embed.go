package app

import "embed"

// golangci-lint keeps findings in Go files only: those of the SQL files are
// reported here, the message starting with the SQL file's position.
//
// want +2 `^00002_posts.sql:2:38: foreign key "posts_author_id_fkey" .* policy users\(id\)=set null wants ON DELETE SET NULL`
//
//go:embed *.sql
var FS embed.FS
