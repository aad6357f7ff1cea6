package learn

import (
	"bytes"
	"encoding/gob"

	"github.com/inkspan/inkspan/model"
	"github.com/inkspan/inkspan/model/suggest"
)

// formatVersion is the version of a saved model. A change to the features
// (a template's meaning, the hashing) or the encoding takes a new number,
// and an older model then fails to load: the project retrains it rather
// than tag with weights that mean something else.
const formatVersion = 1

// saved is a model as MarshalBinary writes it. Features are listed by row,
// so the bytes do not depend on map order.
type saved struct {
	Version    int
	Labels     []string
	Overlap    bool
	Features   []uint64 // hash of the feature of each weight row
	Taggers    []savedTagger
	Dictionary []suggest.Entry
	Scale      float64
	CalA, CalB float64
}

type savedTagger struct {
	Labels              []string
	Weights, Trans, End []float64
}

// MarshalBinary encodes the model for storing with the project. Patterns
// are not included (the project keeps them; see SetPatterns).
func (m *Model) MarshalBinary() ([]byte, error) {
	s := saved{Version: formatVersion, Labels: m.labels, Overlap: m.overlap, Features: m.index.hashes,
		Dictionary: m.entries, Scale: m.scale, CalA: m.calA, CalB: m.calB}
	for _, g := range m.taggers {
		s.Taggers = append(s.Taggers, savedTagger{Labels: g.labels, Weights: g.w, Trans: g.trans, End: g.final})
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		return nil, model.Errorf(model.EINTERNAL, "encode the model: %v", err)
	}
	return buf.Bytes(), nil
}

// Load decodes a model MarshalBinary encoded. Errors: EINVALID when the
// data is not a model, or one saved by another version of the program
// (retrain it).
func Load(data []byte) (*Model, error) {
	var s saved
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, model.Errorf(model.EINVALID, "the saved model cannot be read: %v", err)
	}
	if s.Version != formatVersion {
		return nil, model.Errorf(model.EINVALID, "the saved model is of version %d and this program reads version %d: train it again", s.Version, formatVersion)
	}
	if err := validateOptions(Options{Labels: s.Labels}); err != nil {
		return nil, model.Errorf(model.EINVALID, "the saved model's labels: %s", model.ErrorMessage(err))
	}
	m := &Model{labels: s.Labels, overlap: s.Overlap, index: newFeatureIndex(len(s.Features)),
		entries: s.Dictionary, scale: s.Scale, calA: s.CalA, calB: s.CalB}
	for _, h := range s.Features {
		m.index.add(h)
	}
	if m.index.len() != len(s.Features) {
		return nil, model.Errorf(model.EINVALID, "the saved model lists a feature twice")
	}
	for _, st := range s.Taggers {
		g := &tagger{labels: st.Labels, nTags: 1 + 2*len(st.Labels), w: st.Weights, trans: st.Trans, final: st.End}
		if len(st.Labels) == 0 || len(g.w) != len(s.Features)*g.nTags || len(g.trans) != (g.nTags+1)*g.nTags || len(g.final) != g.nTags {
			return nil, model.Errorf(model.EINVALID, "the saved model's weights do not match its features and labels")
		}
		for _, l := range st.Labels {
			if !contains(s.Labels, l) {
				return nil, model.Errorf(model.EINVALID, "the saved model tags label %s, which it does not list", l)
			}
		}
		m.taggers = append(m.taggers, g)
	}
	if len(m.taggers) == 0 {
		return nil, model.Errorf(model.EINVALID, "the saved model has no tagger")
	}
	m.dict, m.lower = newDictionaries(m.entries)
	return m, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
