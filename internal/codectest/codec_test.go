package codectest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// item is what the generated code adds to a table struct.
type item interface {
	MarshalItem() (map[string]types.AttributeValue, error)
	UnmarshalItem(map[string]types.AttributeValue) error
}

// projection is what the generated code gives an index's projection type.
type projection interface {
	UnmarshalItem(map[string]types.AttributeValue) error
}

// itemPtr is a pointer to a table struct.
type itemPtr[T any] interface {
	*T
	item
}

// randomValue returns a random value of T that survives a round trip.
func randomValue[T any](r *rand.Rand) *T {
	v := new(T)
	f := &filler{r: r}
	f.fill(reflect.ValueOf(v).Elem(), opts{})
	return v
}

// checkInterchangeable checks the codec of one value against attributevalue:
// the generated item equals attributevalue's, each side decodes the other's
// item back to the value, and projections decode as attributevalue decodes them.
func checkInterchangeable[T any, P itemPtr[T]](t *testing.T, v *T, projections ...func() projection) {
	t.Helper()
	got, err := P(v).MarshalItem()
	if err != nil {
		t.Fatalf("MarshalItem: %v\nvalue: %+v", err, *v)
	}
	want, err := attributevalue.MarshalMap(v)
	if err != nil {
		t.Fatalf("attributevalue.MarshalMap: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MarshalItem differs from attributevalue.MarshalMap:\n%s\nvalue: %+v", diffItems(got, want), *v)
	}

	var viaAV T
	if err := attributevalue.UnmarshalMap(got, &viaAV); err != nil {
		t.Fatalf("attributevalue.UnmarshalMap of the generated item: %v", err)
	}
	if d := diffValues(reflect.ValueOf(viaAV), reflect.ValueOf(*v), "v"); d != "" {
		t.Fatalf("attributevalue decodes the generated item differently: %s", d)
	}
	var viaGen T
	if err := P(&viaGen).UnmarshalItem(want); err != nil {
		t.Fatalf("UnmarshalItem of attributevalue's item: %v\nitem:\n%s", err, showItem(want))
	}
	if d := diffValues(reflect.ValueOf(viaGen), reflect.ValueOf(*v), "v"); d != "" {
		t.Fatalf("UnmarshalItem decodes attributevalue's item differently: %s", d)
	}
	for _, newProj := range projections {
		p, q := newProj(), newProj()
		if err := p.UnmarshalItem(want); err != nil {
			t.Fatalf("%T.UnmarshalItem: %v", p, err)
		}
		if err := attributevalue.UnmarshalMap(want, q); err != nil {
			t.Fatalf("attributevalue.UnmarshalMap into %T: %v", q, err)
		}
		if d := diffValues(reflect.ValueOf(p), reflect.ValueOf(q), "projection"); d != "" {
			t.Fatalf("%T: UnmarshalItem and attributevalue differ: %s", p, d)
		}
	}
}

const propertyRuns = 400

// propertySeed is printed by every failing property test, so a failure can be replayed.
const propertySeed = 20261125

func runProperty[T any, P itemPtr[T]](t *testing.T, projections ...func() projection) {
	for i := range propertyRuns {
		seed := uint64(propertySeed + i)
		r := rand.New(rand.NewPCG(seed, seed))
		v := randomValue[T](r)
		ok := t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			checkInterchangeable[T, P](t, v, projections...)
		})
		if !ok {
			return
		}
	}
}

func TestOrderInterchangeableWithAttributevalue(t *testing.T) {
	runProperty[Order](t, func() projection { return new(OrderStatusIndexProjection) })
}

func TestUserInterchangeableWithAttributevalue(t *testing.T) {
	runProperty[User](t, func() projection { return new(UserByEmailIndexProjection) })
}

func TestProfileInterchangeableWithAttributevalue(t *testing.T) {
	runProperty[Profile](t, func() projection { return new(ProfileByNameIndexProjection) })
}

