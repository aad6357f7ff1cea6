package posixlocale

import (
	"os"
	"testing"
)

func TestIsPOSIX(t *testing.T) {
	for v, want := range map[string]bool{
		"C": true, "C.UTF-8": true, "C.utf8": true, "POSIX": true, "C@euro": true,
		"en_US.UTF-8": false, "de_DE": false, "": false, "Catalan": false,
	} {
		if got := IsPOSIX(v); got != want {
			t.Errorf("IsPOSIX(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestRestore checks that Restore puts back exactly the variable init
// replaced, and nothing when it replaced none.
func TestRestore(t *testing.T) {
	t.Setenv("LC_ALL", "en")
	replaced.name, replaced.value = "LC_ALL", "C.UTF-8"
	Restore()
	if got := os.Getenv("LC_ALL"); got != "C.UTF-8" {
		t.Fatalf("LC_ALL is %q after Restore, want C.UTF-8", got)
	}
	t.Setenv("LC_ALL", "fr_FR.UTF-8")
	Restore() // nothing replaced any more
	if got := os.Getenv("LC_ALL"); got != "fr_FR.UTF-8" {
		t.Fatalf("a second Restore changed LC_ALL to %q", got)
	}
}
