package codectest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// jsonPtr is a pointer to a table struct with the generated JSON codec.
type jsonPtr[T any] interface {
	itemPtr[T]
	ddbjson.ItemDecoder
	ddbjson.ItemEncoder
}

// jsonRig is an SDK client over an in-memory transport: answers are served
// as given, requests are kept.
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

// checkJSONDecode serves item (in DynamoDB JSON, as the SDK's serializer
// writes it) as a GetItem answer and decodes it both ways: the SDK's
// deserializer + UnmarshalItem, and the generated DecodeJSONItem inside
// ddbjson.WithDecoder. When the direct path succeeds, the map path must
// succeed with the same value; when the map path succeeds on an item that
// is not hostile, the direct path must too. A direct failure is typed.
func checkJSONDecode[T any, P jsonPtr[T]](t *testing.T, rig *jsonRig, item map[string]types.AttributeValue, hostile bool) {
	t.Helper()
	// DynamoDB never answers an N that is not a number (it refuses to
	// store one); the direct reader rejects it where the SDK passes it on.
	hostile = hostile || badNumbers(&types.AttributeValueMemberM{Value: item})
	var w ddbjson.Writer
	if err := w.Item(item); err != nil {
		if hostile {
			return // a nil attribute value: no answer of DynamoDB holds one
		}
		t.Fatalf("Writer.Item: %v", err)
	}
	body := append(append([]byte(`{"Item":`), w.Bytes()...), '}')
	rig.tr.Serve("GetItem", body)
	in := &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": ddb.S("k")}}
	var want T
	out, err := rig.client.GetItem(context.Background(), in)
	if err != nil {
		t.Fatalf("GetItem through the SDK: %v", err)
	}
	mapErr := P(&want).UnmarshalItem(out.Item)
	var got T
	res := ddbjson.ItemResult{Item: &ddbjson.One[T, P]{V: &got}}
	_, directErr := func() (o *dynamodb.GetItemOutput, err error) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("direct decode panicked: %v\nbody: %s", p, body)
			}
		}()
		return rig.client.GetItem(context.Background(), in, ddbjson.WithDecoder(&res))
	}()
	if directErr != nil {
		var de *ddb.DecodeError
		var te *ddbjson.TypeError
		if !errors.As(directErr, &de) && !errors.As(directErr, &te) && !errors.Is(directErr, ddbjson.ErrMalformed) {
			t.Fatalf("direct decode error %v is not typed\nbody: %s", directErr, body)
		}
		if mapErr == nil && !hostile {
			t.Fatalf("direct decode fails (%v) where the map path decodes\nbody: %s", directErr, body)
		}
		return
	}
	if !res.Found {
		t.Fatalf("direct decode found no item\nbody: %s", body)
	}
	if mapErr != nil {
		t.Fatalf("direct decode accepts an item UnmarshalItem rejects (%v)\nbody: %s", mapErr, body)
	}
	if d := diffValues(reflect.ValueOf(&got), reflect.ValueOf(&want), "v"); d != "" {
		t.Fatalf("DecodeJSONItem and SDK + UnmarshalItem decode differently: %s\nbody: %s", d, body)
	}
}

// checkJSONEncode sends v in a PutItem both ways: MarshalItem through the
// SDK's serializer, and the generated EncodeJSONItem through
// ddbjson.WithItems. The request bodies must be the same JSON value.
func checkJSONEncode[T any, P jsonPtr[T]](t *testing.T, rig *jsonRig, v *T) {
	t.Helper()
	item, mErr := P(v).MarshalItem()
	var w ddbjson.Writer
	eErr := P(v).EncodeJSONItem(&w)
	if (mErr != nil) != (eErr != nil) {
		t.Fatalf("MarshalItem error %v, EncodeJSONItem error %v", mErr, eErr)
	}
	if mErr != nil {
		return
	}
	in := &dynamodb.PutItemInput{TableName: aws.String("t"), Item: item, ConditionExpression: aws.String("attribute_not_exists(#k)"), ExpressionAttributeNames: map[string]string{"#k": "k"}}
	if _, err := rig.client.PutItem(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	sdk := rig.tr.LastRequest
	in.Item = ddbjson.Placeholder()
	if _, err := rig.client.PutItem(context.Background(), in, ddbjson.WithItems(P(v))); err != nil {
		t.Fatal(err)
	}
	direct := rig.tr.LastRequest
	a, b := canonicalJSON(t, sdk), canonicalJSON(t, direct)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("EncodeJSONItem's request differs from the SDK's:\nsdk:    %s\ndirect: %s", sdk, direct)
	}
}

