package agree

import (
	"slices"

	"github.com/inkspan/inkspan/model"
)

// Attributes returns the attributes every annotator who made m gave their
// span, in canonical order (nil for none): what the gold version takes
// when the reviewer accepts m. One some of them gave and others did not
// is a disagreement, left for the reviewer to set in the span panel.
func Attributes(sets map[string][]model.Span, m Mark) model.Attributes {
	var common model.Attributes
	for i, who := range m.By {
		j := slices.IndexFunc(sets[who], m.Span.SameAs)
		if j < 0 {
			return nil
		}
		theirs := sets[who][j].Attributes
		if i == 0 {
			common = slices.Clone(theirs)
			continue
		}
		common = slices.DeleteFunc(common, func(a model.Attribute) bool { return !slices.Contains(theirs, a) })
	}
	if len(common) == 0 {
		return nil
	}
	model.SortAttributes(common)
	return common
}
