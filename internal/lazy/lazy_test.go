package lazy

import "testing"

func TestRegexp(t *testing.T) {
	bad := Regexp(`(`) // not compiled yet: no panic here
	re := Regexp(`^a+$`)
	if !re().MatchString("aaa") || re().MatchString("b") {
		t.Error("the pattern does not match as written")
	}
	if first := re(); re() != first {
		t.Error("compiled twice")
	}
	defer func() {
		if recover() == nil {
			t.Error("a pattern that does not compile did not panic on first use")
		}
	}()
	bad()
}
