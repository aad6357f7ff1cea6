package model

// Stats summarises a project: what `inkspan stats` prints.
type Stats struct {
	Documents  int                       `json:"documents"`
	Spans      int                       `json:"spans"`
	Labels     map[string]int            `json:"labels"`     // label -> spans, every label listed
	Annotators map[string]map[Status]int `json:"annotators"` // annotator -> status -> documents
	// Relations counts the relations between spans, of every annotator;
	// RelationLabels counts them by relation label, every relation label
	// listed.
	Relations      int            `json:"relations"`
	RelationLabels map[string]int `json:"relation_labels"`
	// Attributes counts, by attribute name, the spans that carry it (a
	// span with two values of one name counts once). Attribute names are
	// not declared, so only those some span carries are listed.
	Attributes map[string]int `json:"attributes"`
}
