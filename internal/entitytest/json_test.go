package entitytest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
	"github.com/stelviogen/stelviogen/runtime/keys"
)

// The differential tests of the entities' generated JSON codec: for random
// values of every entity of the package, and for their items damaged in
// the ways that matter to entities (keys with a wrong literal or an extra
// separator, another entity's type, no type, a key that is not an S, an
// index's projection), DecodeJSONItem must give what the SDK's deserializer
// + UnmarshalItem give (the same value, or an error of the same kind: an item
// of another entity on both paths, else the same *ddb.DecodeError), and
// EncodeJSONItem must send the PutItem body the SDK's serializer sends for
// MarshalItem's map.

// entityPtr is a pointer to an entity with the generated JSON codec.
type entityPtr[T any] interface {
	*T
	ddb.Item
	ddbjson.ItemDecoder
	ddbjson.ItemEncoder
}

// jsonModel is one entity, for tests that are not generic in it.
type jsonModel struct {
	name, table string
	new         func() any // a new *T
	random      func(r *rand.Rand) any
	// decodeDirect decodes a GetItem answer with body through WithDecoder.
	decodeDirect func(rig *jsonRig) (v any, found bool, err error)
	// pageDirect decodes the rig's Query answer into a []T through
	// SkipForeign; pageMap decodes the SDK's items as an entity query does
	// (items the entity does not own skipped, or with strict an error).
	pageDirect func(rig *jsonRig, strict bool) (items any, skipped int, err error)
	pageMap    func(items []map[string]types.AttributeValue, strict bool) (out any, skipped int, err error)
}

func modelOf[T any, P entityPtr[T]](name, table string, e *ddb.Entity) jsonModel {
	return jsonModel{
		name: name, table: table,
		pageDirect: func(rig *jsonRig, strict bool) (any, int, error) {
			items := &ddbjson.Items[T, P]{Items: []T{}}
			s := &ddbjson.SkipForeign{Items: items, Strict: strict}
			_, err := rig.client.Query(context.Background(), entityQuery(), ddbjson.WithDecoder(&ddbjson.Page{Items: s}))
			return items.Items, s.Skipped, err
		},
		pageMap: func(items []map[string]types.AttributeValue, strict bool) (any, int, error) {
			out, skipped := []T{}, 0
			for _, it := range items {
				if !e.Owns(it) {
					if strict {
						return nil, 0, ddb.ErrForeignItem
					}
					skipped++
					continue
				}
				var v T
				if err := P(&v).UnmarshalItem(it); err != nil {
					return nil, 0, err
				}
				out = append(out, v)
			}
			return out, skipped, nil
		},
		new:    func() any { return P(new(T)) },
		random: func(r *rand.Rand) any { v := new(T); fillRandom(r, reflect.ValueOf(v).Elem()); return P(v) },
		decodeDirect: func(rig *jsonRig) (any, bool, error) {
			var got T
			res := ddbjson.ItemResult{Item: &ddbjson.One[T, P]{V: &got}}
			_, err := rig.client.GetItem(context.Background(), getInput(), ddbjson.WithDecoder(&res))
			return P(&got), res.Item.(*ddbjson.One[T, P]).Found, err
		},
	}
}

// jsonModels are the package's entities, by table.
var jsonModels = []jsonModel{
	modelOf[Customer]("customer", "shop", customerEntity),
	modelOf[Order]("order", "shop", orderEntity),
	modelOf[OrderItem]("order_item", "shop", orderItemEntity),
	modelOf[Product]("product", "shop", productEntity),
	modelOf[Account]("account", "accounts", accountEntity),
	modelOf[Employee]("employee", "graph", employeeEntity),
	modelOf[Team]("team", "graph", teamEntity),
	modelOf[Membership]("membership", "graph", membershipEntity),
	modelOf[NoteV1]("note", "notes-v1", noteV1Entity),
	modelOf[NoteV2]("note", "notes-v2", noteV2Entity),
}

