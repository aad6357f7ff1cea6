package formats_test

import (
	"strings"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
)

// An error that quotes text read from a file names the invisible characters
// in it (a .txt saved with a byte order mark by a Windows editor) instead of
// showing them raw or as a bare escape the user has to look up: the brat
// span whose text no longer matches, and a CSV header's column names.
func TestErrorsNameInvisibleCharacters(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "x.txt", "\ufeffHello there")
	ann := writeFile(t, dir, "x.ann", "T1\tA 0 5\tHello\n")
	err := firstError(t, []string{ann}, formats.FormatBrat, formats.Options{})
	checkInputError(t, err, ann, 1, false, `does not match "<U+FEFF byte order mark>Hell"`)
	checkInputError(t, err, ann, 1, false, "the .txt starts with a byte order mark")

	csv := writeFile(t, dir, "h.csv", "id,\u200btext\n1,hi\n")
	err = firstError(t, []string{csv}, formats.FormatCSV, formats.Options{})
	checkInputError(t, err, csv, 1, true, `"<U+200B zero width space>text"`)
	if strings.Contains(err.Error(), "\u200b") || strings.Contains(err.Error(), `\u200b`) {
		t.Errorf("the error shows the character instead of naming it: %v", err)
	}
}