func TestRecordInterchangeableWithAttributevalue(t *testing.T) {
	runProperty[Record](t)
}

func TestKitchenInterchangeableWithAttributevalue(t *testing.T) {
	runProperty[Kitchen](t)
}

// The zero value of each table struct, and hand-picked edge values.
func TestEdgeValuesInterchangeable(t *testing.T) {
	zero := 0
	pz := &zero
	empty := ""
	checkInterchangeable[Order](t, &Order{})
	checkInterchangeable[User](t, &User{})
	checkInterchangeable[Profile](t, &Profile{})
	checkInterchangeable[Kitchen](t, &Kitchen{})
	checkInterchangeable[Profile](t, &Profile{
		Nick:     &empty,
		Payload:  []byte{},
		Lines:    []Line{},
		Attrs:    map[string]string{},
		Counters: map[int]float64{-1: -0.5, 1 << 40: 1e21},
		Matrix:   [][]int{nil, {}, {1}},
		Work:     &Address{Geo: &GeoPoint{}},
		Home:     Address{Street: "Main"},
		Blobs:    [][]byte{{}, {0}},
		Score:    -0.000001,
		Ratio:    3e38, // MaxFloat32 itself does not survive attributevalue's decoding
		Big:      1<<64 - 1,
	})
	checkInterchangeable[Kitchen](t, &Kitchen{
		PP:     &pz,
		PS:     &[]string{"a"},
		Opt:    map[string]*int{"z": pz},
		Nulls:  []string{"", "x", ""},
		Anys:   []any{nil, "s", 1.5, []any{}, map[string]any{}},
		Free:   map[string]any{"n": nil},
		FKeys:  map[float64]bool{1e21: true, 1e-7: false, 0.1: true, -0: true},
		BKeys:  map[bool]int{true: 1, false: 0},
		Keys:   map[uint16]string{65535: "max"},
		Amount: "12.5e3",
		Blob:   Blob{},
		When:   map[string]*time.Time{"never": nil},
		Moneys: []Money{{Units: 1, Currency: "EUR"}},
	})
}

// Map keys with a String method are named by it, as fmt.Sprint names them.
func TestStringerMapKeysEncodedAsAttributevalue(t *testing.T) {
	v := &Labelled{ID: "x", Counts: map[Label]int{"a": 1, "b": 2}}
	got, err := v.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := attributevalue.MarshalMap(v)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MarshalItem differs from attributevalue.MarshalMap:\n%s", diffItems(got, want))
	}
	if _, ok := got["counts"].(*types.AttributeValueMemberM).Value["label:a"]; !ok {
		t.Errorf("counts: %s", showAV(got["counts"]))
	}
}

// TestOmittedAndNullValues pins attributevalue's zero-value rules on the
// generated item: omitempty drops, nullempty writes NULL, nil pointers,
// slices and maps are NULL, empty sets are NULL.
func TestOmittedAndNullValues(t *testing.T) {
	v := &Kitchen{Nulls: []string{""}, Names: []Kind{}}
	got, err := v.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	null := &types.AttributeValueMemberNULL{Value: true}
	for attr, want := range map[string]types.AttributeValue{
		"b":     null, // nullempty bool false
		"s":     null, // nullempty string ""
		"pp":    null, // nil pointer
		"free":  null, // nil map
		"names": null, // empty stringset
		"nulls": &types.AttributeValueMemberL{Value: []types.AttributeValue{null}},
		"i":     &types.AttributeValueMemberN{Value: "0"},
	} {
		if !reflect.DeepEqual(got[attr], want) {
			t.Errorf("%s = %s, want %s", attr, showAV(got[attr]), showAV(want))
		}
	}
	for _, attr := range []string{"any", "f32"} {
		if av, ok := got[attr]; ok {
			t.Errorf("%s is stored as %s; omitempty should drop it", attr, showAV(av))
		}
	}
}