// canonicalJSON parses a body into maps, slices and json.Numbers: key
// order does not matter, number texts do.
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

// checkJSONValue runs both checks on one random value of T, and the decode
// check on its item damaged by m.
func checkJSONValue[T any, P jsonPtr[T]](t *testing.T, rig *jsonRig, v *T, m *mutator) {
	t.Helper()
	checkJSONEncode[T, P](t, rig, v)
	item, err := attributevalue.MarshalMap(v)
	if err != nil {
		t.Fatal(err)
	}
	checkJSONDecode[T, P](t, rig, item, false)
	if m != nil {
		checkJSONDecode[T, P](t, rig, m.mutate(item), true)
	}
}

func checkJSONSeed(t *testing.T, rig *jsonRig, seed uint64, mutations []byte) {
	r := rand.New(rand.NewPCG(seed, uint64(len(mutations))))
	m := &mutator{r: rand.New(rand.NewPCG(seed, 7)), bytes: mutations}
	if len(mutations) == 0 {
		m = nil
	}
	checkJSONValue[Order](t, rig, randomValue[Order](r), m)
	checkJSONValue[User](t, rig, randomValue[User](r), m)
	checkJSONValue[Profile](t, rig, randomValue[Profile](r), m)
	checkJSONValue[Record](t, rig, randomValue[Record](r), m)
	checkJSONValue[Kitchen](t, rig, randomValue[Kitchen](r), m)
	checkJSONValue[Labelled](t, rig, randomValue[Labelled](r), m)
}

// TestJSONCodecMatchesTheSDK is the differential test of the generated JSON
// codec over every model of the package: random values, and items damaged
// by the hostile mutator.
func TestJSONCodecMatchesTheSDK(t *testing.T) {
	rig := newJSONRig()
	for i := range 200 {
		seed := uint64(propertySeed + i)
		r := rand.New(rand.NewPCG(seed, 3))
		muts := make([]byte, i%4)
		for j := range muts {
			muts[j] = byte(r.IntN(256))
		}
		if !t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) { checkJSONSeed(t, rig, seed, muts) }) {
			return
		}
	}
}

// FuzzJSONCodec drives TestJSONCodecMatchesTheSDK's checks from fuzz input.
func FuzzJSONCodec(f *testing.F) {
	f.Add(uint64(1), []byte{})
	f.Add(uint64(20261207), []byte{0, 1, 2, 3})
	f.Add(uint64(42), []byte("mutate every attribute of the item"))
	rig := newJSONRig()
	f.Fuzz(func(t *testing.T, seed uint64, mutations []byte) {
		checkJSONSeed(t, rig, seed, mutations)
	})
}

// badNumbers reports whether av holds an N (or an NS element) that is not
// a JSON number.
func badNumbers(av types.AttributeValue) bool {
	bad := func(s string) bool {
		return s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) || !json.Valid([]byte(s))
	}
	switch v := av.(type) {
	case *types.AttributeValueMemberN:
		return v != nil && bad(v.Value)
	case *types.AttributeValueMemberNS:
		if v != nil {
			for _, s := range v.Value {
				if bad(s) {
					return true
				}
			}
		}
	case *types.AttributeValueMemberL:
		if v != nil {
			for _, e := range v.Value {
				if badNumbers(e) {
					return true
				}
			}
		}
	case *types.AttributeValueMemberM:
		if v != nil {
			for _, e := range v.Value {
				if badNumbers(e) {
					return true
				}
			}
		}
	}
	return false
}
