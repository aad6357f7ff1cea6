package formats

import (
	"fmt"
	"path"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// Prodigy's review recipe shows a reviewer every annotator's version of a
// task and saves what the reviewer settles on. The record it saves is the
// reviewed task (text, spans, relations, answer, the reviewer's
// _session_id) with "versions": one object per distinct annotation of the
// task, each a copy of the annotated task (its own spans, answer and
// relations) with "sessions", the sessions that made it, and "default",
// true for the one preselected because most sessions made it. For manual
// annotations (ner.manual, spans.manual, rel.manual) the versions differ in
// their spans; for binary ones (ner.teach) in their answers. See
// testdata/prodigy-review/README.md for where this shape comes from.

// review reads a review record's "versions" (raw, a checked JSON value)
// into rec.Versions, one Version per session, and marks rec a review. Each
// version's spans are checked against the record's text as the record's
// own are; a version whose text is not the record's is refused, since its
// offsets would point elsewhere. The review's own bookkeeping at the top
// level ("sessions", the default version's, and "view_id") is left out of
// the document's metadata, built again from meta without it: it says
// nothing about the text. It uses the reader's span scratch and leaves it
// as it found it, holding the record's own spans. It returns a problem, or
// "".
func (r *jsonlReader) review(rec *Record, raw, meta []byte, text string, runes int) string {
	if raw[0] != '[' {
		return `"versions" must be a list of Prodigy review versions, not ` + jsonKind(raw)
	}
	extras := r.extras[:0]
	for _, e := range r.extras {
		if e.key != "sessions" && e.key != "view_id" {
			extras = append(extras, e)
		}
	}
	if len(extras) != len(r.extras) {
		r.extras = extras
		rec.Meta = r.buildMeta(meta)
	}
	spans, spanAt, problem := r.spans, r.spanAt, r.problem
	defer func() { r.spans, r.spanAt, r.problem = spans, spanAt, problem }()
	rec.Review = true
	arr := arrayIter{b: raw, depth: 1}
	for k := 0; arr.nextElem(); k++ {
		end := scanValue(raw, arr.i, 2)
		if raw[arr.i] != '{' {
			return fmt.Sprintf("versions[%d]: a version must be an object with \"spans\" and \"sessions\", not %s", k, jsonKind(raw[arr.i:end]))
		}
		versions, problem := r.reviewVersion(raw, arr.i, k, text, runes)
		if problem != "" {
			return problem
		}
		rec.Versions = append(rec.Versions, versions...)
		if !arr.took(end) {
			break
		}
	}
	return ""
}

// reviewVersion reads version k, the object at b[i], as one Version for
// each session that made it.
func (r *jsonlReader) reviewVersion(b []byte, i, k int, text string, runes int) ([]Version, string) {
	r.spans, r.spanAt, r.problem = nil, nil, ""
	field := fmt.Sprintf("versions[%d]", k)
	var sessions, answer, relations, vtext, who, def []byte
	obj := objectIter{b: b, i: i, depth: 2}
	for obj.nextKey() {
		var end int
		key := obj.key()
		if key == "spans" {
			end = r.objectSpans(b, obj.i, field+".spans", "start", "end")
		} else {
			end = scanValue(b, obj.i, 3)
		}
		if !obj.took(end) {
			break
		}
		switch key {
		case "sessions":
			sessions = obj.Val
		case "answer":
			answer = obj.Val
		case "relations":
			relations = obj.Val
		case "text":
			vtext = obj.Val
		case "_annotator_id":
			who = obj.Val
		case "_session_id":
			if who == nil {
				who = obj.Val
			}
		case "default":
			def = obj.Val
		}
	}
	if !isNull(vtext) && (vtext[0] != '"' || unquote(vtext) != text) {
		return nil, field + ": the version's text is not the reviewed record's, so its offsets would point elsewhere"
	}
	v := Version{Default: string(def) == "true"}
	switch a := string(answer); a {
	case "", "null":
	case `"accept"`, `"reject"`, `"ignore"`:
		v.Answer = a[1 : len(a)-1]
	default:
		return nil, fmt.Sprintf(`%s: "answer" must be "accept", "reject" or "ignore", not %s`, field, shorten(answer))
	}
	names, problem := r.versionSessions(sessions, who, field)
	if problem != "" {
		return nil, problem
	}
	if v.Answer == "reject" || v.Answer == "ignore" {
		// As for a record: the spans were turned down, or never judged,
		// and the set is skipped. A review shows no ignored versions.
		v.Status = model.StatusSkipped
		if len(r.spans) > 0 {
			r.addNotKept("rejected spans", len(r.spans)*len(names))
		}
	} else {
		if r.problem != "" {
			return nil, r.problem
		}
		for j, s := range r.spans {
			if err := s.Validate(runes, nil); err != nil {
				return nil, fmt.Sprintf("%s[%d]: %s", r.spanAt[j].field, r.spanAt[j].index, err)
			}
		}
		v.Spans = append(v.Spans, r.spans...)
		if !isNull(relations) {
			rels, problem := r.relations(relations)
			if problem != "" {
				return nil, field + ": " + problem
			}
			v.Relations = rels
		}
	}
	out := make([]Version, len(names))
	for j, name := range names {
		out[j] = v
		out[j].Annotator = name
	}
	return out, ""
}

// versionSessions reads a version's "sessions", the sessions that made it;
// a version without them is the session its _annotator_id or _session_id
// names.
func (r *jsonlReader) versionSessions(sessions, who []byte, field string) ([]string, string) {
	var names []string
	switch {
	case !isNull(sessions) && sessions[0] == '[':
		arr := arrayIter{b: sessions, depth: 3}
		for n := 0; arr.next(); n++ {
			if arr.Val[0] != '"' || unquote(arr.Val) == "" {
				return nil, fmt.Sprintf("%s.sessions[%d]: a session must be a non-empty string, not %s", field, n, jsonKind(arr.Val))
			}
			names = append(names, r.intern(arr.Val))
		}
	case !isNull(sessions):
		return nil, fmt.Sprintf("%s: \"sessions\" must be a list of session names, not %s", field, jsonKind(sessions))
	case !isNull(who) && who[0] == '"' && unquote(who) != "":
		names = []string{r.intern(who)}
	}
	if len(names) == 0 {
		return nil, field + ": the version names no session (\"sessions\", \"_annotator_id\" or \"_session_id\"), so it is no one's"
	}
	return names, ""
}

// doccanoFileUser is the user a doccano 1.x export file is named after:
// for a project without collaborative annotation doccano writes one file
// per member, "alice.jsonl", into the zip it offers; the collaborative
// export is "all.jsonl", everyone's labels together, no one's.
func doccanoFileUser(base string) string {
	name := strings.TrimSuffix(base, path.Ext(base))
	if name == "" || name == "all" {
		return ""
	}
	return name
}
