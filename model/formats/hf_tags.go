package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	pathpkg "path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HFTags is the tag list of an hf export, the labels.json that ships with
// it: index i names tag id i. "O" comes first, then each label's tags in
// label order: B- and I- for iob1 and iob2, B-, I-, E- and S- for bioes.
func HFTags(labels []string, scheme Scheme) []string {
	n := tagCount(scheme)
	tags := make([]string, 0, 1+n*len(labels))
	tags = append(tags, "O")
	for _, l := range labels {
		for k := tagB; k < tagB+tagKind(n); k++ {
			tags = append(tags, tagPrefixes[k]+l)
		}
	}
	return tags
}

// readTag is parseTag for the token readers, which also take the tags of
// files that use no prefixes at all (IO tags, "PER PER O LOC", as in WNUT
// and many in-house corpora) and BMES's M- (middle, the same as I-). A bare
// label reads as an I- tag, so consecutive tokens with the same one make one
// span, which is what IO means. A tag with a dash in second place but an
// unknown letter before it ("X-PER") stays an error: it is more likely a
// scheme Inkspan does not know than a label, and guessing would import
// wrong spans without a word.
func readTag(tag string) (tagKind, string, error) {
	if len(tag) >= 2 && tag[1] == '-' {
		if tag[0] == 'M' {
			tag = "I" + tag[1:]
		}
		return parseTag(tag)
	}
	if tag == "O" {
		return tagO, "", nil
	}
	if tag == "o" {
		return 0, "", fmt.Errorf("tag %q is not O: tags are case-sensitive", tag)
	}
	if strings.IndexFunc(tag, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		// "_" and "-" are what CoNLL-U and some tools write for "no value":
		// a column of them is not a tag column.
		return 0, "", fmt.Errorf("tag %q is not O, a B-, I-, E- or S- tag, or a label", tag)
	}
	if strings.IndexFunc(tag, unicode.IsControl) >= 0 {
		return 0, "", fmt.Errorf("tag %q holds a control character", tag)
	}
	return tagI, tag, nil
}

// hfLabelFiles are the files an hf reader looks for beside its data, in
// this order, when ner_tags are ids: Inkspan's own labels.json, the
// label2id/id2label files training scripts write, a model's config.json
// (id2label), and the dataset_info.json that Hugging Face datasets'
// save_to_disk writes (features.ner_tags names).
var hfLabelFiles = []string{"labels.json", "label2id.json", "id2label.json", "label.json", "config.json", "dataset_info.json", "dataset_infos.json"}

// hfTagList maps tag ids to tag names as a label file gives them. The ids
// are kept exactly: a file may leave holes, and a tag id in a hole is an
// error rather than a neighbour's tag.
type hfTagList struct {
	file string         // where it was read, for messages
	tags map[int]string // id → tag
	max  int            // highest id
}

// findHFLabels returns the label file for the data file: the one named by
// the user (given, read through givenFile), else the first of hfLabelFiles
// beside the data that exists and holds a tag list (a config.json without
// id2label is some other tool's config).
func findHFLabels(data input, given string, givenFile Input) (*hfTagList, error) {
	if given != "" {
		return loadHFLabels(givenFile.FS, givenFile.Name, given)
	}
	dir := filepath.Dir(data.source)
	var tried []string
	for _, name := range hfLabelFiles {
		path := filepath.Join(dir, name)
		list, err := loadHFLabels(data.fsys, pathpkg.Join(pathpkg.Dir(data.name), name), path)
		if errors.Is(err, fs.ErrNotExist) {
			tried = append(tried, name)
			continue
		}
		if errors.Is(err, errNoTagList) && name != hfLabelFiles[0] {
			tried = append(tried, name+" (no tag list in it)")
			continue
		}
		return list, err
	}
	return nil, fmt.Errorf("the list of tag names they index is missing: looked in %s for %s; pass --hf-labels FILE",
		dir, strings.Join(tried, ", "))
}

// errNoTagList is a JSON file that holds no tag list Inkspan knows.
var errNoTagList = errors.New("no tag list")

