package ddb

import (
	"strconv"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Encoder turns a Go value into the attribute value the item codec stores
// for it; a nil result means the codec omits the attribute (omitempty).
// Handles use encoders for the operands of conditions and updates, so they
// hold exactly what MarshalItem writes. Generated code composes the encoders
// below, or passes a generated function for types they do not cover.
type Encoder[V any] func(V) (types.AttributeValue, error)

// EncS stores a string as an S.
func EncS[V ~string](v V) (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: string(v)}, nil
}

// EncN stores a number as an N, formatted as attributevalue formats it. A
// NaN or infinite float is an error (ErrInvalidInput): DynamoDB numbers
// cannot hold it.
func EncN[V Num](v V) (types.AttributeValue, error) {
	if f := float64(v); f-f != 0 { // NaN or ±Inf; never true for an integer
		return nil, &EncodeError{Err: notFinite(f)}
	}
	return &types.AttributeValueMemberN{Value: formatNum(v)}, nil
}

// EncNText stores a number as an S (the dynamodbav "string" option); as
// text, NaN and infinities are stored as attributevalue writes them.
func EncNText[V Num](v V) (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: formatNum(v)}, nil
}

// EncNString stores a string holding a number as an N (json.Number and
// attributevalue.Number).
func EncNString[V ~string](v V) (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: string(v)}, nil
}

// EncBool stores a bool as a BOOL.
func EncBool[V ~bool](v V) (types.AttributeValue, error) {
	return &types.AttributeValueMemberBOOL{Value: bool(v)}, nil
}

// EncB stores bytes as a B (a copy); nil is NULL, as in attributevalue.
func EncB[V ~[]byte](v V) (types.AttributeValue, error) {
	if v == nil {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	return &types.AttributeValueMemberB{Value: append([]byte{}, v...)}, nil
}

// EncTime stores a time as an S in RFC 3339 with nanoseconds, as
// attributevalue does by default.
func EncTime(v time.Time) (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: v.Format(time.RFC3339Nano)}, nil
}

// EncUnixTime stores a time as an N of unix seconds (the "unixtime" option).
func EncUnixTime(v time.Time) (types.AttributeValue, error) {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v.Unix(), 10)}, nil
}

// OmitZero omits the zero value (the "omitempty" option on a scalar).
//
//go:noinline
func OmitZero[V comparable](enc Encoder[V]) Encoder[V] {
	return func(v V) (types.AttributeValue, error) {
		var zero V
		if v == zero {
			return nil, nil
		}
		return enc(v)
	}
}

