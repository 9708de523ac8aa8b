package ddb

// Helpers of the generated codec. Generated marshal and unmarshal functions
// handle every field with plain Go code; these functions hold what is shared
// by all of them: typed errors with the attribute path, number parsing with
// attributevalue's exact rules, one text buffer per item for number and time
// strings, and the reflective fallback for interface-typed fields.

import (
	"encoding"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrDecode is wrapped by every *DecodeError, ErrEncode by every *EncodeError.
var (
	ErrDecode = errors.New("cannot decode attribute value")
	ErrEncode = errors.New("cannot encode attribute value")
)

// DecodeError says which attribute of an item could not be decoded into its
// Go field and why. Generated unmarshal functions return it for every problem
// in the input (wrong attribute value type, malformed or overflowing number,
// bad time, wrong binary length); the Err of an Unmarshaler method or of the
// reflective fallback is wrapped in it.
type DecodeError struct {
	Attr string // path of the attribute in the item, e.g. "lines[2].price"
	Want string // attribute value types the Go field accepts, e.g. "N" or "S|N"
	Got  string // the attribute value type found, or the offending text
	Err  error  // underlying cause, if any
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("ddb: decode")
	if e.Attr != "" {
		b.WriteString(" attribute ")
		b.WriteString(strconv.Quote(e.Attr))
	}
	if e.Want != "" {
		b.WriteString(": want ")
		b.WriteString(e.Want)
		b.WriteString(", got ")
		b.WriteString(e.Got)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause; errors.Is(err, ErrDecode) holds for every DecodeError.
func (e *DecodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrDecode}
	}
	return []error{ErrDecode, e.Err}
}

// EncodeError says which attribute could not be encoded and why.
type EncodeError struct {
	Attr   string // path of the attribute, e.g. "tags[1]"
	Reason string
	Err    error // underlying cause (a Marshaler's error), if any
}

func (e *EncodeError) Error() string {
	var b strings.Builder
	b.WriteString("ddb: encode")
	if e.Attr != "" {
		b.WriteString(" attribute ")
		b.WriteString(strconv.Quote(e.Attr))
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause; errors.Is(err, ErrEncode) holds for every EncodeError.
func (e *EncodeError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrEncode}
	}
	return []error{ErrEncode, e.Err}
}

// AVType names the type of an attribute value: "S", "N", "B", "BOOL", "NULL",
// "L", "M", "SS", "NS", "BS", "nil" or the Go type of an unknown member.
func AVType(av types.AttributeValue) string {
	switch av.(type) {
	case nil:
		return "nil"
	case *types.AttributeValueMemberS:
		return "S"
	case *types.AttributeValueMemberN:
		return "N"
	case *types.AttributeValueMemberB:
		return "B"
	case *types.AttributeValueMemberBOOL:
		return "BOOL"
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberL:
		return "L"
	case *types.AttributeValueMemberM:
		return "M"
	case *types.AttributeValueMemberSS:
		return "SS"
	case *types.AttributeValueMemberNS:
		return "NS"
	case *types.AttributeValueMemberBS:
		return "BS"
	}
	return fmt.Sprintf("%T", av)
}

// WrongType is the error for an attribute value of a type the Go value cannot hold.
func WrongType(want string, got types.AttributeValue) error {
	return &DecodeError{Want: want, Got: AVType(got)}
}

// NilMember is the error for a nil member pointer, e.g. (*types.AttributeValueMemberS)(nil).
func NilMember(want string) error {
	return &DecodeError{Want: want, Got: "nil member"}
}

// IsNull reports whether av decodes as attributevalue decodes NULL: a nil
// attribute value or a NULL member. Either sets the Go value to its zero value.
func IsNull(av types.AttributeValue) bool {
	if av == nil {
		return true
	}
	_, ok := av.(*types.AttributeValueMemberNULL)
	return ok
}

// DecodeAt puts err at attribute name of the value being decoded: the path of
// a *DecodeError gets name in front; any other error is wrapped in one.
func DecodeAt(name string, err error) error {
	if de, ok := err.(*DecodeError); ok {
		de.Attr = joinPath(name, de.Attr)
		return de
	}
	return &DecodeError{Attr: name, Err: err}
}

// DecodeAtIndex puts err at list or set element i.
func DecodeAtIndex(i int, err error) error {
	return DecodeAt("["+strconv.Itoa(i)+"]", err)
}

// EncodeAt puts err at attribute name of the value being encoded.
func EncodeAt(name string, err error) error {
	if ee, ok := err.(*EncodeError); ok {
		ee.Attr = joinPath(name, ee.Attr)
		return ee
	}
	return &EncodeError{Attr: name, Err: err}
}

// EncodeAtIndex puts err at list or set element i.
func EncodeAtIndex(i int, err error) error {
	return EncodeAt("["+strconv.Itoa(i)+"]", err)
}

// EncodeFailed is an encoding error without a cause, e.g. an empty map key.
func EncodeFailed(reason string) error {
	return &EncodeError{Reason: reason}
}

func joinPath(parent, child string) string {
	switch {
	case child == "":
		return parent
	case parent == "":
		return child
	case child[0] == '[':
		return parent + child
	}
	return parent + "." + child
}

// ParseInt parses the text of an N (or of an S with the string option) as an
// integer of bits bits (0 for int), as attributevalue does: base 10, no
// fraction, no exponent, overflow is an error.
func ParseInt(s string, bits int) (int64, error) {
	v, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		return 0, &DecodeError{Want: "integer", Got: strconv.Quote(s), Err: err}
	}
	return v, nil
}