// Encoding errors are those of attributevalue, typed and with the path.
func TestEncodeErrors(t *testing.T) {
	cases := map[string]struct {
		v    *Profile
		path string
	}{
		"empty map key":          {&Profile{Attrs: map[string]string{"": "x"}}, "attrs"},
		"nil binary set element": {&Profile{Blobs: [][]byte{{1}, nil}}, "blobs[1]"},
		"empty named map key":    {&Profile{Flags: map[Kind]bool{"": true}}, "flags"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.v.MarshalItem()
			var ee *ddb.EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("error %v is not a *ddb.EncodeError", err)
			}
			if ee.Attr != c.path {
				t.Errorf("error path %q, want %q (%v)", ee.Attr, c.path, err)
			}
			if _, avErr := attributevalue.MarshalMap(c.v); avErr == nil {
				t.Errorf("attributevalue accepts what the generated code rejects")
			}
		})
	}
	_, err := (&Profile{Price: Money{Units: 1}}).MarshalItem()
	if err != nil {
		t.Errorf("Money without currency: %v", err)
	}
}

// Decoding hostile items gives typed errors with the attribute's path, never a panic.
func TestDecodeErrors(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	cases := []struct {
		name string
		item map[string]types.AttributeValue
		path string
	}{
		{"S into a number", map[string]types.AttributeValue{"count": s("12")}, "count"},
		{"bad number", map[string]types.AttributeValue{"age": n("1.5")}, "age"},
		{"int8 overflow", map[string]types.AttributeValue{"age": n("128")}, "age"},
		{"float32 overflow", map[string]types.AttributeValue{"ratio": n("1e39")}, "ratio"},
		{"bad time", map[string]types.AttributeValue{"created": s("yesterday")}, "created"},
		{"number into bool", map[string]types.AttributeValue{"active": n("1")}, "active"},
		{"nested wrong type", map[string]types.AttributeValue{"home": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"geo": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"lat": s("north")}},
		}}}, "home.geo.lat"},
		{"list element", map[string]types.AttributeValue{"lines": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberM{}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"qty": s("x")}},
		}}}, "lines[1].qty"},
		{"map key", map[string]types.AttributeValue{"counters": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"one": n("1")}}}, "counters.one"},
		{"nil member", map[string]types.AttributeValue{"name": (*types.AttributeValueMemberS)(nil)}, "name"},
		{"unmarshaler error", map[string]types.AttributeValue{"price": s("12")}, "price"},
		{"number set element", map[string]types.AttributeValue{"scores": &types.AttributeValueMemberNS{Value: []string{"1", "x"}}}, "scores[1]"},
		{"string with string option", map[string]types.AttributeValue{"score": s("x")}, "score"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v Profile
			err := v.UnmarshalItem(c.item)
			var de *ddb.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v is not a *ddb.DecodeError", err)
			}
			if de.Attr != c.path {
				t.Errorf("path %q, want %q (%v)", de.Attr, c.path, err)
			}
			if !errors.Is(err, ddb.ErrDecode) {
				t.Errorf("errors.Is(err, ddb.ErrDecode) is false")
			}
		})
	}
	var k Kitchen
	err := k.UnmarshalItem(map[string]types.AttributeValue{"digest": &types.AttributeValueMemberB{Value: []byte{1, 2}}})
	var de *ddb.DecodeError
	if !errors.As(err, &de) || de.Attr != "digest" {
		t.Errorf("short B into [4]byte: %v, want a DecodeError at digest", err)
	}
}

// Attribute names match case-insensitively when none matches exactly, as in attributevalue.
func TestAttributeNamesFoldCase(t *testing.T) {
	item := map[string]types.AttributeValue{
		"CUSTOMER_ID": &types.AttributeValueMemberS{Value: "c1"},
		"Total":       &types.AttributeValueMemberN{Value: "2.5"},
		"unknown":     &types.AttributeValueMemberS{Value: "ignored"},
	}
	var got, want Order
	if err := got.UnmarshalItem(item); err != nil {
		t.Fatal(err)
	}
	if err := attributevalue.UnmarshalMap(item, &want); err != nil {
		t.Fatal(err)
	}
	if got != want || got.CustomerID != "c1" || got.Total != 2.5 {
		t.Errorf("got %+v, attributevalue gives %+v", got, want)
	}
}

