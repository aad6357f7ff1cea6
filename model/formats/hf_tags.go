package formats

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