// typeAttrs are the tables' type attributes; tableKeys their key attributes.
var (
	typeAttrs = map[string]string{"shop": "_et", "accounts": "_et", "graph": "kind", "notes-v1": "_et", "notes-v2": "_et"}
	tableKeys = map[string][]string{
		"shop":     {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"},
		"accounts": {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"},
		"graph":    {"pk", "sk", "lsi1sk"},
		"notes-v1": {"pk", "sk"},
		"notes-v2": {"pk", "sk"},
	}
)

// fillRandom fills the exported fields of an entity struct: texts with the
// key separators, case, unicode and the empty string; integers at their
// limits; times in and out of UTC (and the zero time).
func fillRandom(r *rand.Rand, v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString(randomText(r))
		case reflect.Int, reflect.Int64:
			switch r.IntN(5) {
			case 0:
				f.SetInt(0)
			case 1:
				f.SetInt(-r.Int64N(1 << 40))
			case 2:
				if f.Kind() == reflect.Int64 {
					f.SetInt(-1 << 63)
				} else {
					f.SetInt(int64(r.IntN(10)))
				}
			default:
				f.SetInt(r.Int64N(1 << 62))
			}
		case reflect.Struct: // time.Time
			var t time.Time
			switch r.IntN(6) {
			case 0:
			case 1:
				t = time.Unix(r.Int64N(4e9), r.Int64N(1e9)).In(time.FixedZone("", 3600*(r.IntN(25)-12)))
			default:
				t = time.Unix(r.Int64N(4e9), r.Int64N(1e9)).UTC()
			}
			f.Set(reflect.ValueOf(t))
		}
	}
}

var textRunes = []rune("abcXYZ019 _-.#|é日🙂")

func randomText(r *rand.Rand) string {
	n := r.IntN(7)
	if r.IntN(4) > 0 && n == 0 {
		n = 1
	}
	var b strings.Builder
	for range n {
		b.WriteRune(textRunes[r.IntN(len(textRunes))])
	}
	return b.String()
}

// jsonRig is an SDK client over an in-memory transport.
type jsonRig struct {
	tr     *benchtest.Transport
	client *dynamodb.Client
}

func newJSONRig() *jsonRig {
	tr := benchtest.NewTransport(nil)
	tr.KeepRequests = true
	tr.Serve("PutItem", []byte(`{}`))
	return &jsonRig{tr: tr, client: benchtest.NewClient(tr)}
}

func getInput() *dynamodb.GetItemInput {
	return &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"pk": ddb.S("k")}}
}

