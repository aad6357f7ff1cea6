package formats_test

import (
	"testing"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/formats"
)

func TestReadCSV(t *testing.T) {
	content := "\ufeffid,text,source,date\r\n" +
		"a1,\"" + example + "\",wire,2020-03-05\r\n" +
		"a2,\"Two lines, a comma\r\nand a \"\"quote\"\" in 東京\",blog,\r\n" +
		",Hélène 👩\u200d🔬,\"x,y\",\r\n"
	path := writeFile(t, t.TempDir(), "docs.csv", content)
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	if got, want := len(recs), 3; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	want := []struct {
		line     int
		id, text string
		meta     string
	}{
		{2, "a1", example, `{"source":"wire","date":"2020-03-05"}`},
		// encoding/csv turns CRLF inside quotes into LF; CSV carries no
		// offsets, so nothing can point past the change.
		{3, "a2", "Two lines, a comma\nand a \"quote\" in 東京", `{"source":"blog","date":""}`},
		{5, "docs.csv#5", "Hélène 👩\u200d🔬", `{"source":"x,y","date":""}`},
	}
	for i, rec := range recs {
		w := want[i]
		if rec.Line != w.line || rec.ExternalID != w.id || rec.Text != w.text {
			t.Errorf("record %d = line %d %q %q, want line %d %q %q", i, rec.Line, rec.ExternalID, rec.Text, w.line, w.id, w.text)
		}
		if rec.Source != path {
			t.Errorf("Source = %q, want %q", rec.Source, path)
		}
		checkMeta(t, rec, w.meta)
	}
	if got, want := model.NewOffsets(recs[0].Text).Slice(10, 17), "Erdoğan"; got != want {
		t.Errorf("[10, 17) = %q, want %q", got, want)
	}
}

func TestReadCSV_TextColumn(t *testing.T) {
	content := "ID,Body,Lang\n7,first body,en\n8,second body,fr\n"
	path := writeFile(t, t.TempDir(), "bodies.csv", content)
	recs := readRecords(t, []string{path}, formats.FormatCSV, formats.Options{TextColumn: "body"})
	if got, want := len(recs), 2; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := recs[1].Text, "second body"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if got, want := recs[1].ExternalID, "8"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	checkMeta(t, recs[1], `{"Lang":"fr"}`)
}

func TestReadCSV_OnlyText(t *testing.T) {
	path := writeFile(t, t.TempDir(), "plain.csv", "Text\nalpha\nbeta")
	recs := readRecords(t, []string{path}, formats.FormatCSV, formats.Options{})
	if got, want := len(recs), 2; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := recs[1].ExternalID, "plain.csv#3"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	checkMeta(t, recs[1], "")
}

func TestReadTSV(t *testing.T) {
	// Spreadsheet TSV: no quoting, so quotes inside a text are just quotes.
	content := "text\tsource\t\n" +
		"He said \"hi\" and left\twire\t\n" +
		"Ce café-là 🇫🇷\t\textra\n"
	path := writeFile(t, t.TempDir(), "sheet.tsv", content)
	recs := readRecords(t, []string{path}, formats.FormatAuto, formats.Options{})
	if got, want := len(recs), 2; got != want {
		t.Fatalf("read %d records, want %d", got, want)
	}
	if got, want := recs[0].Text, `He said "hi" and left`; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if got, want := recs[0].ExternalID, "sheet.tsv#2"; got != want {
		t.Errorf("ExternalID = %q, want %q", got, want)
	}
	// The header's trailing tab makes a nameless column: kept only where it
	// holds something.
	checkMeta(t, recs[0], `{"source":"wire"}`)
	checkMeta(t, recs[1], `{"source":"","column3":"extra"}`)
	if got, want := model.NewOffsets(recs[1].Text).Slice(11, 13), "🇫🇷"; got != want {
		t.Errorf("[11, 13) = %q, want %q", got, want)
	}
	// The .tab extension and an explicit format read the same.
	tab := writeFile(t, t.TempDir(), "sheet.tab", content)
	if got, want := len(readRecords(t, []string{tab}, formats.FormatAuto, formats.Options{})), 2; got != want {
		t.Errorf(".tab: read %d records, want %d", got, want)
	}
	txt := writeFile(t, t.TempDir(), "sheet.txt", content)
	if got, want := len(readRecords(t, []string{txt}, formats.FormatTSV, formats.Options{})), 2; got != want {
		t.Errorf("--format tsv: read %d records, want %d", got, want)
	}
}

func TestReadCSV_Errors(t *testing.T) {
	fatal := []struct {
		name, content string
		line          int
		phrase        string
	}{
		{"MissingTextColumn", "id,body,lang\n1,x,en\n", 1, `no column named "text" for the text (the header has: "id", "body", "lang")`},
		{"EmptyFile", "", 0, "file is empty"},
		{"OnlyBOM", "\ufeff", 0, "file is empty"},
		{"DuplicateColumn", "text,lang,lang\nx,en,fr\n", 1, `column "lang" appears twice`},
		{"AmbiguousTextColumn", "Text,TEXT\nx,y\n", 1, `no column named "text"`},
		{"InvalidUTF8Header", "text,l\xe4nge\nx,1\n", 1, "not valid UTF-8"},
	}
	for _, tt := range fatal {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "bad.csv", tt.content)
			checkInputError(t, firstError(t, []string{path}, formats.FormatCSV, formats.Options{}), path, tt.line, true, tt.phrase)
		})
	}
	rows := []struct {
		name, row string
		phrase    string
	}{
		{"TooFewFields", "a3,only two", "row has 2 fields but the header has 3 columns"},
		{"TooManyFields", "a3,x,wire,extra", "row has 4 fields but the header has 3 columns"},
		{"EmptyText", "a3,,wire", "text is empty"},
		{"BlankText", "a3,\"  \t \",wire", "only white space"},
		{"InvalidUTF8", "a3,caf\xe9,wire", `column "text" is not valid UTF-8`},
		{"InvalidUTF8Meta", "a3,fine,w\xffre", `column "source" is not valid UTF-8`},
		{"BareQuote", "a3,a \"bare\" quote,wire", "bare \" in non-quoted-field"},
	}
	for _, tt := range rows {
		t.Run(tt.name, func(t *testing.T) {
			content := "id,text,source\na1,first,wire\n\"a2\",\"second\",wire\n" + tt.row + "\na4,fourth,wire\n"
			path := writeFile(t, t.TempDir(), "bad.csv", content)
			items := readAll(t, []string{path}, formats.FormatCSV, formats.Options{})
			if got, want := len(items), 4; got != want {
				t.Fatalf("got %d results, want 4 (record, record, error, record)", got)
			}
			checkInputError(t, items[2].err, path, 4, false, tt.phrase)
			if items[3].rec == nil || items[3].rec.Text != "fourth" || items[3].rec.Line != 5 {
				t.Fatalf("last result = %+v, want the record \"fourth\" on line 5", items[3])
			}
		})
	}
	t.Run("TSVWrongFieldCount", func(t *testing.T) {
		path := writeFile(t, t.TempDir(), "bad.tsv", "text\tsource\nok\twire\nno tab here\n")
		items := readAll(t, []string{path}, formats.FormatTSV, formats.Options{})
		if got, want := len(items), 2; got != want {
			t.Fatalf("got %d results, want 2", got)
		}
		checkInputError(t, items[1].err, path, 3, false, "row has 1 field but the header has 2 columns")
	})
}
