package main

import (
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, "exporting", 200)
	p.update(50)
	p.finish()
	out := b.String()
	if !strings.Contains(out, " 25% 50/200 records") || !strings.Contains(out, "[#######-----") || !strings.Contains(out, "exporting: 50 records in") {
		t.Fatalf("drawn: %q", out)
	}
	b.Reset()
	p = newProgress(&b, "importing", 0)
	p.update(7)
	if !strings.Contains(b.String(), "importing: 7 records") {
		t.Fatalf("drawn: %q", b.String())
	}
}