// ParseUint parses an unsigned integer of bits bits (0 for uint).
func ParseUint(s string, bits int) (uint64, error) {
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return 0, &DecodeError{Want: "unsigned integer", Got: strconv.Quote(s), Err: err}
	}
	return v, nil
}

// ParseFloat parses a float as attributevalue does: as a float64, then a
// finite value beyond float32's range is an overflow when bits is 32.
func ParseFloat(s string, bits int) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, &DecodeError{Want: "number", Got: strconv.Quote(s), Err: err}
	}
	if bits == 32 {
		if a := math.Abs(v); a > math.MaxFloat32 && a <= math.MaxFloat64 {
			return 0, &DecodeError{Want: "float32", Got: strconv.Quote(s), Err: strconv.ErrRange}
		}
	}
	return v, nil
}

// ParseBool parses a bool map key as attributevalue does (strconv.ParseBool).
func ParseBool(s string) (bool, error) {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return false, &DecodeError{Want: "bool", Got: strconv.Quote(s), Err: err}
	}
	return v, nil
}

// ParseTime parses an S holding a time as attributevalue does: RFC 3339.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, &DecodeError{Want: "RFC 3339 time", Got: strconv.Quote(s), Err: err}
	}
	return t, nil
}

// ParseUnixTime parses an N holding a time as attributevalue does: whole
// seconds since the Unix epoch, in the local time zone.
func ParseUnixTime(s string) (time.Time, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, &DecodeError{Want: "unix seconds", Got: strconv.Quote(s), Err: err}
	}
	return time.Unix(v, 0), nil
}

// CopyBytes stores src into dst as attributevalue stores a B into a byte
// slice: dst's array is reused when it is large enough, else a new one is made.
func CopyBytes[T ~[]E, E ~byte](dst T, src []byte) T {
	if dst == nil || cap(dst) < len(src) {
		dst = make(T, len(src))
	} else {
		dst = dst[:len(src)]
	}
	for i, b := range src {
		dst[i] = E(b)
	}
	return dst
}

// FoldAttr finds the attribute name that k matches case-insensitively, in
// field order, as attributevalue does for an attribute without an exact match.
func FoldAttr(k string, names []string) (string, bool) {
	for _, n := range names {
		if strings.EqualFold(k, n) {
			return n, true
		}
	}
	return "", false
}

// TextBuf hands out the strings of the numbers and times of one item from
// shared byte arrays, so that encoding an item allocates them once rather than
// once per attribute. A string's bytes are never written again once it is
// handed out: later strings are appended after it, and a full array is
// replaced, never reused.
type TextBuf struct {
	buf       []byte
	nonFinite bool // Float formatted a NaN or an infinity: see Check
}

// NewTextBuf returns a TextBuf that starts in buf, which must not be used by
// anything else afterwards (generated code passes an array allocated together
// with the item's attribute values).
func NewTextBuf(buf []byte) TextBuf { return TextBuf{buf: buf[:0]} }

func (t *TextBuf) take(b []byte) string {
	s := unsafe.String(unsafe.SliceData(b), len(b))
	rest := b[len(b):cap(b)]
	t.buf = rest[:0:len(rest)]
	return s
}

