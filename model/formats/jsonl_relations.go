package formats

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// jsonIDString is an id as written in JSON, for matching: a string
// unquoted, a number as written; "" for null or anything else.
func jsonIDString(raw []byte) string {
	switch {
	case isNull(raw):
		return ""
	case raw[0] == '"':
		return "s:" + unquote(raw)
	case raw[0] == '-' || isDigit(raw[0]):
		return "n:" + string(raw)
	}
	return ""
}

// jsonlRelation is one element of a record's "relations", in either
// tool's shape: doccano's from_id, to_id and type (over "entities" with
// ids), Prodigy's head and child (token indexes: the token_end of each
// span), head_span and child_span, and label.
type jsonlRelation struct {
	FromID    json.RawMessage `json:"from_id"`
	ToID      json.RawMessage `json:"to_id"`
	Type      json.RawMessage `json:"type"`
	Head      *int            `json:"head"`
	Child     *int            `json:"child"`
	HeadSpan  *jsonlRelSpan   `json:"head_span"`
	ChildSpan *jsonlRelSpan   `json:"child_span"`
	Label     json.RawMessage `json:"label"`
	Note      string          `json:"note"` // Inkspan's own, which Prodigy ignores
}

// jsonlRelSpan is a Prodigy relation's copy of one of its spans.
type jsonlRelSpan struct {
	Start *int   `json:"start"`
	End   *int   `json:"end"`
	Label string `json:"label"`
}

// relations reads the record's "relations" against the spans just read
// (r.spans, r.spanAt): each names its two spans, which must be among them.
// Relations are rare and short next to the rest of a line, so they are
// decoded with encoding/json rather than scanned in place.
func (r *jsonlReader) relations(raw []byte) ([]Relation, string) {
	var list []jsonlRelation
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Sprintf(`"relations" must be a list of relation objects (%s)`, err)
	}
	if len(list) == 0 {
		return nil, ""
	}
	out := make([]Relation, 0, len(list))
	for k, rel := range list {
		var from, to int
		var problem string
		var label json.RawMessage
		switch {
		case rel.FromID != nil || rel.ToID != nil:
			label = rel.Type
			if from, problem = r.relEntity(rel.FromID, k, "from_id"); problem == "" {
				to, problem = r.relEntity(rel.ToID, k, "to_id")
			}
		case rel.Head != nil || rel.HeadSpan != nil:
			label = rel.Label
			if from, problem = r.relSpan(rel.HeadSpan, rel.Head, k, "head"); problem == "" {
				to, problem = r.relSpan(rel.ChildSpan, rel.Child, k, "child")
			}
		default:
			return nil, fmt.Sprintf("relations[%d]: want from_id and to_id (doccano) or head and child (Prodigy)", k)
		}
		if problem != "" {
			return nil, problem
		}
		if len(label) == 0 || label[0] != '"' || unquote(label) == "" {
			return nil, fmt.Sprintf("relations[%d]: the relation's label (doccano's \"type\", Prodigy's \"label\") must be a non-empty string", k)
		}
		if from == to {
			return nil, fmt.Sprintf("relations[%d]: relates span %d to itself", k, from)
		}
		out = append(out, Relation{From: from, To: to, Label: unquote(label), Note: rel.Note})
	}
	return out, ""
}

// relEntity finds the span whose doccano entity id is raw.
func (r *jsonlReader) relEntity(raw json.RawMessage, k int, name string) (int, string) {
	id := jsonIDString(raw)
	if id == "" {
		return 0, fmt.Sprintf("relations[%d]: %s must be an entity's id", k, name)
	}
	for i, at := range r.spanAt {
		if at.id == id {
			return i, ""
		}
	}
	return 0, fmt.Sprintf("relations[%d]: %s %s names no entity of this record", k, name, string(raw))
}

// relSpan finds a Prodigy relation's span: by its copy (offsets and
// label), else by its token, the token_end of the span.
func (r *jsonlReader) relSpan(span *jsonlRelSpan, token *int, k int, name string) (int, string) {
	if span != nil && span.Start != nil && span.End != nil {
		for i, s := range r.spans {
			if s.Start == *span.Start && s.End == *span.End && (span.Label == "" || s.Label == span.Label) {
				return i, ""
			}
		}
		return 0, fmt.Sprintf("relations[%d]: %s_span [%d, %d) %s is not one of the record's spans", k, name, *span.Start, *span.End, span.Label)
	}
	if token != nil {
		for i, at := range r.spanAt {
			if at.tokenEnd == *token {
				return i, ""
			}
		}
		return 0, fmt.Sprintf("relations[%d]: %s %s is the last token of none of the record's spans", k, name, strconv.Itoa(*token))
	}
	return 0, fmt.Sprintf("relations[%d]: missing %s_span", k, name)
}
