package model

// Stats summarises a project: what `inkspan stats` prints.
type Stats struct {
	Documents  int                       `json:"documents"`
	Spans      int                       `json:"spans"`
	Labels     map[string]int            `json:"labels"`     // label -> spans, every label listed
	Annotators map[string]map[Status]int `json:"annotators"` // annotator -> status -> documents
}