// checkDecode serves body (a GetItem answer) and decodes it as model m both
// ways. With exact, the answers must agree whatever they are; without (a
// body damaged byte by byte), a direct success must be the SDK's, and a
// direct failure must be typed.
func checkDecode(t *testing.T, rig *jsonRig, m jsonModel, body []byte, exact bool) {
	t.Helper()
	rig.tr.Serve("GetItem", body)
	want := m.new().(ddb.Item)
	out, sdkErr := rig.client.GetItem(context.Background(), getInput())
	var mapErr error
	if sdkErr == nil && out.Item != nil {
		mapErr = want.UnmarshalItem(out.Item)
	}
	var (
		got       any
		found     bool
		directErr error
	)
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("DecodeJSONItem of %s panicked: %v\nbody: %s", m.name, p, body)
			}
		}()
		got, found, directErr = m.decodeDirect(rig)
	}()
	if directErr != nil && !typedDecodeError(directErr) {
		t.Fatalf("%s: direct error %v is not typed\nbody: %s", m.name, directErr, body)
	}
	if sdkErr != nil {
		if exact {
			t.Fatalf("%s: the SDK cannot read a body the test wrote: %v\nbody: %s", m.name, sdkErr, body)
		}
		if directErr == nil {
			t.Fatalf("%s: the direct path reads a body the SDK refuses (%v)\nbody: %s", m.name, sdkErr, body)
		}
		return
	}
	if found != (out.Item != nil) {
		if directErr != nil && !exact {
			return
		}
		t.Fatalf("%s: direct found %t, SDK %t (direct error %v)\nbody: %s", m.name, found, out.Item != nil, directErr, body)
	}
	switch {
	case directErr == nil && mapErr == nil:
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: DecodeJSONItem %+v, SDK + UnmarshalItem %+v\nbody: %s", m.name, got, want, body)
		}
	case directErr == nil:
		t.Fatalf("%s: DecodeJSONItem accepts an item UnmarshalItem refuses (%v)\nbody: %s", m.name, mapErr, body)
	case !exact:
		// A body damaged byte by byte may hold what DynamoDB never sends (an N
		// that is not a number), which the direct path refuses: a typed error
		// is enough.
	case mapErr == nil:
		t.Fatalf("%s: DecodeJSONItem refuses (%v) an item UnmarshalItem accepts\nbody: %s", m.name, directErr, body)
	default:
		if errors.Is(directErr, ddb.ErrForeignItem) != errors.Is(mapErr, ddb.ErrForeignItem) {
			t.Fatalf("%s: one path sees another entity's item: direct %v, map %v\nbody: %s", m.name, directErr, mapErr, body)
		}
		var d1, d2 *ddb.DecodeError
		if errors.As(directErr, &d1) != errors.As(mapErr, &d2) || d1 != nil && d1.Error() != d2.Error() {
			t.Fatalf("%s: errors differ: direct %v, map %v\nbody: %s", m.name, directErr, mapErr, body)
		}
		if d1 == nil && !errors.Is(directErr, ddb.ErrForeignItem) && !errors.Is(directErr, ddbjson.ErrMalformed) {
			t.Fatalf("%s: errors differ: direct %v, map %v\nbody: %s", m.name, directErr, mapErr, body)
		}
	}
}

// typedDecodeError: an item of another entity, a field or key that does not
// decode, or a body that is not DynamoDB JSON.
func typedDecodeError(err error) bool {
	var de *ddb.DecodeError
	var te *ddbjson.TypeError
	return errors.Is(err, ddb.ErrForeignItem) || errors.As(err, &de) || errors.As(err, &te) || errors.Is(err, ddbjson.ErrMalformed)
}

// itemBody is a GetItem answer holding item, its attributes in the map's
// (random) order.
func itemBody(t *testing.T, item map[string]types.AttributeValue) []byte {
	t.Helper()
	var w ddbjson.Writer
	if err := w.Item(item); err != nil {
		t.Fatalf("Writer.Item: %v", err)
	}
	return append(append([]byte(`{"Item":`), w.Bytes()...), '}')
}

// checkEncode sends v in a PutItem both ways: MarshalItem through the SDK's
// serializer, EncodeJSONItem through WithItems; the bodies must be the same
// JSON value, and the errors the same.
func checkEncode(t *testing.T, rig *jsonRig, v any) {
	t.Helper()
	item, mErr := v.(ddb.Item).MarshalItem()
	var w ddbjson.Writer
	eErr := v.(ddbjson.ItemEncoder).EncodeJSONItem(&w)
	if (mErr != nil) != (eErr != nil) || mErr != nil && mErr.Error() != eErr.Error() {
		t.Fatalf("%T: MarshalItem error %v, EncodeJSONItem error %v", v, mErr, eErr)
	}
	if mErr != nil {
		var ie *ddb.InputError
		var ee *ddb.EncodeError
		if !errors.As(eErr, &ie) && !errors.As(eErr, &ee) {
			t.Fatalf("%T: EncodeJSONItem error %v is not typed", v, eErr)
		}
		return
	}
	in := &dynamodb.PutItemInput{TableName: aws.String("t"), Item: item}
	if _, err := rig.client.PutItem(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	sdk := rig.tr.LastRequest
	in.Item = ddbjson.Placeholder()
	if _, err := rig.client.PutItem(context.Background(), in, ddbjson.WithItems(v.(ddbjson.ItemEncoder))); err != nil {
		t.Fatal(err)
	}
	direct := rig.tr.LastRequest
	if a, b := canonicalJSON(t, sdk), canonicalJSON(t, direct); !reflect.DeepEqual(a, b) {
		t.Fatalf("%T: EncodeJSONItem's request differs from the SDK's:\nsdk:    %s\ndirect: %s", v, sdk, direct)
	}
}

// canonicalJSON parses a body into maps, slices and json.Numbers.
func canonicalJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("request body is not JSON: %v\n%s", err, b)
	}
	return v
}

