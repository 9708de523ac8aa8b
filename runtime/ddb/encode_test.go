package ddb_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// field is a value and the dynamodbav tag of a struct field holding it.
type field struct {
	v   any
	typ reflect.Type
	tag string
}

func tagged[V any](v V, tag string) field { return field{v, reflect.TypeFor[V](), tag} }

// marshal returns what attributevalue stores for the field, nil when it
// leaves it out.
func (f field) marshal(t *testing.T) types.AttributeValue {
	t.Helper()
	typ := reflect.StructOf([]reflect.StructField{{Name: "F", Type: f.typ, Tag: reflect.StructTag(`dynamodbav:"` + f.tag + `"`)}})
	s := reflect.New(typ)
	s.Elem().Field(0).Set(reflect.ValueOf(f.v))
	m, err := attributevalue.MarshalMap(s.Interface())
	if err != nil {
		t.Fatalf("MarshalMap(%#v): %v", f.v, err)
	}
	return m[f.tag[:strings.IndexByte(f.tag+",", ',')]]
}

func enc[V any](e ddb.Encoder[V], v V) func() (types.AttributeValue, error) {
	return func() (types.AttributeValue, error) { return e(v) }
}

type myString string

// The encoders store values exactly as attributevalue (and so the codec) does.
func TestEncodersMatchAttributevalue(t *testing.T) {
	when := time.Date(2024, 5, 1, 12, 30, 0, 500000000, time.FixedZone("x", 3600))
	cases := []struct {
		name string
		got  func() (types.AttributeValue, error)
		want field // the value with the field tag the encoder stands for
	}{
		{"string", enc(ddb.EncS[string], "a"), tagged[string]("a", "f")},
		{"empty string", enc(ddb.EncS[string], ""), tagged[string]("", "f")},
		{"named string", enc(ddb.EncS[myString], "b"), tagged[myString]("b", "f")},
		{"omitted string", enc(ddb.OmitZero(ddb.EncS[string]), ""), tagged[string]("", "f,omitempty")},
		{"kept string", enc(ddb.OmitZero(ddb.EncS[string]), "x"), tagged[string]("x", "f,omitempty")},
		{"null string", enc(ddb.NullZero(ddb.EncS[string]), ""), tagged[string]("", "f,nullempty")},
		{"int", enc(ddb.EncN[int], -42), tagged[int](-42, "f")},
		{"int8 min", enc(ddb.EncN[int8], math.MinInt8), tagged[int8](math.MinInt8, "f")},
		{"int64 min", enc(ddb.EncN[int64], math.MinInt64), tagged[int64](math.MinInt64, "f")},
		{"uint64 max", enc(ddb.EncN[uint64], math.MaxUint64), tagged[uint64](math.MaxUint64, "f")},
		{"uint8", enc(ddb.EncN[uint8], 255), tagged[uint8](255, "f")},
		{"float32", enc(ddb.EncN[float32], 0.1), tagged[float32](0.1, "f")},
		{"float64", enc(ddb.EncN[float64], 12.5), tagged[float64](12.5, "f")},
		{"float64 large", enc(ddb.EncN[float64], 1e21), tagged[float64](1e21, "f")},
		{"float64 small", enc(ddb.EncN[float64], 1e-7), tagged[float64](1e-7, "f")},
		{"float64 negative zero", enc(ddb.EncN[float64], math.Copysign(0, -1)), tagged[float64](math.Copysign(0, -1), "f")},
		{"omitted number", enc(ddb.OmitZero(ddb.EncN[int]), 0), tagged[int](0, "f,omitempty")},
		{"null number", enc(ddb.NullZero(ddb.EncN[int]), 0), tagged[int](0, "f,nullempty")},
		{"number as text", enc(ddb.EncNText[int64], -3), tagged[int64](-3, "f,string")},
		{"float as text", enc(ddb.EncNText[float64], 2.25), tagged[float64](2.25, "f,string")},
		{"bool", enc(ddb.EncBool[bool], true), tagged[bool](true, "f")},
		{"false", enc(ddb.EncBool[bool], false), tagged[bool](false, "f")},
		{"omitted false", enc(ddb.OmitZero(ddb.EncBool[bool]), false), tagged[bool](false, "f,omitempty")},
		{"bytes", enc(ddb.EncB[[]byte], []byte{1, 2}), tagged[[]byte]([]byte{1, 2}, "f")},
		{"nil bytes", enc(ddb.EncB[[]byte], nil), tagged[[]byte](nil, "f")},
		{"omitted nil bytes", enc(ddb.OmitNilBytes(ddb.EncB[[]byte]), nil), tagged[[]byte](nil, "f,omitempty")},
		{"time", enc(ddb.EncTime, when), tagged[time.Time](when, "f")},
		{"unix time", enc(ddb.EncUnixTime, when), tagged[time.Time](when, "f,unixtime")},
		{"list", enc(ddb.EncList(ddb.EncS[string]), []string{"a", ""}), tagged[[]string]([]string{"a", ""}, "f")},
		{"empty list", enc(ddb.EncList(ddb.EncN[int]), []int{}), tagged[[]int]([]int{}, "f")},
		{"nil list", enc(ddb.EncList(ddb.EncN[int]), nil), tagged[[]int](nil, "f")},
		{"omitted nil list", enc(ddb.OmitNilList(ddb.EncList(ddb.EncN[int])), nil), tagged[[]int](nil, "f,omitempty")},
		{"map", enc(ddb.EncMap(ddb.EncN[int]), map[string]int{"a": 1, "b": 2}), tagged[map[string]int](map[string]int{"a": 1, "b": 2}, "f")},
		{"nil map", enc(ddb.EncMap(ddb.EncN[int]), nil), tagged[map[string]int](nil, "f")},
		{"omitted nil map", enc(ddb.OmitNilMap(ddb.EncMap(ddb.EncN[int])), nil), tagged[map[string]int](nil, "f,omitempty")},
		{"string set", enc(ddb.EncStringSet[string], []string{"a", "b"}), tagged[[]string]([]string{"a", "b"}, "f,stringset")},
		{"empty string set", enc(ddb.EncStringSet[string], []string{}), tagged[[]string]([]string{}, "f,stringset")},
		{"number set", enc(ddb.EncNumberSet[float64], []float64{1.5, -2}), tagged[[]float64]([]float64{1.5, -2}, "f,numberset")},
		{"binary set", enc(ddb.EncBinarySet[[]byte], [][]byte{{1}, {}}), tagged[[][]byte]([][]byte{{1}, {}}, "f,binaryset")},
		{"pointer", enc(ddb.EncPtr(ddb.EncS[string]), new("p")), tagged[*string](new("p"), "f")},
		{"nil pointer", enc(ddb.EncPtr(ddb.EncS[string]), nil), tagged[*string](nil, "f")},
	}
	for _, c := range cases {
		got, err := c.got()
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if want := c.want.marshal(t); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: encoder gives %#v, attributevalue %#v", c.name, got, want)
		}
	}
}