// loadHFLabels reads a tag list in any of the shapes found in the wild:
//   - a list of tag names, index = id: ["O", "B-PER", "I-PER"]
//   - id2label, keys being ids as strings: {"0": "O", "1": "B-PER"}
//   - label2id: {"O": 0, "B-PER": 1}
//   - an object holding "id2label" or "label2id" (a model's config.json,
//     a training script's label map), id2label winning when both are there
//   - a datasets dataset_info.json: features.ner_tags.feature.names, also
//     inside dataset_infos.json's one configuration
//
// It reads the file name of fsys, which messages call path.
func loadHFLabels(fsys fs.FS, name, path string) (*hfTagList, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot read %s: %s", path, osReason(err))
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s is not valid UTF-8", path)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s is not JSON: %v", path, err)
	}
	list := &hfTagList{file: path, tags: map[int]string{}, max: -1}
	if err := list.read(v, path); err != nil {
		return nil, err
	}
	for id, t := range list.tags {
		if _, _, err := readTag(t); err != nil {
			return nil, fmt.Errorf("%s: tag id %d: %v", path, id, err)
		}
	}
	return list, nil
}

func (l *hfTagList) read(v any, path string) error {
	switch v := v.(type) {
	case []any:
		for i, t := range v {
			s, ok := t.(string)
			if !ok {
				return fmt.Errorf("%s: entry %d of the tag list is not a string", path, i)
			}
			l.add(i, s)
		}
		if len(v) == 0 {
			return fmt.Errorf("%s: the tag list is empty", path)
		}
		return nil
	case map[string]any:
		if m, ok := v["id2label"]; ok {
			return l.read(m, path)
		}
		if m, ok := v["label2id"]; ok {
			return l.read(m, path)
		}
		if names := datasetInfoNames(v); names != nil {
			return l.read(names, path)
		}
		if len(v) == 0 {
			return fmt.Errorf("%s: %w", path, errNoTagList)
		}
		return l.readMap(v, path)
	}
	return fmt.Errorf("%s: %w", path, errNoTagList)
}

// readMap reads an id2label or a label2id object, telling them apart by
// their values: tag names or ids.
func (l *hfTagList) readMap(m map[string]any, path string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // messages name the same entry every time
	_, id2label := m[keys[0]].(string)
	for _, k := range keys {
		if id2label {
			name, ok := m[k].(string)
			id, err := strconv.Atoi(k)
			if !ok || err != nil || id < 0 {
				return fmt.Errorf("%s: %w (id2label wants ids as keys and tag names as values; entry %q is not)", path, errNoTagList, k)
			}
			l.add(id, name)
			continue
		}
		num, ok := m[k].(json.Number)
		id, err := strconv.Atoi(string(num))
		if !ok || err != nil || id < 0 {
			return fmt.Errorf("%s: %w (label2id wants tag names as keys and ids as values; entry %q is not)", path, errNoTagList, k)
		}
		if prev, dup := l.tags[id]; dup {
			return fmt.Errorf("%s: tags %q and %q both have id %d", path, prev, k, id)
		}
		l.add(id, k)
	}
	return nil
}

func (l *hfTagList) add(id int, tag string) {
	l.tags[id] = tag
	if id > l.max {
		l.max = id
	}
}

// datasetInfoNames digs the ner_tags class names out of a dataset_info.json
// object, or out of the configurations of a dataset_infos.json when they
// all agree on them; nil when there are none.
func datasetInfoNames(v map[string]any) []any {
	if names := featureNames(v); names != nil {
		return names
	}
	var found []any
	for _, cfg := range v {
		c, ok := cfg.(map[string]any)
		if !ok {
			return nil
		}
		names := featureNames(c)
		if names == nil || (found != nil && fmt.Sprint(names) != fmt.Sprint(found)) {
			return nil
		}
		found = names
	}
	return found
}

// featureNames is features.ner_tags[.feature].names of one configuration.
func featureNames(cfg map[string]any) []any {
	f, _ := cfg["features"].(map[string]any)
	nt, _ := f["ner_tags"].(map[string]any)
	for nt != nil {
		if names, ok := nt["names"].([]any); ok {
			return names
		}
		nt, _ = nt["feature"].(map[string]any)
	}
	return nil
}

// tag returns the tag of id, or a message saying why there is none.
func (l *hfTagList) tag(id int) (string, string) {
	t, ok := l.tags[id]
	if !ok {
		return "", fmt.Sprintf("is %d, but %s has no tag with that id (its ids go from 0 to %d)", id, l.file, l.max)
	}
	return t, ""
}