// Every attribute handle encodes a value exactly as MarshalItem stores the
// field, so conditions and updates hold what Put writes: checked for every
// field of every model on random values (a nil pointer is skipped: its handle
// takes the pointed-to value).
func TestHandlesMatchMarshalItem(t *testing.T) {
	checkHandles[Order](t, &OrderAttrs)
	checkHandles[User](t, &UserAttrs)
	checkHandles[Profile](t, &ProfileAttrs)
	checkHandles[Record](t, &RecordAttrs)
	checkHandles[Kitchen](t, &KitchenAttrs)
	checkHandles[Labelled](t, &LabelledAttrs)
}

type itemCodec interface {
	MarshalItem() (map[string]types.AttributeValue, error)
}

func checkHandles[T any](t *testing.T, attrs any) {
	t.Helper()
	checked := 0
	for i := range 200 {
		seed := uint64(propertySeed + i)
		v := randomValue[T](rand.New(rand.NewPCG(seed, seed)))
		item, err := any(v).(itemCodec).MarshalItem()
		if err != nil {
			t.Fatal(err)
		}
		checked += checkHandleFields(t, seed, reflect.ValueOf(attrs).Elem(), reflect.ValueOf(v).Elem(), item)
	}
	if checked == 0 {
		t.Fatalf("no handle of %T checked", attrs)
	}
}

// checkHandleFields checks the handles in hv (a handles struct) against the
// fields of model value mv and the item (or nested map) MarshalItem made of
// it, descending into the handles of nested structs. It returns how many
// handles it checked.
func checkHandleFields(t *testing.T, seed uint64, hv, mv reflect.Value, item map[string]types.AttributeValue) int {
	t.Helper()
	checked := 0
	for f := range hv.NumField() {
		sf := hv.Type().Field(f)
		if sf.Anonymous { // the whole value of a nested struct: checked by its parent
			continue
		}
		handle := hv.Field(f).Addr()
		attr := handle.MethodByName("Name").Call(nil)[0].String()
		if i := strings.LastIndexByte(attr, '.'); i >= 0 {
			attr = attr[i+1:]
		}
		field := mv.FieldByName(strings.TrimSuffix(sf.Name, "_"))
		if !field.IsValid() {
			t.Fatalf("%s: no field %s for handle %s", mv.Type(), sf.Name, attr)
		}
		enc := handle.MethodByName("Encode")
		want := enc.Type().In(0)
		if field.Kind() == reflect.Pointer && want != field.Type() {
			if field.IsNil() {
				continue
			}
			field = field.Elem()
		}
		if !field.Type().AssignableTo(want) {
			field = field.Convert(want)
		}
		out := enc.Call([]reflect.Value{field})
		if e, _ := out[1].Interface().(error); e != nil {
			if _, stored := item[attr]; stored {
				t.Fatalf("seed %d: %s handle %s: %v, but MarshalItem stores %s", seed, mv.Type(), attr, e, showAV(item[attr]))
			}
			continue
		}
		av, _ := out[0].Interface().(types.AttributeValue)
		if !reflect.DeepEqual(av, item[attr]) {
			t.Fatalf("seed %d: %s handle %s encodes %s, MarshalItem stores %s", seed, mv.Type(), attr, showAV(av), showAV(item[attr]))
		}
		checked++
		if nested, ok := hv.Field(f).Type().FieldByName("Value"); ok && nested.Anonymous {
			if m, ok := item[attr].(*types.AttributeValueMemberM); ok {
				checked += checkHandleFields(t, seed, hv.Field(f), field, m.Value)
			}
		}
	}
	return checked
}

