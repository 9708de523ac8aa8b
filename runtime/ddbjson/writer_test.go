package ddbjson_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// mapItem encodes an item of the SDK's form with Writer.Item.
type mapItem map[string]types.AttributeValue

func (m mapItem) EncodeJSONItem(w *ddbjson.Writer) error { return w.Item(m) }

// EncodeJSONItem is the hand-written per-model encoder of order: what the
// generator is to emit, writing what MarshalItem builds.
func (v *order) EncodeJSONItem(w *ddbjson.Writer) error {
	w.BeginItem()
	w.Name("customer_id")
	w.S(v.CustomerID)
	w.Name("order_date")
	w.S(v.OrderDate)
	w.Name("status")
	w.S(v.Status)
	w.Name("total")
	if err := w.Float(v.Total, 64); err != nil {
		return ddb.EncodeAt("total", err)
	}
	if v.Items != nil {
		w.Name("items")
		w.BeginL()
		for _, s := range v.Items {
			w.S(s)
		}
		w.EndL()
	}
	if v.ExpiresAt != 0 {
		w.Name("expires_at")
		w.Int(v.ExpiresAt)
	}
	w.Name("version")
	w.Int(v.Version)
	w.EndItem()
	return nil
}

// sentBodies returns the request bodies of a PutItem of item sent by the
// SDK's serializer, and with the placeholder and enc.
func sentBodies(t *testing.T, item map[string]types.AttributeValue, enc ddbjson.ItemEncoder) (sdk, direct []byte) {
	t.Helper()
	tr := benchtest.NewTransport(nil)
	tr.KeepRequests = true
	tr.Serve("PutItem", []byte(`{}`))
	client := benchtest.NewClient(tr)
	in := &dynamodb.PutItemInput{TableName: aws.String("t"), Item: item, ConditionExpression: aws.String("attribute_not_exists(#k)"), ExpressionAttributeNames: map[string]string{"#k": "k"}}
	if _, err := client.PutItem(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	sdk = tr.LastRequest
	in.Item = ddbjson.Placeholder()
	if _, err := client.PutItem(context.Background(), in, ddbjson.WithItems(enc)); err != nil {
		t.Fatal(err)
	}
	return sdk, tr.LastRequest
}

func TestWriterMatchesTheSDKsSerializer(t *testing.T) {
	values := []types.AttributeValue{
		ddb.S(""), ddb.S("plain"), ddb.S("quote \" backslash \\ slash / tab \t nl \n cr \r ctl \x01\x1f del \x7f <>&"),
		ddb.S("é 😀 \u2028 \u2029 invalid \xff\xfe end"), ddb.S("\xc3"),
		&types.AttributeValueMemberN{Value: "0"}, &types.AttributeValueMemberN{Value: "-12.5e+30"}, &types.AttributeValueMemberN{Value: "123456789012345678901234567890.000001"},
		&types.AttributeValueMemberB{Value: []byte{0, 1, 2, 250, 251, 255}}, &types.AttributeValueMemberB{Value: []byte{}},
		&types.AttributeValueMemberBOOL{Value: true}, &types.AttributeValueMemberBOOL{Value: false}, &types.AttributeValueMemberNULL{Value: true},
		&types.AttributeValueMemberL{Value: []types.AttributeValue{}}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
		&types.AttributeValueMemberSS{Value: []string{"a", "\"b\""}}, &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
		&types.AttributeValueMemberBS{Value: [][]byte{{1}, {2, 3}}},
		&types.AttributeValueMemberL{Value: []types.AttributeValue{ddb.S("x"), &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"deep": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberNULL{Value: true}}}}}}},
	}
	for _, av := range values {
		item := map[string]types.AttributeValue{"k\t\"name\"": av}
		sdk, direct := sentBodies(t, item, mapItem(item))
		if !bytes.Equal(sdk, direct) {
			t.Errorf("%#v:\n SDK    %s\n direct %s", av, sdk, direct)
		}
	}
	// A whole item: the same JSON value (the SDK writes map keys in no set order).
	o := order(benchtest.PageOrder(3))
	item, err := (*benchtest.Order)(&o).MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	sdk, direct := sentBodies(t, item, &o)
	var a, b any
	if json.Unmarshal(sdk, &a) != nil || json.Unmarshal(direct, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("order:\n SDK    %s\n direct %s", sdk, direct)
	}
}

func TestWithItemsCountsPlaceholders(t *testing.T) {
	tr := benchtest.NewTransport(nil)
	tr.Serve("PutItem", []byte(`{}`))
	client := benchtest.NewClient(tr)
	o := order(benchtest.PageOrder(1))
	in := &dynamodb.PutItemInput{TableName: aws.String("t"), Item: ddbjson.Placeholder()}
	if _, err := client.PutItem(context.Background(), in, ddbjson.WithItems(&o, &o)); err == nil {
		t.Error("two encoders for one placeholder: no error")
	}
	if _, err := client.PutItem(context.Background(), in, ddbjson.WithItems()); err == nil {
		t.Error("no encoder for a placeholder: no error")
	}
	if tr.Requests.Load() != 0 {
		t.Errorf("%d requests sent", tr.Requests.Load())
	}
}

func TestDirectWritesOnDynamoDBLocal(t *testing.T) {
	client, name, _ := localOrders(t, 0)
	ctx := t.Context()
	a, b, c := order(liveOrder(1)), order(liveOrder(2)), order(liveOrder(3))
	a.Items = append(a.Items, "é \"q\" \x01 😀")
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: ddbjson.Placeholder()}, ddbjson.WithItems(&a)); err != nil {
		t.Fatal(err)
	}
	_, err := client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(name), Item: ddbjson.Placeholder()}},
		{Put: &types.Put{TableName: aws.String(name), Item: ddbjson.Placeholder(), ConditionExpression: aws.String("attribute_not_exists(customer_id)")}},
	}}, ddbjson.WithItems(&b, &c))
	if err != nil {
		t.Fatal(err)
	}
	d := order(liveOrder(4))
	if _, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{name: {{PutRequest: &types.PutRequest{Item: ddbjson.Placeholder()}}}}}, ddbjson.WithItems(&d)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []order{a, b, c, d} {
		out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(name), ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"customer_id": ddb.S(want.CustomerID), "order_date": ddb.S(want.OrderDate)}})
		if err != nil {
			t.Fatal(err)
		}
		var got benchtest.Order
		if err := got.UnmarshalItem(out.Item); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, benchtest.Order(want)) {
			t.Errorf("stored %+v, want %+v", got, want)
		}
	}
}

// A nil member in an item is an error of Writer.Item, not a panic.
func TestWriterRefusesNilMembers(t *testing.T) {
	for _, av := range []types.AttributeValue{(*types.AttributeValueMemberS)(nil), &types.AttributeValueMemberL{Value: []types.AttributeValue{(*types.AttributeValueMemberN)(nil)}}, &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"x": (*types.AttributeValueMemberM)(nil)}}} {
		var w ddbjson.Writer
		if err := w.Item(map[string]types.AttributeValue{"a": av}); err == nil {
			t.Errorf("Item with %#v: no error", av)
		}
	}
}