func TestEncoderErrors(t *testing.T) {
	if _, err := ddb.EncMap(ddb.EncS[string])(map[string]string{"": "x"}); err == nil {
		t.Error("a map with an empty key encoded")
	}
	if _, err := ddb.EncBinarySet[[]byte]([][]byte{{1}, nil}); err == nil {
		t.Error("a binary set with a nil element encoded")
	}
	inner := errors.New("inner")
	bad := func(int) (types.AttributeValue, error) { return nil, inner }
	if _, err := ddb.EncList(bad)([]int{1}); !errors.Is(err, inner) {
		t.Errorf("list element error: %v", err)
	}
	if _, err := ddb.EncMap(bad)(map[string]int{"k": 1}); !errors.Is(err, inner) {
		t.Errorf("map value error: %v", err)
	}
	// An operand that does not encode makes its condition and action refused.
	h := ddb.NewValue(attr("x"), bad)
	s := ddb.NewWriter(&inputSink{}, "widgets", plainWidgets)
	_, err := ddb.UpdateInput(&s, widgetKey("p", 1), nil, []ddb.UpdateOption{h.Set(1)})
	if !errors.Is(err, inner) {
		t.Errorf("action with an operand that does not encode: %v", err)
	}
}

// Paths render as they are written in messages; deriving paths never
// changes the path they derive from.
func TestAttrPaths(t *testing.T) {
	base := ddb.TableAttr("widgets", "lines")
	a := base.Index(2).Member("sku")
	b := base.Index(3)
	if got := a.String(); got != "lines[2].sku" {
		t.Errorf("path %q, want lines[2].sku", got)
	}
	if got := b.String(); got != "lines[3]" {
		t.Errorf("path %q, want lines[3]", got)
	}
	if base.String() != "lines" || !base.IsTopLevel() || a.IsTopLevel() || a.TopLevel() != "lines" {
		t.Errorf("base %q top-level %t, a top-level %t %q", base, base.IsTopLevel(), a.IsTopLevel(), a.TopLevel())
	}
	if a.Table() != "widgets" || ddb.Attr("x").Table() != "" {
		t.Errorf("tables %q and %q", a.Table(), ddb.Attr("x").Table())
	}
	if got := W.Lines.At(1).Qty.Name(); got != "lines[1].qty" {
		t.Errorf("handle name %q", got)
	}
	if got := W.Addr.City.Path().String(); got != "addr.city" {
		t.Errorf("handle path %q", got)
	}
	if got := W.Meta.Key("a.b").Name(); got != "meta.a.b" {
		t.Errorf("map key handle %q", got)
	}
}