// damage changes item in one of the ways that matter to an entity decoder,
// chosen by r; it returns what it did.
func damage(r *rand.Rand, table string, item map[string]types.AttributeValue) string {
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range item {
			if !yield(k) {
				return
			}
		}
	})
	typeAttr := typeAttrs[table]
	var keyNames []string
	for _, k := range tableKeys[table] {
		if _, ok := item[k]; ok {
			keyNames = append(keyNames, k)
		}
	}
	anyKey := func() string {
		if len(keyNames) == 0 {
			return names[r.IntN(len(names))]
		}
		return keyNames[r.IntN(len(keyNames))]
	}
	keyText := func(k string) string {
		s, _ := item[k].(*types.AttributeValueMemberS)
		if s == nil {
			return ""
		}
		return s.Value
	}
	switch r.IntN(13) {
	case 0:
		k := names[r.IntN(len(names))]
		delete(item, k)
		return "deleted " + k
	case 1: // a wrong literal
		k := anyKey()
		s := keyText(k)
		if s == "" {
			s = "X"
		} else {
			s = "x" + s[1:]
		}
		item[k] = ddb.S(s)
		return "wrong literal in " + k
	case 2: // a value containing the separator
		k := anyKey()
		item[k] = ddb.S(keyText(k) + string("#|"[r.IntN(2)]) + "extra")
		return "separator in " + k
	case 3:
		others := []string{"customer", "order", "order_item", "product", "account", "employee", "team", "membership", "note", "", "Order"}
		o := others[r.IntN(len(others))]
		item[typeAttr] = ddb.S(o)
		return "type " + o
	case 4:
		item[typeAttr] = &types.AttributeValueMemberN{Value: "1"}
		return "type as N"
	case 5:
		delete(item, typeAttr)
		return "no type"
	case 6:
		k := anyKey()
		item[k] = &types.AttributeValueMemberN{Value: "7"}
		return k + " as N"
	case 7: // a field of the wrong type
		k := names[r.IntN(len(names))]
		switch item[k].(type) {
		case *types.AttributeValueMemberS:
			item[k] = &types.AttributeValueMemberBOOL{Value: true}
		default:
			item[k] = ddb.S("not a number")
		}
		return k + " of another type"
	case 8: // a key attribute the entity does not fill
		ks := tableKeys[table]
		k := ks[r.IntN(len(ks))]
		item[k] = ddb.S("GHOST" + string("#|"[r.IntN(2)]) + "1")
		return "key " + k + " added"
	case 9: // an index's projection: keys and perhaps the type
		for _, k := range names {
			if !slices.Contains(tableKeys[table], k) && (k != typeAttr || r.IntN(2) == 0) {
				delete(item, k)
			}
		}
		return "keys only"
	case 10:
		k := anyKey()
		s := keyText(k)
		item[k] = ddb.S(s[:r.IntN(len(s)+1)])
		return "truncated " + k
	case 11: // a field under another case
		k := names[r.IntN(len(names))]
		item[strings.ToUpper(k)] = item[k]
		delete(item, k)
		return "upper-cased " + k
	default:
		item[typeAttr] = &types.AttributeValueMemberNULL{Value: true}
		return "type NULL"
	}
}

