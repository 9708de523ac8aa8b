package ddb

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Strings handed out by a TextBuf keep their text while later values are
// added, across the inline array and the arrays that replace it.
func TestTextBufValuesStayIntact(t *testing.T) {
	var inline [40]byte
	tb := NewTextBuf(inline[:])
	type entry struct{ got, want string }
	var entries []entry
	var blobs [][]byte
	when := time.Date(2026, 11, 25, 8, 0, 0, 123456789, time.FixedZone("", 3600))
	for i := range 300 {
		n := int64(i) * 7919 * int64(1-2*(i%2))
		entries = append(entries,
			entry{tb.Int(n), strconv.FormatInt(n, 10)},
			entry{tb.Uint(uint64(i) * 1e15), strconv.FormatUint(uint64(i)*1e15, 10)},
			entry{tb.Float(float64(i)/7, 64), strconv.FormatFloat(float64(i)/7, 'f', -1, 64)},
			entry{tb.Float(float64(float32(i)/3), 32), strconv.FormatFloat(float64(float32(i)/3), 'f', -1, 32)},
			entry{tb.Time(when), when.Format(time.RFC3339Nano)},
		)
		b := tb.Bytes([]byte{byte(i), 1, 2})
		blobs = append(blobs, b)
		// Appending to a copy must not write into the buffer.
		_ = append(b, 0xff, 0xff)
	}
	entries = append(entries, entry{tb.Float(1e300, 64), strconv.FormatFloat(1e300, 'f', -1, 64)})
	for i, e := range entries {
		if e.got != e.want {
			t.Fatalf("value %d is %q, want %q", i, e.got, e.want)
		}
	}
	for i, b := range blobs {
		if !reflect.DeepEqual(b, []byte{byte(i), 1, 2}) {
			t.Fatalf("blob %d is %v", i, b)
		}
	}
	if b := tb.Bytes(nil); b == nil || len(b) != 0 {
		t.Errorf("Bytes(nil) = %#v, want an empty non-nil slice as attributevalue gives", b)
	}
	var zero TextBuf
	if s := zero.Int(12345678901); s != "12345678901" {
		t.Errorf("zero TextBuf: %q", s)
	}
}

// Number parsing accepts and rejects exactly what attributevalue does.
func TestParseNumbersAsAttributevalue(t *testing.T) {
	type target struct {
		I8  int8
		U16 uint16
		F32 float32
		F64 float64
	}
	for _, text := range []string{"0", "127", "128", "-128", "-129", "65535", "65536", "-1", "1.5", "1e3", "3e38", "3.4028235e38", "1e39", "-1e39", "Inf", "NaN", "1e400", "", "x", "0x10"} {
		check := func(field string, ours error) {
			var v target
			theirs := attributevalue.UnmarshalMap(map[string]types.AttributeValue{field: &types.AttributeValueMemberN{Value: text}}, &v)
			if (ours == nil) != (theirs == nil) {
				t.Errorf("%s from %q: our error %v, attributevalue's %v", field, text, ours, theirs)
			}
		}
		_, err := ParseInt(text, 8)
		check("I8", err)
		_, err = ParseUint(text, 16)
		check("U16", err)
		_, err = ParseFloat(text, 32)
		check("F32", err)
		_, err = ParseFloat(text, 64)
		check("F64", err)
	}
	if v, _ := ParseFloat("Inf", 32); !math.IsInf(v, 1) {
		t.Errorf("Inf parses as %v", v)
	}
}

func TestTimeParsing(t *testing.T) {
	tm, err := ParseTime("2026-11-25T08:00:00.5+01:00")
	if err != nil || !tm.Equal(time.Date(2026, 11, 25, 7, 0, 0, 5e8, time.UTC)) {
		t.Errorf("ParseTime: %v, %v", tm, err)
	}
	if _, err := ParseTime("2026-11-25"); err == nil {
		t.Errorf("a date without time must not parse")
	}
	u, err := ParseUnixTime("1700000000")
	if err != nil || !u.Equal(time.Unix(1700000000, 0)) || u.Location() != time.Local {
		t.Errorf("ParseUnixTime: %v, %v", u, err)
	}
	if _, err := ParseUnixTime("1.5"); err == nil {
		t.Errorf("fractional unix seconds must not parse")
	}
}

