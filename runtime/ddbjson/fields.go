package ddbjson

import (
	"strings"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// The helpers of generated DecodeJSONItem methods: one per scalar kind,
// each decoding a Value exactly as the ddb.Decode helper of the same name
// decodes the attribute value the SDK's deserializer would have made of it
// (same accepted types, same NULL handling, same parsing, same errors), and
// Via for everything else, which converts the value into the SDK's form and
// hands it to the field's generated map decoder.

func bitsOf[V any]() int {
	var v V
	return int(unsafe.Sizeof(v)) * 8
}

func wrongType(want string, v *Value) error {
	return &ddb.DecodeError{Want: want, Got: v.typ.String()}
}

// FieldIndex returns the index in names of the current attribute of m: its
// exact name, else the first name equal under case folding (as
// attributevalue matches a name no field has exactly), else -1 (an
// attribute the model does not have). Unlike UnmarshalItem, which lets a
// case-folded match win over an exact one of the same item, an item holding
// both ("total" and "Total") decodes them in the order of the body.
func FieldIndex(m *Map, names []string) int {
	for i, n := range names {
		if m.NameIs(n) {
			return i
		}
	}
	name := m.Name()
	for i, n := range names {
		if strings.EqualFold(name, n) {
			return i
		}
	}
	return -1
}

// Via decodes v into field i of x with the field's generated map decoder
// (unmarshal<T>Field): the path of nested structs, maps, sets, custom
// unmarshalers and anything else without a helper of its own here.
func Via[T any](v *Value, x *T, i int, field func(*T, int, types.AttributeValue) error) error {
	av, err := v.AttributeValue()
	if err != nil {
		return err
	}
	return field(x, i, av)
}

// DecodeString decodes an S or an N into a string, as ddb.DecodeString.
func DecodeString[V ~string](v *Value, dst *V) error {
	switch v.typ {
	case TypeS, TypeN:
		*dst = V(v.r.text(v.start, v.end, v.escaped))
	case TypeNULL:
		*dst = ""
	default:
		return wrongType("S|N", v)
	}
	return nil
}

// numberText is the text of an N (or an S with text: the "string" option);
// ok is false for NULL.
func numberText(v *Value, text bool) (s string, ok bool, err error) {
	switch v.typ {
	case TypeN:
		return v.r.text(v.start, v.end, v.escaped), true, nil
	case TypeS:
		if text {
			return v.r.text(v.start, v.end, v.escaped), true, nil
		}
	case TypeNULL:
		return "", false, nil
	}
	if text {
		return "", false, wrongType("N|S", v)
	}
	return "", false, wrongType("N", v)
}

// DecodeInt decodes an N into a signed integer, as ddb.DecodeInt.
func DecodeInt[V ddb.Signed](v *Value, dst *V) error { return decodeInt(v, dst, false) }

// DecodeIntText decodes an N or an S into a signed integer, as ddb.DecodeIntText.
func DecodeIntText[V ddb.Signed](v *Value, dst *V) error { return decodeInt(v, dst, true) }

func decodeInt[V ddb.Signed](v *Value, dst *V, text bool) error {
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ddb.ParseInt(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeUint decodes an N into an unsigned integer, as ddb.DecodeUint.
func DecodeUint[V ddb.Unsigned](v *Value, dst *V) error { return decodeUint(v, dst, false) }

// DecodeUintText decodes an N or an S into an unsigned integer, as ddb.DecodeUintText.
func DecodeUintText[V ddb.Unsigned](v *Value, dst *V) error { return decodeUint(v, dst, true) }

func decodeUint[V ddb.Unsigned](v *Value, dst *V, text bool) error {
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ddb.ParseUint(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeFloat decodes an N into a float, as ddb.DecodeFloat.
func DecodeFloat[V ddb.Float](v *Value, dst *V) error { return decodeFloat(v, dst, false) }

// DecodeFloatText decodes an N or an S into a float, as ddb.DecodeFloatText.
func DecodeFloatText[V ddb.Float](v *Value, dst *V) error { return decodeFloat(v, dst, true) }

func decodeFloat[V ddb.Float](v *Value, dst *V, text bool) error {
	s, ok, err := numberText(v, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ddb.ParseFloat(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeBool decodes a BOOL, as ddb.DecodeBool.
func DecodeBool[V ~bool](v *Value, dst *V) error {
	switch v.typ {
	case TypeBOOL:
		*dst = V(v.boolean)
	case TypeNULL:
		*dst = false
	default:
		return wrongType("BOOL", v)
	}
	return nil
}

// DecodeBytes decodes a B, as ddb.DecodeBytes (reusing dst's array when it
// is large enough).
func DecodeBytes[V ~[]byte](v *Value, dst *V) error {
	switch v.typ {
	case TypeB:
		b, err := decodeB64(v.r.b[v.start:v.end], v.escaped, *dst)
		if err != nil {
			return err
		}
		if b == nil {
			b = []byte{} // as ddb.CopyBytes: never nil
		}
		*dst = V(b)
	case TypeNULL:
		*dst = nil
	default:
		return wrongType("B", v)
	}
	return nil
}

// DecodeStrings decodes an L of S or N, or an SS, into a slice of strings as
// ddb.DecodeStrings does; any other value goes through Via's path (field,
// the generated map decoder of the field), which has the rules of NS and BS.
func DecodeStrings[V ~string, T any](v *Value, dst *[]V, x *T, i int, field func(*T, int, types.AttributeValue) error) error {
	switch v.typ {
	case TypeL:
		l, err := v.L()
		if err != nil {
			return err
		}
		out := (*dst)[:0]
		if out == nil {
			out = make([]V, 0, 4)
		}
		for n := 0; l.Next(); n++ {
			var s V
			if err := DecodeString(l.Value(), &s); err != nil {
				*dst = out
				return ddb.DecodeAtIndex(n, err)
			}
			out = append(out, s)
		}
		*dst = out
		return l.Err()
	case TypeSS:
		s, err := v.Set()
		if err != nil {
			return err
		}
		out := (*dst)[:0]
		if out == nil {
			out = make([]V, 0, 4)
		}
		for s.Next() {
			out = append(out, V(s.Text()))
		}
		*dst = out
		return s.Err()
	}
	return Via(v, x, i, field)
}

// WriteStrings writes a slice of strings as an L of S, as the map codec
// encodes a []string without options.
func WriteStrings[V ~string](w *Writer, ss []V) {
	w.BeginL()
	for _, s := range ss {
		w.S(string(s))
	}
	w.EndL()
}

// DecodeItem is the body of a generated DecodeJSONItem: each attribute of
// m that names a field of v (FieldIndex) is decoded by field, the
// generated decoder of field number i; errors carry the attribute's name.
func DecodeItem[T any](m *Map, v *T, names []string, field func(*T, int, *Value) error) error {
	for m.Next() {
		if i := FieldIndex(m, names); i >= 0 {
			if err := field(v, i, m.Value()); err != nil {
				return ddb.DecodeAt(names[i], err)
			}
		}
	}
	return m.Err()
}

// WriteStringSet writes a string set as the map codec encodes a []string
// with the stringset option: an SS, or NULL when it is empty.
func WriteStringSet(w *Writer, ss []string) {
	if len(ss) == 0 {
		w.Null()
		return
	}
	w.SS(ss, false)
}

// WriteStringMap writes a map[string]string as the map codec encodes one
// without options: an M of S; an empty key is an error.
func WriteStringMap(w *Writer, m map[string]string) error {
	w.BeginM()
	for k, s := range m {
		if k == "" {
			return ddb.EncodeFailed("map key cannot be empty")
		}
		w.Name(k)
		w.S(s)
	}
	w.EndM()
	return nil
}

// WriteTime writes a time.Time as the map codec encodes one: an S in
// RFC 3339 with nanoseconds.
func WriteTime(w *Writer, t time.Time) {
	var b [64]byte
	w.S(string(t.AppendFormat(b[:0], time.RFC3339Nano)))
}
