package ddbjson_test

import (
	"strings"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// order is benchtest.Order with a hand-written JSON decoder: what the
// generator is to emit per model (see the package documentation), written
// out for one model so the path is tested end to end before it is
// generated. It decodes exactly as the generated UnmarshalItem does.
type order benchtest.Order

var orderNames = [...]string{"customer_id", "order_date", "status", "total", "items", "expires_at", "version"}

func (v *order) DecodeJSONItem(m *ddbjson.Map) error {
	for m.Next() {
		i := -1
		switch name := m.Name(); name {
		case "customer_id":
			i = 0
		case "order_date":
			i = 1
		case "status":
			i = 2
		case "total":
			i = 3
		case "items":
			i = 4
		case "expires_at":
			i = 5
		case "version":
			i = 6
		default:
			// attributevalue matches a name case-insensitively when no
			// attribute has it exactly (an exact one wins: not handled
			// here, as no test body has both).
			for j, n := range orderNames {
				if strings.EqualFold(name, n) {
					i = j
					break
				}
			}
		}
		if i < 0 {
			continue
		}
		if err := v.decodeField(i, m.Value()); err != nil {
			return ddb.DecodeAt(orderNames[i], err)
		}
	}
	return m.Err()
}

func (v *order) decodeField(i int, av *ddbjson.Value) error {
	if av.IsNull() {
		switch i {
		case 0:
			v.CustomerID = ""
		case 1:
			v.OrderDate = ""
		case 2:
			v.Status = ""
		case 3:
			v.Total = 0
		case 4:
			v.Items = nil
		case 5:
			v.ExpiresAt = 0
		case 6:
			v.Version = 0
		}
		return nil
	}
	var err error
	switch i {
	case 0:
		v.CustomerID, err = str(av)
	case 1:
		v.OrderDate, err = str(av)
	case 2:
		v.Status, err = str(av)
	case 3:
		if av.Type() != ddbjson.TypeN {
			return &ddb.DecodeError{Want: "N", Got: av.Type().String()}
		}
		if v.Total, err = av.Float(64); err != nil {
			n, _ := av.N()
			return &ddb.DecodeError{Want: "number", Got: `"` + n + `"`, Err: err}
		}
	case 4:
		return v.decodeItems(av)
	case 5, 6:
		if av.Type() != ddbjson.TypeN {
			return &ddb.DecodeError{Want: "N", Got: av.Type().String()}
		}
		n, err := av.Int(64)
		if err != nil {
			s, _ := av.N()
			return &ddb.DecodeError{Want: "integer", Got: `"` + s + `"`, Err: err}
		}
		if i == 5 {
			v.ExpiresAt = n
		} else {
			v.Version = n
		}
	}
	return err
}

func str(av *ddbjson.Value) (string, error) {
	if av.Type() != ddbjson.TypeS {
		return "", &ddb.DecodeError{Want: "S", Got: av.Type().String()}
	}
	return av.S()
}

// decodeItems decodes a []string as attributevalue does: from an L of S,
// or from an SS.
func (v *order) decodeItems(av *ddbjson.Value) error {
	switch av.Type() {
	case ddbjson.TypeL:
		l, err := av.L()
		if err != nil {
			return err
		}
		out := v.Items[:0]
		if out == nil {
			out = make([]string, 0, 4)
		}
		for n := 0; l.Next(); n++ {
			s, err := str(l.Value())
			if err != nil {
				return ddb.DecodeAtIndex(n, err)
			}
			out = append(out, s)
		}
		v.Items = out
		return l.Err()
	case ddbjson.TypeSS:
		s, err := av.Set()
		if err != nil {
			return err
		}
		out := v.Items[:0]
		if out == nil {
			out = []string{}
		}
		for s.Next() {
			out = append(out, s.Text())
		}
		v.Items = out
		return s.Err()
	}
	return &ddb.DecodeError{Want: "L|SS", Got: av.Type().String()}
}