// Int formats v as attributevalue does (strconv.FormatInt base 10).
func (t *TextBuf) Int(v int64) string {
	if cap(t.buf) < 20 {
		if v >= 0 && v < 100 {
			return strconv.FormatInt(v, 10) // no allocation
		}
		t.buf = make([]byte, 0, 256)
	}
	return t.take(strconv.AppendInt(t.buf, v, 10))
}

// Uint formats v as attributevalue does (strconv.FormatUint base 10).
func (t *TextBuf) Uint(v uint64) string {
	if cap(t.buf) < 20 {
		if v < 100 {
			return strconv.FormatUint(v, 10)
		}
		t.buf = make([]byte, 0, 256)
	}
	return t.take(strconv.AppendUint(t.buf, v, 10))
}

// Float formats v as attributevalue does: strconv.FormatFloat(v, 'f', -1, bits).
// A NaN or an infinity is formatted too ("NaN", "+Inf", "-Inf": text with
// the string option) and noted, for Check.
func (t *TextBuf) Float(v float64, bits int) string {
	if v-v != 0 {
		t.nonFinite = true
	}
	if cap(t.buf) < 32 {
		t.buf = make([]byte, 0, 256)
	}
	b := strconv.AppendFloat(t.buf, v, 'f', -1, bits)
	return t.take(b)
}

// Check is called by a generated encoder on the value it built (an item's
// attributes, a struct's members) when it formatted floats: it returns the
// error for a NaN or infinite number in an N or NS of m, naming its path,
// which DynamoDB would refuse. It reads m only when Float formatted such a
// value, so a finite item costs one bool test.
func (t *TextBuf) Check(m map[string]types.AttributeValue) error {
	if !t.nonFinite {
		return nil
	}
	for k, av := range m {
		if err := CheckNumbers(av); err != nil {
			return EncodeAt(k, err)
		}
	}
	return nil
}

// CheckNumbers returns the error for a NaN or infinite number in an N or NS
// of av, at any depth (nil when there is none): a *EncodeError with its path
// inside av, matching ErrInvalidInput. DynamoDB refuses such numbers, which
// attributevalue writes as "NaN", "+Inf" and "-Inf". Generated value
// encoders of types holding floats call it.
func CheckNumbers(av types.AttributeValue) error {
	switch v := av.(type) {
	case *types.AttributeValueMemberN:
		if v != nil && isNotFinite(v.Value) {
			return &EncodeError{Err: notFiniteText(v.Value)}
		}
	case *types.AttributeValueMemberNS:
		if v == nil {
			return nil
		}
		for i, n := range v.Value {
			if isNotFinite(n) {
				return EncodeAtIndex(i, &EncodeError{Err: notFiniteText(n)})
			}
		}
	case *types.AttributeValueMemberL:
		if v == nil {
			return nil
		}
		for i, e := range v.Value {
			if err := CheckNumbers(e); err != nil {
				return EncodeAtIndex(i, err)
			}
		}
	case *types.AttributeValueMemberM:
		if v == nil {
			return nil
		}
		for k, e := range v.Value {
			if err := CheckNumbers(e); err != nil {
				return EncodeAt(k, err)
			}
		}
	}
	return nil
}

// isNotFinite reports whether s is how strconv (and so attributevalue)
// formats a NaN or an infinity.
func isNotFinite(s string) bool {
	return len(s) <= 4 && (s == "NaN" || s == "+Inf" || s == "-Inf")
}

// notFinite is the error of a NaN or infinite float stored as a number.
type notFinite float64

func notFiniteText(s string) notFinite {
	switch s {
	case "NaN":
		return notFinite(math.NaN())
	case "-Inf":
		return notFinite(math.Inf(-1))
	}
	return notFinite(math.Inf(1))
}

func (e notFinite) Error() string {
	return fmt.Sprintf("%v cannot be stored: DynamoDB numbers cannot be NaN or infinite", float64(e))
}

// Is makes it match ErrInvalidInput: DynamoDB would refuse the request.
func (notFinite) Is(target error) bool { return target == ErrInvalidInput }

// Time formats v as attributevalue does: RFC 3339 with nanoseconds.
func (t *TextBuf) Time(v time.Time) string {
	if cap(t.buf) < 40 {
		t.buf = make([]byte, 0, 256)
	}
	return t.take(v.AppendFormat(t.buf, time.RFC3339Nano))
}