// checkSeed draws one value of every entity, checks its encoding, decodes
// its item as every entity of its table, and then the item damaged
// len(mutations) times (each step drawn from the mutation's byte; at most
// maxDamage: a few steps leave little of an item).
func checkSeed(t *testing.T, rig *jsonRig, seed uint64, mutations []byte) {
	const maxDamage = 8
	if len(mutations) > maxDamage {
		mutations = mutations[:maxDamage]
	}
	r := rand.New(rand.NewPCG(seed, 11))
	for _, m := range jsonModels {
		v := m.random(r)
		checkEncode(t, rig, v)
		item, err := v.(ddb.Item).MarshalItem()
		if err != nil {
			continue
		}
		for _, other := range jsonModels {
			if other.table == m.table {
				checkDecode(t, rig, other, itemBody(t, item), true)
			}
		}
		for i, b := range mutations {
			mr := rand.New(rand.NewPCG(seed, uint64(b)<<8|uint64(i)))
			what := damage(mr, m.table, item)
			if len(item) == 0 {
				break
			}
			for _, other := range jsonModels {
				if other.table == m.table {
					t.Logf("%s item, %s, decoded as %s", m.name, what, other.name)
					checkDecode(t, rig, other, itemBody(t, item), true)
				}
			}
		}
	}
}

// TestEntityJSONCodecMatchesTheSDK is the differential test of the entities'
// JSON codec: random values, and items damaged by damage.
func TestEntityJSONCodecMatchesTheSDK(t *testing.T) {
	rig := newJSONRig()
	for i := range 150 {
		seed := uint64(20261207 + i)
		muts := make([]byte, i%5)
		for j := range muts {
			muts[j] = byte(seed>>j) ^ byte(j*37)
		}
		if !t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { checkSeed(t, rig, seed, muts) }) {
			return
		}
	}
}

// FuzzEntityJSON drives checkSeed and checkCollection (a collection page of
// the seed's items) from fuzz input, and decodes one entity item of the
// seed with its body damaged byte by byte (truncated, bytes replaced): a
// direct success must be the SDK's, a failure typed.
func FuzzEntityJSON(f *testing.F) {
	f.Add(uint64(1), []byte{}, []byte{})
	f.Add(uint64(20261207), []byte{0, 1, 2, 3}, []byte{})
	f.Add(uint64(42), []byte("damage every key"), []byte{7, '}', 30, '"'})
	rig := newJSONRig()
	f.Fuzz(func(t *testing.T, seed uint64, mutations, bodyEdits []byte) {
		checkSeed(t, rig, seed, mutations)
		if len(mutations) > 8 {
			mutations = mutations[:8]
		}
		checkCollection(t, rig, rand.New(rand.NewPCG(seed, 19)), shopItems(t, seed, mutations))
		if len(bodyEdits) < 2 {
			return
		}
		r := rand.New(rand.NewPCG(seed, 5))
		m := jsonModels[int(seed%uint64(len(jsonModels)))]
		item, err := m.random(r).(ddb.Item).MarshalItem()
		if err != nil {
			return
		}
		body := itemBody(t, item)
		for i := 0; i+1 < len(bodyEdits); i += 2 {
			at := int(bodyEdits[i]) % len(body)
			if bodyEdits[i+1] == 0 {
				body = body[:at]
				break
			}
			body[at] = bodyEdits[i+1]
		}
		checkDecode(t, rig, m, body, false)
	})
}