// Errors carry the attribute's path and wrap their cause.
func TestErrorPaths(t *testing.T) {
	err := DecodeAt("lines", DecodeAtIndex(2, DecodeAt("price", WrongType("N", &types.AttributeValueMemberS{}))))
	var de *DecodeError
	if !errors.As(err, &de) || de.Attr != "lines[2].price" || de.Want != "N" || de.Got != "S" {
		t.Fatalf("got %#v", err)
	}
	if !errors.Is(err, ErrDecode) {
		t.Errorf("errors.Is(err, ErrDecode) is false")
	}
	if got := err.Error(); got != `ddb: decode attribute "lines[2].price": want N, got S` {
		t.Errorf("message %q", got)
	}
	cause := errors.New("bad money")
	err = DecodeAt("price", cause)
	if !errors.Is(err, cause) || !errors.Is(err, ErrDecode) {
		t.Errorf("a foreign error must stay reachable: %v", err)
	}
	_, perr := ParseInt("x", 64)
	if !errors.Is(perr, strconv.ErrSyntax) {
		t.Errorf("parse errors wrap strconv's: %v", perr)
	}

	eerr := EncodeAt("attrs", EncodeAtIndex(1, EncodeFailed("map key cannot be empty")))
	var ee *EncodeError
	if !errors.As(eerr, &ee) || ee.Attr != "attrs[1]" || !errors.Is(eerr, ErrEncode) {
		t.Fatalf("got %#v", eerr)
	}
	if got := NilMember("S").Error(); got != "ddb: decode: want S, got nil member" {
		t.Errorf("message %q", got)
	}
}

func TestAVTypeAndIsNull(t *testing.T) {
	for av, want := range map[types.AttributeValue]string{
		&types.AttributeValueMemberS{}: "S", &types.AttributeValueMemberN{}: "N", &types.AttributeValueMemberB{}: "B",
		&types.AttributeValueMemberBOOL{}: "BOOL", &types.AttributeValueMemberNULL{}: "NULL", &types.AttributeValueMemberL{}: "L",
		&types.AttributeValueMemberM{}: "M", &types.AttributeValueMemberSS{}: "SS", &types.AttributeValueMemberNS{}: "NS",
		&types.AttributeValueMemberBS{}: "BS", &types.UnknownUnionMember{}: "*types.UnknownUnionMember",
	} {
		if got := AVType(av); got != want {
			t.Errorf("AVType(%T) = %s", av, got)
		}
	}
	if AVType(nil) != "nil" || !IsNull(nil) || !IsNull(&types.AttributeValueMemberNULL{}) || IsNull(&types.AttributeValueMemberS{}) {
		t.Errorf("IsNull/AVType of nil and NULL")
	}
}

// CopyBytes reuses a large enough array as attributevalue does, and never
// returns nil for a B.
func TestCopyBytes(t *testing.T) {
	dst := make([]byte, 1, 8)
	got := CopyBytes(dst, []byte{1, 2, 3})
	if &got[0] != &dst[0] || !reflect.DeepEqual(got, []byte{1, 2, 3}) {
		t.Errorf("CopyBytes into a large array: %v", got)
	}
	if got := CopyBytes([]byte(nil), []byte{}); got == nil {
		t.Errorf("CopyBytes of an empty B gives nil")
	}
	type myByte byte
	if got := CopyBytes([]myByte(nil), []byte{7}); !reflect.DeepEqual(got, []myByte{7}) {
		t.Errorf("named bytes: %v", got)
	}
	if got := BytesOf([]myByte{}); got == nil {
		t.Errorf("BytesOf of an empty slice gives nil")
	}
	var de *DecodeError
	if !errors.As(WrongLength(4, 2), &de) {
		t.Errorf("WrongLength is no DecodeError")
	}
}

func TestFoldAttr(t *testing.T) {
	names := []string{"id", "Name", "name"}
	if got, ok := FoldAttr("NAME", names); !ok || got != "Name" {
		t.Errorf("FoldAttr picks %q, %v; want the first match in field order", got, ok)
	}
	if _, ok := FoldAttr("other", names); ok {
		t.Errorf("FoldAttr matched a foreign name")
	}
}

