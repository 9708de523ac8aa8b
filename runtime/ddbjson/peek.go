package ddbjson

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// peek reads the attributes of m named in names into the SDK's form, then
// puts m back where it was, so that the item can still be decoded from its
// first attribute: a BatchGetItem answer's items are matched to the
// requested keys by their key attributes, which may come anywhere in the
// object. An attribute missing from the item is missing from the result.
func (m *Map) peek(names []string) (map[string]types.AttributeValue, error) {
	saved, i, depth := *m, m.r.i, m.r.depth
	out := make(map[string]types.AttributeValue, len(names))
	for m.Next() {
		for _, n := range names {
			if m.NameIs(n) {
				av, err := m.Value().AttributeValue()
				if err != nil {
					return nil, err
				}
				out[n] = av
				break
			}
		}
	}
	if err := m.Err(); err != nil {
		return nil, err
	}
	*m, m.r.i, m.r.depth = saved, i, depth
	return out, nil
}

// empty reports whether m, not yet read, has no attributes.
func (m *Map) empty() bool { return m.first && m.r.peek() == '}' }

// has reports whether the image holds attribute name.
func (im Image) has(name string) (bool, error) {
	r := newScanner(im.b[:im.end])
	r.i = im.start
	m := &Map{r: &r, first: true}
	if !r.open('{') {
		return false, r.err
	}
	for m.Next() {
		if m.NameIs(name) {
			return true, nil
		}
	}
	return false, m.Err()
}
