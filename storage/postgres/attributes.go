package postgres

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/inkspan/inkspan/model"
)

// AttributesInUse returns the attribute names the project's spans carry,
// each with the distinct values chosen with it (app.ReadTx). An element
// of the jsonb column is {"name", "value", "text"}: a chosen value has a
// value and no text mark; a flag and typed text give the name alone.
// DISTINCT leaves one row per name and value, whatever the number of
// spans; they are sorted here, byte-wise as the project file sorts them
// (a language's collation would order them otherwise).
func (r ReadTx) AttributesInUse(ctx context.Context) ([]model.AttributeUse, error) {
	rows, err := r.q.Query(ctx, `SELECT DISTINCT e->>'name',
			CASE WHEN coalesce(e->>'value', '') <> '' AND NOT coalesce((e->>'text')::boolean, false)
				THEN e->>'value' END
		FROM spans s, jsonb_array_elements(s.attributes) e WHERE s.attributes IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type pair struct {
		name  string
		value *string
	}
	var pairs []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.name, &p.value); err != nil {
			return nil, err
		}
		pairs = append(pairs, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		switch {
		case a.value == nil || b.value == nil:
			return cmp.Compare(boolInt(a.value != nil), boolInt(b.value != nil))
		}
		return strings.Compare(*a.value, *b.value)
	})
	var out []model.AttributeUse
	for _, p := range pairs {
		if len(out) == 0 || out[len(out)-1].Name != p.name {
			out = append(out, model.AttributeUse{Name: p.name})
		}
		u := &out[len(out)-1]
		switch {
		case p.value == nil:
		case len(u.Values) == model.MaxAttributeValues:
			u.More = true
		default:
			u.Values = append(u.Values, *p.value)
		}
	}
	return out, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