// MapKeyText is the attribute name of a map key of a named type, as
// attributevalue makes it: MarshalText when the key implements
// encoding.TextMarshaler, else fmt.Sprint (so a String method is used).
// Keys of unnamed types are formatted by generated code directly.
func MapKeyText(k any) (string, error) {
	if tm, ok := k.(encoding.TextMarshaler); ok {
		b, err := tm.MarshalText()
		if err != nil {
			return "", &EncodeError{Reason: "map key MarshalText failed", Err: err}
		}
		return string(b), nil
	}
	return fmt.Sprint(k), nil
}

// UnmarshalMapKey decodes a map key of a named type with its UnmarshalText
// method when the type has one (p points to the key); handled is false when it
// has none, and generated code parses the key itself.
func UnmarshalMapKey(p any, s string) (handled bool, err error) {
	tu, ok := p.(encoding.TextUnmarshaler)
	if !ok {
		return false, nil
	}
	if err := tu.UnmarshalText([]byte(s)); err != nil {
		return true, &DecodeError{Want: "map key", Got: strconv.Quote(s), Err: err}
	}
	return true, nil
}

// The reflective fallback. Interface-typed fields (and types the generator
// cannot name, such as anonymous structs) are encoded by attributevalue
// itself: the value is put in a one-field struct carrying the field's
// dynamodbav options, so the result is exactly what attributevalue gives for
// the field. This is the only reflection a generated codec uses.

type fallbackKey struct {
	t    reflect.Type
	opts string
}

var fallbackTypes sync.Map // fallbackKey -> reflect.Type

func fallbackType[T any](opts string) reflect.Type {
	key := fallbackKey{reflect.TypeFor[T](), opts}
	if st, ok := fallbackTypes.Load(key); ok {
		return st.(reflect.Type)
	}
	st := reflect.StructOf([]reflect.StructField{{
		Name: "V",
		Type: key.t,
		Tag:  reflect.StructTag(`dynamodbav:"V` + opts + `"`),
	}})
	fallbackTypes.Store(key, st)
	return st
}

// EncodeFallback encodes *v with attributevalue as a struct field with the
// dynamodbav options opts (e.g. ",omitempty"); it returns nil when the field
// would be omitted.
func EncodeFallback[T any](v *T, opts string) (av types.AttributeValue, err error) {
	defer func() {
		if r := recover(); r != nil {
			av, err = nil, &EncodeError{Reason: fmt.Sprint("attributevalue panicked: ", r)}
		}
	}()
	p := reflect.New(fallbackType[T](opts))
	p.Elem().Field(0).Set(reflect.ValueOf(v).Elem())
	m, err := attributevalue.MarshalMap(p.Interface())
	if err != nil {
		return nil, &EncodeError{Err: err}
	}
	if err := CheckNumbers(m["V"]); err != nil {
		return nil, err
	}
	return m["V"], nil
}

// DecodeFallback decodes av into *v with attributevalue, as a struct field
// with the dynamodbav options opts. A panic inside attributevalue (it has
// some on hostile input) is returned as a *DecodeError.
func DecodeFallback[T any](av types.AttributeValue, v *T, opts string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &DecodeError{Got: AVType(av), Err: fmt.Errorf("attributevalue panicked: %v", r)}
		}
	}()
	p := reflect.New(fallbackType[T](opts))
	f := p.Elem().Field(0)
	f.Set(reflect.ValueOf(v).Elem())
	if err := attributevalue.UnmarshalMap(map[string]types.AttributeValue{"V": av}, p.Interface()); err != nil {
		return &DecodeError{Got: AVType(av), Err: err}
	}
	reflect.ValueOf(v).Elem().Set(f)
	return nil
}

// BytesOf copies a slice of a named byte type into a new []byte (never nil),
// as attributevalue encodes it.
func BytesOf[T ~[]E, E ~byte](v T) []byte {
	out := make([]byte, len(v))
	for i, b := range v {
		out[i] = byte(b)
	}
	return out
}

// WrongLength is the error for a B whose length differs from the byte array's.
func WrongLength(want, got int) error {
	return &DecodeError{Want: "B of " + strconv.Itoa(want) + " bytes", Got: "B of " + strconv.Itoa(got) + " bytes"}
}