// TestEntityJSONErrors pins the errors of the cases that matter to a store:
// another entity's item wraps ddb.ErrForeignItem; a key that does not split
// (wrong literal, a value with the separator) is a *ddb.DecodeError wrapping
// keys.ErrMalformed at the key attribute, when a field must come from it.
func TestEntityJSONErrors(t *testing.T) {
	o := &Order{CustomerID: "c-1", ID: "o-1", PlacedAt: time.Date(2026, 12, 7, 19, 0, 0, 5, time.UTC), Status: "paid", Total: 5}
	full, err := o.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	decode := func(item map[string]types.AttributeValue, v ddbjson.ItemDecoder) error {
		var res ddbjson.ItemResult
		switch v := v.(type) {
		case *Order:
			res.Item = &ddbjson.One[Order, *Order]{V: v}
		case *Customer:
			res.Item = &ddbjson.One[Customer, *Customer]{V: v}
		}
		return res.DecodeResponse(itemBody(t, item))
	}
	keysOnly := func(edit func(m map[string]types.AttributeValue)) map[string]types.AttributeValue {
		m := map[string]types.AttributeValue{"pk": full["pk"], "sk": full["sk"], "gsi2pk": full["gsi2pk"], "gsi2sk": full["gsi2sk"], "_et": full["_et"]}
		edit(m)
		return m
	}
	var c Customer
	if err := decode(full, &c); !errors.Is(err, ddb.ErrForeignItem) {
		t.Errorf("an order decoded as a customer: %v", err)
	}
	var got Order
	if err := decode(keysOnly(func(map[string]types.AttributeValue) {}), &got); err != nil {
		t.Fatal(err)
	}
	if got.CustomerID != "c-1" || got.ID != "o-1" || !got.PlacedAt.Equal(o.PlacedAt) || got.Status != "paid" || got.Total != 0 {
		t.Errorf("from keys: %+v", got)
	}
	cases := map[string]struct {
		item    map[string]types.AttributeValue
		foreign bool
		keyErr  error
	}{
		"wrong literal":        {item: keysOnly(func(m map[string]types.AttributeValue) { m["pk"] = ddb.S("CUSTOMR#c-1") }), keyErr: keys.ErrMalformed},
		"separator in a value": {item: keysOnly(func(m map[string]types.AttributeValue) { m["sk"] = ddb.S(s(m["sk"]) + "#x") }), keyErr: keys.ErrMalformed},
		"wrong type attribute": {item: keysOnly(func(m map[string]types.AttributeValue) { m["_et"] = ddb.S("customer") }), foreign: true},
		"type attribute an N":  {item: keysOnly(func(m map[string]types.AttributeValue) { m["_et"] = &types.AttributeValueMemberN{Value: "1"} }), foreign: true},
		"no type, wrong keys":  {item: keysOnly(func(m map[string]types.AttributeValue) { delete(m, "_et"); m["pk"] = ddb.S("PRODUCT#1") }), foreign: true},
		"no type, foreign key": {item: keysOnly(func(m map[string]types.AttributeValue) { delete(m, "_et"); m["gsi1sk"] = ddb.S("CUSTOMER") }), foreign: true},
		"foreign and a bad field": {item: func() map[string]types.AttributeValue {
			m := keysOnly(func(m map[string]types.AttributeValue) { m["_et"] = ddb.S("product") })
			m["total"] = ddb.S("not a number")
			return m
		}(), foreign: true},
	}
	for name, c := range cases {
		var v Order
		err := decode(c.item, &v)
		mapErr := new(Order).UnmarshalItem(c.item)
		if c.foreign {
			if !errors.Is(err, ddb.ErrForeignItem) || !errors.Is(mapErr, ddb.ErrForeignItem) {
				t.Errorf("%s: direct %v, map %v; want ddb.ErrForeignItem", name, err, mapErr)
			}
			continue
		}
		var de *ddb.DecodeError
		if !errors.As(err, &de) || !errors.Is(err, c.keyErr) || errors.Is(err, ddb.ErrForeignItem) || mapErr == nil || err.Error() != mapErr.Error() {
			t.Errorf("%s: direct %v, map %v; want a *ddb.DecodeError wrapping %v", name, err, mapErr, c.keyErr)
		}
	}
}