// diffItems lists the attributes in which two items differ.
func diffItems(got, want map[string]types.AttributeValue) string {
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		g, w := got[k], want[k]
		if !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "  %s: generated %s, attributevalue %s\n", k, showAV(g), showAV(w))
		}
	}
	return b.String()
}

func showItem(m map[string]types.AttributeValue) string {
	return showAV(&types.AttributeValueMemberM{Value: m})
}

// showAV renders an attribute value readably (no pointers), with Go's
// distinction of nil and empty slices kept visible.
func showAV(av types.AttributeValue) string {
	if rv := reflect.ValueOf(av); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return fmt.Sprintf("(%T)(nil)", av)
	}
	switch v := av.(type) {
	case nil:
		return "<absent>"
	case *types.AttributeValueMemberS:
		return fmt.Sprintf("S%q", v.Value)
	case *types.AttributeValueMemberN:
		return fmt.Sprintf("N%q", v.Value)
	case *types.AttributeValueMemberB:
		return fmt.Sprintf("B%#v", v.Value)
	case *types.AttributeValueMemberBOOL:
		return fmt.Sprintf("BOOL(%v)", v.Value)
	case *types.AttributeValueMemberNULL:
		return fmt.Sprintf("NULL(%v)", v.Value)
	case *types.AttributeValueMemberSS:
		return fmt.Sprintf("SS%#v", v.Value)
	case *types.AttributeValueMemberNS:
		return fmt.Sprintf("NS%#v", v.Value)
	case *types.AttributeValueMemberBS:
		return fmt.Sprintf("BS%#v", v.Value)
	case *types.AttributeValueMemberL:
		parts := make([]string, len(v.Value))
		for i, e := range v.Value {
			parts[i] = showAV(e)
		}
		if v.Value == nil {
			return "L(nil)"
		}
		return "L[" + strings.Join(parts, ", ") + "]"
	case *types.AttributeValueMemberM:
		var keys []string
		for k := range v.Value {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + showAV(v.Value[k])
		}
		if v.Value == nil {
			return "M(nil)"
		}
		return "M{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprintf("%T", av)
}

var timeTimeType = reflect.TypeFor[time.Time]()

// diffValues returns where a and b first differ ("" when they are equal), as
// reflect.DeepEqual compares, except that times are equal when they are the
// same instant in the same zone name (a decoded time.Unix value is in
// time.Local, a zero time.Time in UTC).
func diffValues(a, b reflect.Value, path string) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one side is missing"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: types %s and %s", path, a.Type(), b.Type())
	}
	if a.Type() == timeTimeType || a.Type() == unixTimeType {
		ta, tb := a.Convert(timeTimeType).Interface().(time.Time), b.Convert(timeTimeType).Interface().(time.Time)
		za, oa := ta.Zone()
		zb, ob := tb.Zone()
		if !ta.Equal(tb) || za != zb || oa != ob {
			return fmt.Sprintf("%s: %v and %v", path, ta, tb)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil and non-nil (%v, %v)", path, a, b)
			}
			return ""
		}
		return diffValues(a.Elem(), b.Elem(), "(*"+path+")")
	case reflect.Struct:
		for i := range a.NumField() {
			if d := diffValues(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil and empty slice (%#v, %#v)", path, a, b)
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: lengths %d and %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diffValues(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil and empty map", path)
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d and %d entries (%v, %v)", path, a.Len(), b.Len(), a, b)
		}
		for _, k := range a.MapKeys() {
			if d := diffValues(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Float32, reflect.Float64:
		if a.Float() != b.Float() && !(math.IsNaN(a.Float()) && math.IsNaN(b.Float())) {
			return fmt.Sprintf("%s: %v and %v", path, a.Float(), b.Float())
		}
		return ""
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %#v and %#v", path, a, b)
	}
	return ""
}

func reflectValue(v any) reflect.Value { return reflect.ValueOf(v) }
