package ddbjson_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/benchtest"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbjson"
)

// localOrders is a fresh orders table on DynamoDB Local holding n orders
// (benchtest.PageOrder), some with awkward strings.
func localOrders(t *testing.T, n int) (*dynamodb.Client, string, []benchtest.Order) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "orders")
	if err := ddb.CreateTable(t.Context(), client, benchtest.OrderSchema, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ddb.DeleteTable(context.Background(), client, name) })
	var orders []benchtest.Order
	for i := range n {
		o := liveOrder(i)
		o.CustomerID = "c"
		switch i % 4 {
		case 1:
			o.Items = append(o.Items, "quote \" backslash \\ tab \t nl \n ctl \x01 é 😀 \u2028")
		case 2:
			o.Items = []string{}
		case 3:
			o.Items = nil
		}
		orders = append(orders, o)
		item, err := o.MarshalItem()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(name), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	return client, name, orders
}

// liveOrder is benchtest.PageOrder(i) expiring in a year: the table has
// TTL on expires_at, and DynamoDB Local deletes expired items as they go.
func liveOrder(i int) benchtest.Order {
	o := benchtest.PageOrder(i)
	o.ExpiresAt = time.Now().AddDate(1, 0, 0).Unix() + int64(i)
	return o
}

// viaSDK decodes items with the generated UnmarshalItem: what the direct
// path must equal.
func viaSDK(t *testing.T, items []map[string]types.AttributeValue) []benchtest.Order {
	t.Helper()
	out := make([]benchtest.Order, len(items))
	for i, it := range items {
		if err := out[i].UnmarshalItem(it); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func asOrders(in []order) []benchtest.Order {
	out := make([]benchtest.Order, len(in))
	for i := range in {
		out[i] = benchtest.Order(in[i])
	}
	return out
}

func TestDirectPathOnDynamoDBLocal(t *testing.T) {
	client, name, orders := localOrders(t, 12)
	ctx := t.Context()
	key := func(o benchtest.Order) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"customer_id": ddb.S(o.CustomerID), "order_date": ddb.S(o.OrderDate)}
	}

	t.Run("Query pages", func(t *testing.T) {
		in := &dynamodb.QueryInput{TableName: aws.String(name), KeyConditionExpression: aws.String("customer_id = :c"), Limit: aws.Int32(5),
			ExpressionAttributeValues: map[string]types.AttributeValue{":c": ddb.S("c")}, ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes}
		var direct, sdk []benchtest.Order
		for pages := 0; ; pages++ {
			page, items := newPage()
			if _, err := client.Query(ctx, in, ddbjson.WithDecoder(page)); err != nil {
				t.Fatal(err)
			}
			out, err := client.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			direct, sdk = append(direct, asOrders(items.Items)...), append(sdk, viaSDK(t, out.Items)...)
			if !reflect.DeepEqual(page.LastEvaluatedKey, out.LastEvaluatedKey) || page.Count != out.Count || page.ScannedCount != out.ScannedCount ||
				!reflect.DeepEqual(page.ConsumedCapacity, out.ConsumedCapacity) {
				t.Fatalf("page %d: direct %+v\nSDK %+v", pages, page, out)
			}
			if page.LastEvaluatedKey == nil {
				break
			}
			in.ExclusiveStartKey = page.LastEvaluatedKey
		}
		if !reflect.DeepEqual(direct, sdk) || len(direct) != len(orders) {
			t.Fatalf("direct %+v\nSDK %+v", direct, sdk)
		}
	})

	t.Run("Scan", func(t *testing.T) {
		in := &dynamodb.ScanInput{TableName: aws.String(name), ConsistentRead: aws.Bool(true)}
		page, items := newPage()
		if _, err := client.Scan(ctx, in, ddbjson.WithDecoder(page)); err != nil {
			t.Fatal(err)
		}
		out, err := client.Scan(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := asOrders(items.Items), viaSDK(t, out.Items); !reflect.DeepEqual(got, want) {
			t.Fatalf("direct %+v\nSDK %+v", got, want)
		}
	})

	t.Run("GetItem", func(t *testing.T) {
		for _, k := range []map[string]types.AttributeValue{key(orders[1]), key(benchtest.Order{CustomerID: "c", OrderDate: "none"})} {
			var res ddbjson.ItemResult
			one := &ddbjson.One[order, *order]{}
			res.Item = one
			in := &dynamodb.GetItemInput{TableName: aws.String(name), Key: k, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}
			if _, err := client.GetItem(ctx, in, ddbjson.WithDecoder(&res)); err != nil {
				t.Fatal(err)
			}
			out, err := client.GetItem(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Found != (out.Item != nil) || !reflect.DeepEqual(res.ConsumedCapacity, out.ConsumedCapacity) {
				t.Fatalf("found %v, capacity %+v; SDK %v %+v", res.Found, res.ConsumedCapacity, out.Item, out.ConsumedCapacity)
			}
			if res.Found && !reflect.DeepEqual(benchtest.Order(*one.V), viaSDK(t, []map[string]types.AttributeValue{out.Item})[0]) {
				t.Fatalf("direct %+v\nSDK %+v", *one.V, out.Item)
			}
		}
	})

	t.Run("writes returning items", func(t *testing.T) {
		o := orders[1]
		o.Status = "paid"
		item, _ := o.MarshalItem()
		var res ddbjson.ItemResult
		one := &ddbjson.One[order, *order]{}
		res.Item = one
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item, ReturnValues: types.ReturnValueAllOld}, ddbjson.WithDecoder(&res)); err != nil {
			t.Fatal(err)
		}
		if !res.Found || !reflect.DeepEqual(benchtest.Order(*one.V), orders[1]) {
			t.Fatalf("PutItem old item %+v, want %+v", one.V, orders[1])
		}
		one.V = nil
		in := &dynamodb.UpdateItemInput{TableName: aws.String(name), Key: key(o), UpdateExpression: aws.String("SET version = version + :one"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":one": ddb.NInt(1)}, ReturnValues: types.ReturnValueAllNew}
		if _, err := client.UpdateItem(ctx, in, ddbjson.WithDecoder(&res)); err != nil {
			t.Fatal(err)
		}
		want := o
		want.Version++
		if !res.Found || !reflect.DeepEqual(benchtest.Order(*one.V), want) {
			t.Fatalf("UpdateItem new item %+v, want %+v", one.V, want)
		}
		one.V = nil
		if _, err := client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(name), Key: key(o), ReturnValues: types.ReturnValueAllOld}, ddbjson.WithDecoder(&res)); err != nil {
			t.Fatal(err)
		}
		if !res.Found || !reflect.DeepEqual(benchtest.Order(*one.V), want) {
			t.Fatalf("DeleteItem old item %+v, want %+v", one.V, want)
		}
		// Without ReturnValues there is no item.
		if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item}, ddbjson.WithDecoder(&res)); err != nil || res.Found {
			t.Fatalf("PutItem without ReturnValues: found %v, %v", res.Found, err)
		}
	})

	t.Run("BatchGetItem and TransactGetItems", func(t *testing.T) {
		keys := []map[string]types.AttributeValue{key(orders[2]), key(orders[3]), key(benchtest.Order{CustomerID: "c", OrderDate: "none"})}
		items := &ddbjson.Items[order, *order]{}
		res := &ddbjson.BatchGetResult{Tables: map[string]ddbjson.ItemSink{name: items}}
		in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{name: {Keys: keys, ConsistentRead: aws.Bool(true)}}, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}
		if _, err := client.BatchGetItem(ctx, in, ddbjson.WithDecoder(res)); err != nil {
			t.Fatal(err)
		}
		out, err := client.BatchGetItem(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := asOrders(items.Items), viaSDK(t, out.Responses[name]); len(got) != 2 || !sameSet(got, want) {
			t.Fatalf("direct %+v\nSDK %+v", got, want)
		}
		if !reflect.DeepEqual(res.ConsumedCapacity, out.ConsumedCapacity) || len(res.UnprocessedKeys) != len(out.UnprocessedKeys) {
			t.Fatalf("capacity %+v / %+v, unprocessed %v / %v", res.ConsumedCapacity, out.ConsumedCapacity, res.UnprocessedKeys, out.UnprocessedKeys)
		}

		tx := &ddbjson.TxGetResult{Items: []ddbjson.ItemSink{&ddbjson.One[order, *order]{}, &ddbjson.One[order, *order]{}, &ddbjson.One[order, *order]{}}}
		var gets []types.TransactGetItem
		for _, k := range keys {
			gets = append(gets, types.TransactGetItem{Get: &types.Get{TableName: aws.String(name), Key: k}})
		}
		if _, err := client.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: gets}, ddbjson.WithDecoder(tx)); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(tx.Found, []bool{true, true, false}) {
			t.Fatalf("found %v", tx.Found)
		}
		for i := range 2 {
			if got := benchtest.Order(*tx.Items[i].(*ddbjson.One[order, *order]).V); !reflect.DeepEqual(got, orders[2+i]) {
				t.Fatalf("read %d: %+v, want %+v", i, got, orders[2+i])
			}
		}
	})
}

func sameSet(a, b []benchtest.Order) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if reflect.DeepEqual(x, y) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