// NullZero stores the zero value as NULL (the "nullempty" option on a scalar).
//
//go:noinline
func NullZero[V comparable](enc Encoder[V]) Encoder[V] {
	return func(v V) (types.AttributeValue, error) {
		var zero V
		if v == zero {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return enc(v)
	}
}

// OmitNilBytes omits nil bytes (the "omitempty" option on []byte).
//
//go:noinline
func OmitNilBytes[V ~[]byte](enc Encoder[V]) Encoder[V] {
	return func(v V) (types.AttributeValue, error) {
		if v == nil {
			return nil, nil
		}
		return enc(v)
	}
}

// OmitNilList omits a nil slice (the "omitempty" option on a list or set).
//
//go:noinline
func OmitNilList[E any](enc Encoder[[]E]) Encoder[[]E] {
	return func(v []E) (types.AttributeValue, error) {
		if v == nil {
			return nil, nil
		}
		return enc(v)
	}
}

// OmitNilMap omits a nil map (the "omitempty" option on a map).
//
//go:noinline
func OmitNilMap[E any](enc Encoder[map[string]E]) Encoder[map[string]E] {
	return func(v map[string]E) (types.AttributeValue, error) {
		if v == nil {
			return nil, nil
		}
		return enc(v)
	}
}

// EncList stores a slice as an L of its elements encoded by elem; nil is
// NULL and an element elem omits is left out, as in attributevalue.
//
//go:noinline
func EncList[E any](elem Encoder[E]) Encoder[[]E] {
	return func(v []E) (types.AttributeValue, error) {
		if v == nil {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		l := make([]types.AttributeValue, 0, len(v))
		for i, e := range v {
			av, err := elem(e)
			if err != nil {
				return nil, EncodeAtIndex(i, err)
			}
			if av != nil {
				l = append(l, av)
			}
		}
		return &types.AttributeValueMemberL{Value: l}, nil
	}
}

// EncMap stores a map as an M of its values encoded by elem; nil is NULL, an
// empty key an error and a value elem omits is left out, as in attributevalue.
//
//go:noinline
func EncMap[E any](elem Encoder[E]) Encoder[map[string]E] {
	return func(v map[string]E) (types.AttributeValue, error) {
		if v == nil {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		m := make(map[string]types.AttributeValue, len(v))
		for k, e := range v {
			if k == "" {
				return nil, EncodeFailed("map key cannot be empty")
			}
			av, err := elem(e)
			if err != nil {
				return nil, EncodeAt(k, err)
			}
			if av != nil {
				m[k] = av
			}
		}
		return &types.AttributeValueMemberM{Value: m}, nil
	}
}

// EncStringSet stores strings as an SS; an empty set is NULL, as in attributevalue.
func EncStringSet[V ~string](v []V) (types.AttributeValue, error) {
	if len(v) == 0 {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	ss := make([]string, len(v))
	for i, s := range v {
		ss[i] = string(s)
	}
	return &types.AttributeValueMemberSS{Value: ss}, nil
}

// EncNumberSet stores numbers as an NS; an empty set is NULL, a NaN or
// infinite element an error (ErrInvalidInput).
func EncNumberSet[V Num](v []V) (types.AttributeValue, error) {
	if len(v) == 0 {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	ns := make([]string, len(v))
	for i, n := range v {
		if f := float64(n); f-f != 0 {
			return nil, EncodeAtIndex(i, &EncodeError{Err: notFinite(f)})
		}
		ns[i] = formatNum(n)
	}
	return &types.AttributeValueMemberNS{Value: ns}, nil
}

// EncBinarySet stores byte slices as a BS; an empty set is NULL and a nil
// element an error, as in attributevalue.
func EncBinarySet[V ~[]byte](v []V) (types.AttributeValue, error) {
	if len(v) == 0 {
		return &types.AttributeValueMemberNULL{Value: true}, nil
	}
	bs := make([][]byte, len(v))
	for i, b := range v {
		if b == nil {
			return nil, EncodeAtIndex(i, EncodeFailed("binary set must only contain non-nil byte slices"))
		}
		bs[i] = append([]byte{}, b...)
	}
	return &types.AttributeValueMemberBS{Value: bs}, nil
}

// EncPtr stores what p points to with elem; nil is NULL.
//
//go:noinline
func EncPtr[E any](elem Encoder[E]) Encoder[*E] {
	return func(p *E) (types.AttributeValue, error) {
		if p == nil {
			return &types.AttributeValueMemberNULL{Value: true}, nil
		}
		return elem(*p)
	}
}

// numKind tells how a Num type is formatted.
type numKind uint8

const (
	numSigned numKind = iota
	numUnsigned
	numFloat32
	numFloat64
)

// kindOf classifies V without reflection: only floats keep a half, only
// signed types go below zero.
func kindOf[V Num]() numKind {
	var half V = 1
	half /= 2
	if half != 0 {
		var f V
		if unsafe.Sizeof(f) == 4 {
			return numFloat32
		}
		return numFloat64
	}
	var neg V
	neg--
	if neg < 0 {
		return numSigned
	}
	return numUnsigned
}

// formatNum formats v as attributevalue formats a number of its kind.
func formatNum[V Num](v V) string {
	switch kindOf[V]() {
	case numSigned:
		return strconv.FormatInt(int64(v), 10)
	case numUnsigned:
		return strconv.FormatUint(uint64(v), 10)
	case numFloat32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32)
	}
	return strconv.FormatFloat(float64(v), 'f', -1, 64)
}