// keyHasMethods reports whether keys of type K have a method that changes how
// fmt.Sprint (which attributevalue uses for map keys) or attributevalue
// formats them. It boxes only K's zero value, which does not allocate.
func keyHasMethods[K any]() bool {
	var zero K
	switch any(zero).(type) {
	case encoding.TextMarshaler, fmt.Formatter, error, fmt.Stringer:
		return true
	}
	return false
}

// MapKeyString is the attribute name of a map key of a named string type.
func MapKeyString[K ~string](k K) (string, error) {
	if keyHasMethods[K]() {
		return MapKeyText(k)
	}
	return string(k), nil
}

// MapKeyInt is the attribute name of a map key of a named signed integer type.
func MapKeyInt[K ~int | ~int8 | ~int16 | ~int32 | ~int64](k K) (string, error) {
	if keyHasMethods[K]() {
		return MapKeyText(k)
	}
	return strconv.FormatInt(int64(k), 10), nil
}

// MapKeyUint is the attribute name of a map key of a named unsigned integer type.
func MapKeyUint[K ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](k K) (string, error) {
	if keyHasMethods[K]() {
		return MapKeyText(k)
	}
	return strconv.FormatUint(uint64(k), 10), nil
}

// MapKeyFloat is the attribute name of a map key of a named float type of bits bits.
func MapKeyFloat[K ~float32 | ~float64](k K, bits int) (string, error) {
	if keyHasMethods[K]() {
		return MapKeyText(k)
	}
	return strconv.FormatFloat(float64(k), 'g', -1, bits), nil
}

// MapKeyBool is the attribute name of a map key of a named bool type.
func MapKeyBool[K ~bool](k K) (string, error) {
	if keyHasMethods[K]() {
		return MapKeyText(k)
	}
	return strconv.FormatBool(bool(k)), nil
}

// Bytes returns a copy of v (never nil, as attributevalue copies a B) from the
// buffer; the copy's capacity is its length, so appending to it never
// touches other values.
func (t *TextBuf) Bytes(v []byte) []byte {
	if len(v) == 0 {
		return []byte{}
	}
	if cap(t.buf) < len(v) {
		t.buf = make([]byte, 0, max(256, len(v)))
	}
	out := t.buf[:len(v):len(v)]
	copy(out, v)
	t.buf = t.buf[len(v):len(v)]
	return out
}

// IsValueMarshaler reports whether T itself, not only *T, implements
// attributevalue.Marshaler: attributevalue calls the method on a map element
// only then.
func IsValueMarshaler[T any]() bool {
	var zero T
	_, ok := any(zero).(attributevalue.Marshaler)
	return ok
}

// EncodeValueFallback encodes v with attributevalue as an unaddressable value
// (a map element), with the dynamodbav options opts; nil when omitted.
func EncodeValueFallback[T any](v T, opts string) (av types.AttributeValue, err error) {
	defer func() {
		if r := recover(); r != nil {
			av, err = nil, &EncodeError{Reason: fmt.Sprint("attributevalue panicked: ", r)}
		}
	}()
	s := reflect.New(fallbackType[T](opts)).Elem()
	s.Field(0).Set(reflect.ValueOf(&v).Elem())
	out, err := attributevalue.Marshal(s.Interface()) // by value: nothing in it is addressable
	if err != nil {
		return nil, &EncodeError{Err: err}
	}
	m, _ := out.(*types.AttributeValueMemberM)
	if m == nil {
		return nil, nil
	}
	if err := CheckNumbers(m.Value["V"]); err != nil {
		return nil, err
	}
	return m.Value["V"], nil
}

// FoldAttrs decodes, with field, the attributes of m whose names match no
// name in names exactly but one case-insensitively (the first, in field
// order), as attributevalue matches attribute names to fields; an error is
// put at the field's attribute name. Generated decoders call it only when an
// item has attributes they did not find by exact name.
func FoldAttrs(m map[string]types.AttributeValue, names []string, field func(i int, av types.AttributeValue) error) error {
	for k, av := range m {
		exact := false
		for _, n := range names {
			if n == k {
				exact = true
				break
			}
		}
		if exact {
			continue
		}
		for i, n := range names {
			if strings.EqualFold(k, n) {
				if err := field(i, av); err != nil {
					return DecodeAt(n, err)
				}
				break
			}
		}
	}
	return nil
}
