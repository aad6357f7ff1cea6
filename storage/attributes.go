package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"

	"github.com/inkspan/inkspan/model"
)

// attrText marks an attribute typed freely in the column's encoding.
const attrText = "text"

// canonicalAttributes returns as in canonical order, nil for none, without
// changing the caller's slice: what the column stores and what a write
// returns.
func canonicalAttributes(as model.Attributes) model.Attributes {
	if len(as) == 0 {
		return nil
	}
	out := slices.Clone(as)
	model.SortAttributes(out)
	return out
}

// encodeAttributes gives the spans.attributes value of a span's
// attributes, which are in canonical order (canonicalAttributes): nil
// (NULL) for none, else a JSON array of ["name"] (a flag),
// ["name", "value"] (chosen) and ["name", "value", "text"] (typed), as
// schema 14 describes.
func encodeAttributes(as model.Attributes) (any, error) {
	if len(as) == 0 {
		return nil, nil
	}
	rows := make([][]string, len(as))
	for i, a := range as {
		switch {
		case a.Text:
			rows[i] = []string{a.Name, a.Value, attrText}
		case a.Value == "":
			rows[i] = []string{a.Name}
		default:
			rows[i] = []string{a.Name, a.Value}
		}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// decodeAttributes reads a spans.attributes value: nil for NULL.
func decodeAttributes(b []byte) (model.Attributes, error) {
	if b == nil {
		return nil, nil
	}
	var rows [][]string
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, model.Errorf(model.EINTERNAL, "a span's attributes cannot be read (%v): the project file is damaged", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	as := make(model.Attributes, len(rows))
	for i, r := range rows {
		if len(r) == 0 || len(r) > 3 || (len(r) == 3 && r[2] != attrText) {
			return nil, model.Errorf(model.EINTERNAL, "a span's attributes cannot be read (element %d is %q): the project file is damaged", i, r)
		}
		as[i].Name = r[0]
		if len(r) > 1 {
			as[i].Value = r[1]
		}
		as[i].Text = len(r) == 3
	}
	return as, nil
}

// hasAttributes reports whether any of spans carries attributes: a write
// of spans without any takes the statements it took before schema 14.
func hasAttributes(spans []model.Span) bool {
	for _, s := range spans {
		if len(s.Attributes) > 0 {
			return true
		}
	}
	return false
}

// attributesInUse reads the attribute names the project's spans carry and
// the values chosen with each (app.ReadTx.AttributesInUse). The column's
// elements are ["name"], ["name", "value"] or ["name", "value", "text"]:
// only the two-element ones give a value to offer. One pass over the
// spans with attributes; DISTINCT leaves SQLite one row per name and
// value, whatever the number of spans.
func attributesInUse(ctx context.Context, q querier) ([]model.AttributeUse, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT json_extract(j.value, '$[0]'),
			CASE WHEN json_array_length(j.value) = 2 THEN json_extract(j.value, '$[1]') END
		FROM spans s, json_each(s.attributes) j WHERE s.attributes IS NOT NULL
		ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AttributeUse
	for rows.Next() {
		var name string
		var value sql.NullString
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Name != name {
			out = append(out, model.AttributeUse{Name: name})
		}
		u := &out[len(out)-1]
		switch {
		case !value.Valid:
		case len(u.Values) == model.MaxAttributeValues:
			u.More = true
		default:
			u.Values = append(u.Values, value.String)
		}
	}
	return out, rows.Err()
}

// AttributesInUse returns the project's attribute names and their chosen
// values (app.ReadTx).
func (r ReadTx) AttributesInUse(ctx context.Context) ([]model.AttributeUse, error) {
	return attributesInUse(ctx, r.q)
}

// AttributesInUse sees the transaction's own changes (app.ReadTx).
func (t *WriteTx) AttributesInUse(ctx context.Context) ([]model.AttributeUse, error) {
	return t.reads().AttributesInUse(ctx)
}
