package formats_test

import (
	"path/filepath"
	"testing"

	"github.com/inkspan/inkspan/model/formats"
)

// Tag lists come in every shape the ecosystem writes; each must give the
// same spans, ids kept exactly (here the ids are not in tag order).
func TestReadHF_LabelListShapes(t *testing.T) {
	const row = `{"tokens":["Ada","Lovelace","in","London"],"ner_tags":[3,4,0,1]}`
	want := []wantSpan{{0, 12, "PER", "Ada Lovelace"}, {16, 22, "LOC", "London"}}
	tests := []struct{ name, file, content string }{
		{"List", "labels.json", `["O","B-LOC","I-LOC","B-PER","I-PER"]`},
		{"ID2Label", "labels.json", `{"0":"O","1":"B-LOC","2":"I-LOC","3":"B-PER","4":"I-PER"}`},
		{"Label2ID", "label2id.json", `{"O":0,"B-LOC":1,"I-LOC":2,"B-PER":3,"I-PER":4}`},
		{"Wrapped", "label.json", `{"label2id":{"O":0,"B-LOC":1,"I-LOC":2,"B-PER":3,"I-PER":4},"id2label":{"0":"O","1":"B-LOC","2":"I-LOC","3":"B-PER","4":"I-PER"}}`},
		{"ConfigJSON", "config.json", `{"architectures":["BertForTokenClassification"],"id2label":{"0":"O","1":"B-LOC","2":"I-LOC","3":"B-PER","4":"I-PER"},"hidden_size":768}`},
		{"DatasetInfo", "dataset_info.json", `{"features":{"tokens":{"feature":{"dtype":"string","_type":"Value"},"_type":"Sequence"},"ner_tags":{"feature":{"names":["O","B-LOC","I-LOC","B-PER","I-PER"],"_type":"ClassLabel"},"_type":"Sequence"}}}`},
		{"DatasetInfos", "dataset_infos.json", `{"en":{"features":{"ner_tags":{"feature":{"names":["O","B-LOC","I-LOC","B-PER","I-PER"]}}}},"fr":{"features":{"ner_tags":{"feature":{"names":["O","B-LOC","I-LOC","B-PER","I-PER"]}}}}}`},
		{"SparseIDs", "labels.json", `{"0":"O","1":"B-LOC","3":"B-PER","4":"I-PER"}`},
		{"IOTags", "labels.json", `["O","LOC","x","PER","PER"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			path := writeFile(t, dir, "train.jsonl", row+"\n")
			rec := readOne(t, path, formats.FormatHF)
			checkSpans(t, rec, want)
			if !rec.Annotated || rec.Format != formats.FormatHF {
				t.Errorf("Annotated %v, Format %q", rec.Annotated, rec.Format)
			}
		})
	}
}

func TestReadHF_LabelsOption(t *testing.T) {
	dir := t.TempDir()
	// A config.json of some other tool beside the data is passed over; the
	// list the user names wins over what is beside the data.
	writeFile(t, dir, "config.json", `{"learning_rate":0.1}`)
	labels := writeFile(t, dir, "tags/my-tags.json", `["O","B-PER","I-PER"]`)
	path := writeFile(t, dir, "train.jsonl", `{"tokens":["Ada","Lovelace"],"ner_tags":["1","2"]}`+"\n")
	recs := readRecords(t, []string{path}, formats.FormatHF, formats.Options{HFLabels: labels})
	checkSpans(t, recs[0], []wantSpan{{0, 12, "PER", "Ada Lovelace"}})

	err := firstError(t, []string{path}, formats.FormatHF, formats.Options{})
	checkInputError(t, err, path, 1, true, "config.json (no tag list in it)")
	err = firstError(t, []string{path}, formats.FormatHF, formats.Options{HFLabels: filepath.Join(dir, "missing.json")})
	checkInputError(t, err, path, 1, true, "missing.json")
}

func TestReadHF_IDInHole(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "labels.json", `{"0":"O","2":"B-PER"}`)
	path := writeFile(t, dir, "train.jsonl", `{"tokens":["a"],"ner_tags":[1]}`+"\n")
	checkInputError(t, firstError(t, []string{path}, formats.FormatHF, formats.Options{}), path, 1, false, "ner_tags[0] is 1, but")
}
