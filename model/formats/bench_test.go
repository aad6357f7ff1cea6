package formats_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/inkspan/inkspan/model/formats"
)

// writeBenchJSONL writes n Prodigy-style records of about 2.4 kB of text with
// 12 spans each, the shape of the import the reader must keep up with, and
// returns the file's path and size.
func writeBenchJSONL(tb testing.TB, n int) (string, int64) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "bench.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	words := []string{"Putin", "met", "Erdoğan", "in", "Moscow;", "34", "soldiers", "died", "near", "Idlib,", "北京", "said", "café", "officials", "🇹🇷", "on", "Thursday."}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.Reset()
		var spans []string
		cp := 0
		for k := 0; sb.Len() < 2400; k++ {
			word := words[(i+k*7)%len(words)]
			if sb.Len() > 0 {
				sb.WriteByte(' ')
				cp++
			}
			if k%16 == 3 && len(spans) < 12 {
				spans = append(spans, fmt.Sprintf(`{"start":%d,"end":%d,"token_start":%d,"token_end":%d,"label":"ACTOR"}`, cp, cp+utf8.RuneCountInString(word), k, k))
			}
			sb.WriteString(word)
			cp += utf8.RuneCountInString(word)
			if k%40 == 39 {
				sb.WriteString("\n")
				cp++
			}
		}
		text, _ := jsonString(sb.String())
		fmt.Fprintf(w, `{"text":%s,"meta":{"source":"wire","n":%d},"_input_hash":-%d,"_task_hash":%d,"spans":[%s],"answer":"accept","_annotator_id":"news-alice","_session_id":"news-alice","_view_id":"spans_manual"}`+"\n",
			text, i, 1000000+i, 2000000+i, strings.Join(spans, ","))
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, info.Size()
}

func BenchmarkReadJSONL(b *testing.B) {
	const records = 20000
	path, size := writeBenchJSONL(b, records)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r, err := formats.OpenPaths([]string{path}, formats.FormatJSONL, formats.Options{})
		if err != nil {
			b.Fatal(err)
		}
		count, spans := 0, 0
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
			spans += len(rec.Spans)
		}
		r.Close()
		if count != records || spans != records*12 {
			b.Fatalf("read %d records with %d spans, want %d with %d", count, spans, records, records*12)
		}
	}
}
