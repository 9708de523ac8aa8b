package ddb

import (
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Per-kind helpers of the generated codec: one call per field instead of an
// inlined type switch. Decoders accept exactly the attribute value types
// attributevalue accepts for the Go kind, set the zero value for NULL or a
// missing value, and return a *DecodeError (without the attribute's name,
// which the caller adds) for anything else. The Put functions fill a
// preallocated member and return it, so an item's scalar attributes share
// one allocation.

// Signed, Unsigned and Float are the integer and float kinds.
type (
	Signed interface {
		~int | ~int8 | ~int16 | ~int32 | ~int64
	}
	Unsigned interface {
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
	}
	Float interface{ ~float32 | ~float64 }
)

func bitsOf[V any]() int {
	var v V
	return int(unsafe.Sizeof(v)) * 8
}

// DecodeString decodes an S (or an N, as attributevalue allows) into a string.
func DecodeString[V ~string](av types.AttributeValue, dst *V) error {
	switch x := av.(type) {
	case *types.AttributeValueMemberS:
		if x == nil {
			return NilMember("S")
		}
		*dst = V(x.Value)
	case *types.AttributeValueMemberN:
		if x == nil {
			return NilMember("N")
		}
		*dst = V(x.Value)
	case nil, *types.AttributeValueMemberNULL:
		*dst = ""
	default:
		return WrongType("S|N", av)
	}
	return nil
}

// numberText returns the text of an N, or of an S when text is true (the
// "string" option); ok is false for NULL or a missing value.
func numberText(av types.AttributeValue, text bool) (s string, ok bool, err error) {
	switch x := av.(type) {
	case *types.AttributeValueMemberN:
		if x == nil {
			return "", false, NilMember("N")
		}
		return x.Value, true, nil
	case *types.AttributeValueMemberS:
		if text {
			if x == nil {
				return "", false, NilMember("S")
			}
			return x.Value, true, nil
		}
	case nil, *types.AttributeValueMemberNULL:
		return "", false, nil
	}
	if text {
		return "", false, WrongType("N|S", av)
	}
	return "", false, WrongType("N", av)
}

// DecodeInt decodes an N into a signed integer, with overflow checks.
func DecodeInt[V Signed](av types.AttributeValue, dst *V) error { return decodeInt(av, dst, false) }

// DecodeIntText decodes an N or an S (the "string" option) into a signed integer.
func DecodeIntText[V Signed](av types.AttributeValue, dst *V) error {
	return decodeInt(av, dst, true)
}

func decodeInt[V Signed](av types.AttributeValue, dst *V, text bool) error {
	s, ok, err := numberText(av, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ParseInt(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeUint decodes an N into an unsigned integer, with overflow checks.
func DecodeUint[V Unsigned](av types.AttributeValue, dst *V) error {
	return decodeUint(av, dst, false)
}

// DecodeUintText decodes an N or an S (the "string" option) into an unsigned integer.
func DecodeUintText[V Unsigned](av types.AttributeValue, dst *V) error {
	return decodeUint(av, dst, true)
}

func decodeUint[V Unsigned](av types.AttributeValue, dst *V, text bool) error {
	s, ok, err := numberText(av, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ParseUint(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeFloat decodes an N into a float.
func DecodeFloat[V Float](av types.AttributeValue, dst *V) error { return decodeFloat(av, dst, false) }

// DecodeFloatText decodes an N or an S (the "string" option) into a float.
func DecodeFloatText[V Float](av types.AttributeValue, dst *V) error {
	return decodeFloat(av, dst, true)
}

func decodeFloat[V Float](av types.AttributeValue, dst *V, text bool) error {
	s, ok, err := numberText(av, text)
	if !ok {
		*dst = 0
		return err
	}
	n, err := ParseFloat(s, bitsOf[V]())
	if err != nil {
		return err
	}
	*dst = V(n)
	return nil
}

// DecodeBool decodes a BOOL.
func DecodeBool[V ~bool](av types.AttributeValue, dst *V) error {
	switch x := av.(type) {
	case *types.AttributeValueMemberBOOL:
		if x == nil {
			return NilMember("BOOL")
		}
		*dst = V(x.Value)
	case nil, *types.AttributeValueMemberNULL:
		*dst = false
	default:
		return WrongType("BOOL", av)
	}
	return nil
}

// DecodeBytes decodes a B, reusing dst's array when it is large enough.
func DecodeBytes[V ~[]byte](av types.AttributeValue, dst *V) error {
	switch x := av.(type) {
	case *types.AttributeValueMemberB:
		if x == nil {
			return NilMember("B")
		}
		*dst = CopyBytes(*dst, x.Value)
	case nil, *types.AttributeValueMemberNULL:
		*dst = nil
	default:
		return WrongType("B", av)
	}
	return nil
}

// DecodeTime decodes an S in RFC 3339 or an N of unix seconds.
func DecodeTime(av types.AttributeValue, dst *time.Time) error { return decodeTime(av, dst, false) }

// DecodeTimeText decodes an S or an N of unix seconds (the "string" option).
func DecodeTimeText(av types.AttributeValue, dst *time.Time) error {
	return decodeTime(av, dst, true)
}

func decodeTime(av types.AttributeValue, dst *time.Time, unixText bool) error {
	var err error
	switch x := av.(type) {
	case *types.AttributeValueMemberS:
		if x == nil {
			return NilMember("S")
		}
		if unixText {
			*dst, err = ParseUnixTime(x.Value)
		} else {
			*dst, err = ParseTime(x.Value)
		}
	case *types.AttributeValueMemberN:
		if x == nil {
			return NilMember("N")
		}
		*dst, err = ParseUnixTime(x.Value)
	case nil, *types.AttributeValueMemberNULL:
		*dst = time.Time{}
	default:
		return WrongType("S|N", av)
	}
	return err
}

// PutS stores v in the preallocated member m and returns it.
func PutS(m *types.AttributeValueMemberS, v string) types.AttributeValue {
	m.Value = v
	return m
}

// PutN stores the number text v in m and returns it.
func PutN(m *types.AttributeValueMemberN, v string) types.AttributeValue {
	m.Value = v
	return m
}

// PutB stores v in m and returns it.
func PutB(m *types.AttributeValueMemberB, v []byte) types.AttributeValue {
	m.Value = v
	return m
}

// PutBOOL stores v in m and returns it.
func PutBOOL(m *types.AttributeValueMemberBOOL, v bool) types.AttributeValue {
	m.Value = v
	return m
}

// PutNULL marks m NULL and returns it.
func PutNULL(m *types.AttributeValueMemberNULL, v bool) types.AttributeValue {
	m.Value = v
	return m
}

// PutL stores v in m and returns it.
func PutL(m *types.AttributeValueMemberL, v []types.AttributeValue) types.AttributeValue {
	m.Value = v
	return m
}

// PutM stores v in m and returns it.
func PutM(m *types.AttributeValueMemberM, v map[string]types.AttributeValue) types.AttributeValue {
	m.Value = v
	return m
}

// PutSS stores v in m and returns it.
func PutSS(m *types.AttributeValueMemberSS, v []string) types.AttributeValue {
	m.Value = v
	return m
}

// PutNS stores v in m and returns it.
func PutNS(m *types.AttributeValueMemberNS, v []string) types.AttributeValue {
	m.Value = v
	return m
}

// PutBS stores v in m and returns it.
func PutBS(m *types.AttributeValueMemberBS, v [][]byte) types.AttributeValue {
	m.Value = v
	return m
}

// DecodeStrings decodes into a slice of strings what attributevalue accepts
// for one: an L of S or N, an SS, an NS, or an empty BS. dst's array is
// reused when it is large enough.
func DecodeStrings[V ~string](av types.AttributeValue, dst *[]V) error {
	return decodeSlice(av, dst, DecodeString[V], func(s string, e *V) error { *e = V(s); return nil }, true, true, "S|N")
}

// DecodeInts decodes an L of N, or an NS, into a slice of signed integers
// (an SS or BS only when empty).
func DecodeInts[V Signed](av types.AttributeValue, dst *[]V) error {
	return decodeSlice(av, dst, DecodeInt[V], func(s string, e *V) error {
		n, err := ParseInt(s, bitsOf[V]())
		*e = V(n)
		return err
	}, false, true, "N")
}

// DecodeUints decodes an L of N, or an NS, into a slice of unsigned integers.
func DecodeUints[V Unsigned](av types.AttributeValue, dst *[]V) error {
	return decodeSlice(av, dst, DecodeUint[V], func(s string, e *V) error {
		n, err := ParseUint(s, bitsOf[V]())
		*e = V(n)
		return err
	}, false, true, "N")
}

// DecodeFloats decodes an L of N, or an NS, into a slice of floats.
func DecodeFloats[V Float](av types.AttributeValue, dst *[]V) error {
	return decodeSlice(av, dst, DecodeFloat[V], func(s string, e *V) error {
		n, err := ParseFloat(s, bitsOf[V]())
		*e = V(n)
		return err
	}, false, true, "N")
}

// decodeSlice decodes an L (each element with elem) or an SS or NS (each
// element's text with text, when accepted) into *dst; a set it does not
// accept is an error unless empty, as in attributevalue.
func decodeSlice[E any](av types.AttributeValue, dst *[]E, elem func(types.AttributeValue, *E) error, text func(string, *E) error, ss, ns bool, want string) error {
	grow := func(n int) {
		if *dst == nil || cap(*dst) < n {
			*dst = make([]E, 0, n)
		}
	}
	texts := func(vals []string, accepted bool) error {
		grow(len(vals))
		if !accepted {
			if len(vals) > 0 {
				return DecodeAtIndex(0, WrongType(want, av))
			}
			return nil
		}
		for i, s := range vals {
			*dst = (*dst)[:i+1]
			if err := text(s, &(*dst)[i]); err != nil {
				return DecodeAtIndex(i, err)
			}
		}
		return nil
	}
	switch x := av.(type) {
	case *types.AttributeValueMemberL:
		if x == nil {
			return NilMember("L")
		}
		grow(len(x.Value))
		for i, e := range x.Value {
			*dst = (*dst)[:i+1]
			if err := elem(e, &(*dst)[i]); err != nil {
				return DecodeAtIndex(i, err)
			}
		}
	case *types.AttributeValueMemberSS:
		if x == nil {
			return NilMember("SS")
		}
		return texts(x.Value, ss)
	case *types.AttributeValueMemberNS:
		if x == nil {
			return NilMember("NS")
		}
		return texts(x.Value, ns)
	case *types.AttributeValueMemberBS:
		if x == nil {
			return NilMember("BS")
		}
		grow(len(x.Value))
		if len(x.Value) > 0 {
			return DecodeAtIndex(0, WrongType(want, av))
		}
	case nil, *types.AttributeValueMemberNULL:
		*dst = nil
	default:
		return WrongType("L|SS|NS|BS", av)
	}
	return nil
}

// DecodeStringMap decodes an M into a map of strings with string keys;
// entries already in *dst stay unless overwritten, as in attributevalue.
func DecodeStringMap[V ~string](av types.AttributeValue, dst *map[string]V) error {
	switch x := av.(type) {
	case *types.AttributeValueMemberM:
		if x == nil {
			return NilMember("M")
		}
		if *dst == nil {
			*dst = make(map[string]V, len(x.Value))
		}
		for k, e := range x.Value {
			var v V
			if err := DecodeString(e, &v); err != nil {
				return DecodeAt(k, err)
			}
			(*dst)[k] = v
		}
	case nil, *types.AttributeValueMemberNULL:
		*dst = nil
	default:
		return WrongType("M", av)
	}
	return nil
}
