package rules

import "testing"

// TestMatching: a pattern without wildcards is compared, and one with them
// matched as path.Match does (an escaped character included).
func TestMatching(t *testing.T) {
	for _, c := range []struct {
		patterns []string
		name     string
		want     string
	}{
		{[]string{"user_id"}, "user_id", "user_id"},
		{[]string{"user_id"}, "owner_user_id", ""},
		{[]string{"user_id"}, "user_i", ""},
		{[]string{"*_user_id", "user_id"}, "owner_user_id", "*_user_id"},
		{[]string{"*_user_id", "user_id"}, "user_id", "user_id"},
		{[]string{"user_?d"}, "user_id", "user_?d"},
		{[]string{"user[^x]id"}, "user-id", "user[^x]id"},
		{[]string{`user\_id`}, "user_id", `user\_id`},
		{[]string{"user[id"}, "user[id", ""}, // a bad pattern matches nothing, as path.Match says
	} {
		if got := matching(ownerPatterns(c.patterns), c.name); got != c.want {
			t.Errorf("matching(%q, %q) = %q, want %q", c.patterns, c.name, got, c.want)
		}
	}
}