// FoldAttrs hands over only the attributes without an exact match, to the
// first field whose name matches them case-insensitively.
func TestFoldAttrs(t *testing.T) {
	names := []string{"id", "Name", "name"}
	item := map[string]types.AttributeValue{
		"id":    &types.AttributeValueMemberS{Value: "exact"},
		"ID":    &types.AttributeValueMemberS{Value: "folded"},
		"NAME":  &types.AttributeValueMemberS{Value: "n"},
		"other": &types.AttributeValueMemberS{Value: "ignored"},
	}
	got := map[int]string{}
	err := FoldAttrs(item, names, func(i int, av types.AttributeValue) error {
		got[i] = av.(*types.AttributeValueMemberS).Value
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, map[int]string{0: "folded", 1: "n"}) {
		t.Errorf("FoldAttrs gave %v, %v", got, err)
	}
	boom := errors.New("boom")
	if err := FoldAttrs(item, names, func(int, types.AttributeValue) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error of a field decoder is lost: %v", err)
	}
}

type stringerKey string

func (k stringerKey) String() string { return "key-" + string(k) }

type textKey int

func (k textKey) MarshalText() ([]byte, error) { return []byte("t" + strconv.Itoa(int(k))), nil }

func (k *textKey) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(string(b[1:]))
	*k = textKey(n)
	return err
}

type plainFloat float32

// Map keys of named types are formatted as attributevalue formats them.
func TestMapKeysAsAttributevalue(t *testing.T) {
	check := func(m any, got string, err error) {
		t.Helper()
		item, avErr := attributevalue.Marshal(m)
		if avErr != nil || err != nil {
			t.Fatalf("errors: %v, %v", avErr, err)
		}
		for k := range item.(*types.AttributeValueMemberM).Value {
			if k != got {
				t.Errorf("key %q, attributevalue writes %q", got, k)
			}
		}
	}
	s, err := MapKeyString(stringerKey("a"))
	check(map[stringerKey]int{"a": 1}, s, err)
	s, err = MapKeyInt(textKey(5))
	check(map[textKey]int{5: 1}, s, err)
	for _, f := range []float32{0.1, 1e21, 1e-7, 123456789, -0.5} {
		s, err = MapKeyFloat(plainFloat(f), 32)
		check(map[plainFloat]int{plainFloat(f): 1}, s, err)
	}
	for _, f := range []float64{0.1, 1e21, 1e-7, 123456789, 1e20} {
		if got, want := strconv.FormatFloat(f, 'g', -1, 64), fmt.Sprint(f); got != want {
			t.Errorf("unnamed float key %v: %q, fmt gives %q", f, got, want)
		}
	}
	var k textKey
	handled, err := UnmarshalMapKey(&k, "t42")
	if !handled || err != nil || k != 42 {
		t.Errorf("UnmarshalMapKey: %v %v %v", handled, err, k)
	}
	var plain stringerKey
	if handled, _ := UnmarshalMapKey(&plain, "x"); handled {
		t.Errorf("a key without UnmarshalText is not handled by UnmarshalMapKey")
	}
}

// The fallback gives what attributevalue gives for a field with the same
// options, and turns attributevalue's panics into errors.
func TestFallback(t *testing.T) {
	var v any = []string{"a", "b"}
	av, err := EncodeFallback(&v, ",stringset")
	if err != nil || !reflect.DeepEqual(av, &types.AttributeValueMemberSS{Value: []string{"a", "b"}}) {
		t.Errorf("EncodeFallback stringset: %#v, %v", av, err)
	}
	var none any
	if av, err := EncodeFallback(&none, ",omitempty"); av != nil || err != nil {
		t.Errorf("omitempty nil interface: %#v, %v", av, err)
	}
	if av, _ := EncodeFallback(&none, ""); !reflect.DeepEqual(av, &types.AttributeValueMemberNULL{Value: true}) {
		t.Errorf("nil interface: %#v", av)
	}
	var out any
	if err := DecodeFallback(&types.AttributeValueMemberN{Value: "2.5"}, &out, ""); err != nil || out != 2.5 {
		t.Errorf("DecodeFallback: %v, %v", out, err)
	}
	var s fmt.Stringer
	err = DecodeFallback(&types.AttributeValueMemberS{Value: "x"}, &s, "")
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Errorf("decoding an S into a fmt.Stringer (attributevalue panics) gives %v", err)
	}
}
