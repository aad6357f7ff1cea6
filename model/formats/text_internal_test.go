package formats

import (
	"io"
	"strings"
	"testing"
)

func TestLineReaderTooLong(t *testing.T) {
	defer func(old int) { maxLineBytes = old }(maxLineBytes)
	maxLineBytes = readBufferSize + readBufferSize/2
	long := strings.Repeat("x", 2*readBufferSize)
	fits := strings.Repeat("y", readBufferSize+10)
	l := newLineReader(strings.NewReader("\ufeffshort\r\n" + long + "\n" + fits + "\r\nafter\n" + long))
	want := []struct {
		line string
		err  error
	}{{"short", nil}, {"", errLineTooLong}, {fits, nil}, {"after", nil}, {"", errLineTooLong}, {"", io.EOF}}
	for i, w := range want {
		line, err := l.next()
		if err != w.err || string(line) != w.line {
			t.Fatalf("call %d = %d bytes, %v; want %d bytes, %v", i+1, len(line), err, len(w.line), w.err)
		}
		if w.err != io.EOF && l.n != i+1 {
			t.Fatalf("call %d: line number %d", i+1, l.n)
		}
	}
}
