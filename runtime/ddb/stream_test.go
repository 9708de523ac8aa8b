package ddb_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// everyTypeImage is a stream image in the wire form Lambda delivers, holding every
// DynamoDB type, nested and empty containers included.
const everyTypeImage = `{
	"s":    {"S": "hello"},
	"n":    {"N": "-12.5"},
	"b":    {"B": "AAEC/w=="},
	"t":    {"BOOL": true},
	"f":    {"BOOL": false},
	"null": {"NULL": true},
	"ss":   {"SS": ["a", "b"]},
	"ns":   {"NS": ["1", "2.5"]},
	"bs":   {"BS": ["AQ==", "Ag=="]},
	"l":    {"L": [{"S": "x"}, {"N": "1"}, {"L": [{"NULL": true}]}, {"M": {"k": {"BOOL": true}}}]},
	"m":    {"M": {"inner": {"M": {"deep": {"SS": ["z"]}}}, "n": {"N": "7"}}},
	"el":   {"L": []},
	"em":   {"M": {}}
}`

func everyTypeWant() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"s":    &types.AttributeValueMemberS{Value: "hello"},
		"n":    &types.AttributeValueMemberN{Value: "-12.5"},
		"b":    &types.AttributeValueMemberB{Value: []byte{0, 1, 2, 255}},
		"t":    &types.AttributeValueMemberBOOL{Value: true},
		"f":    &types.AttributeValueMemberBOOL{Value: false},
		"null": &types.AttributeValueMemberNULL{Value: true},
		"ss":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"ns":   &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
		"bs":   &types.AttributeValueMemberBS{Value: [][]byte{{1}, {2}}},
		"l": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberS{Value: "x"},
			&types.AttributeValueMemberN{Value: "1"},
			&types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberNULL{Value: true}}},
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberBOOL{Value: true}}},
		}},
		"m": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"inner": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
				"deep": &types.AttributeValueMemberSS{Value: []string{"z"}},
			}},
			"n": &types.AttributeValueMemberN{Value: "7"},
		}},
		"el": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"em": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
	}
}

func decodeImage(t *testing.T, js string) map[string]events.DynamoDBAttributeValue {
	t.Helper()
	var img map[string]events.DynamoDBAttributeValue
	if err := json.Unmarshal([]byte(js), &img); err != nil {
		t.Fatalf("decode stream image: %v", err)
	}
	return img
}

func TestFromStreamImageEveryType(t *testing.T) {
	got, err := ddb.FromStreamImage(decodeImage(t, everyTypeImage))
	if err != nil {
		t.Fatal(err)
	}
	want := everyTypeWant()
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%s = %#v, want %#v", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d attributes, want %d", len(got), len(want))
	}
}

// Values built with aws-lambda-go's constructors (as in handler unit tests) convert too.
func TestFromStreamValueConstructors(t *testing.T) {
	cases := []struct {
		in   events.DynamoDBAttributeValue
		want types.AttributeValue
	}{
		{events.NewStringAttribute("s"), &types.AttributeValueMemberS{Value: "s"}},
		{events.NewNumberAttribute("3"), &types.AttributeValueMemberN{Value: "3"}},
		{events.NewBinaryAttribute([]byte("b")), &types.AttributeValueMemberB{Value: []byte("b")}},
		{events.NewBooleanAttribute(true), &types.AttributeValueMemberBOOL{Value: true}},
		{events.NewNullAttribute(), &types.AttributeValueMemberNULL{Value: true}},
		{events.NewStringSetAttribute([]string{"x"}), &types.AttributeValueMemberSS{Value: []string{"x"}}},
		{events.NewNumberSetAttribute([]string{"1"}), &types.AttributeValueMemberNS{Value: []string{"1"}}},
		{events.NewBinarySetAttribute([][]byte{{9}}), &types.AttributeValueMemberBS{Value: [][]byte{{9}}}},
		{events.NewListAttribute([]events.DynamoDBAttributeValue{events.NewStringAttribute("e")}),
			&types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberS{Value: "e"}}}},
		{events.NewMapAttribute(map[string]events.DynamoDBAttributeValue{"k": events.NewNumberAttribute("1")}),
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberN{Value: "1"}}}},
	}
	for _, c := range cases {
		got, err := ddb.FromStreamValue(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("FromStreamValue(%v) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

func TestFromStreamImageNil(t *testing.T) {
	got, err := ddb.FromStreamImage(nil)
	if err != nil || got != nil {
		t.Errorf("FromStreamImage(nil) = %v, %v; want nil, nil", got, err)
	}
}

// streamOrder is a model as stelviogen users write it; the SDK's reflective codec stands
// in for the generated one, which must read exactly what MarshalMap writes.
type streamOrder struct {
	CustomerID string            `dynamodbav:"customer_id"`
	OrderDate  string            `dynamodbav:"order_date"`
	Status     string            `dynamodbav:"status"`
	Total      float64           `dynamodbav:"total"`
	Items      []string          `dynamodbav:"items,stringset"`
	Notes      map[string]string `dynamodbav:"notes"`
	Gift       bool              `dynamodbav:"gift"`
	Coupon     *string           `dynamodbav:"coupon"`
	Blob       []byte            `dynamodbav:"blob"`
}

// A DynamoDB stream event as Lambda delivers it: an INSERT, a MODIFY and a REMOVE.
const streamEvent = `{"Records": [
 {"eventID": "1", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
  "dynamodb": {"ApproximateCreationDateTime": 1764057600, "SequenceNumber": "111", "SizeBytes": 120, "StreamViewType": "NEW_AND_OLD_IMAGES",
   "Keys": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}},
   "NewImage": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}, "status": {"S": "NEW"}, "total": {"N": "12.5"},
    "items": {"SS": ["apple", "pear"]}, "notes": {"M": {"door": {"S": "back"}}}, "gift": {"BOOL": true}, "coupon": {"NULL": true}, "blob": {"B": "AQI="}}},
  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-orders/stream/2026-11-25T08:00:00.000"},
 {"eventID": "2", "eventName": "MODIFY", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
  "dynamodb": {"SequenceNumber": "222", "SizeBytes": 200, "StreamViewType": "NEW_AND_OLD_IMAGES",
   "Keys": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}},
   "NewImage": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}, "status": {"S": "PAID"}, "total": {"N": "12.5"}},
   "OldImage": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}, "status": {"S": "NEW"}, "total": {"N": "12.5"}}}},
 {"eventID": "3", "eventName": "REMOVE", "eventVersion": "1.1", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
  "dynamodb": {"SequenceNumber": "333", "SizeBytes": 90, "StreamViewType": "NEW_AND_OLD_IMAGES",
   "Keys": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}},
   "OldImage": {"customer_id": {"S": "c1"}, "order_date": {"S": "2026-11-25"}, "status": {"S": "PAID"}, "total": {"N": "12.5"}}}}
]}`

func streamRecords(t *testing.T) []ddb.StreamRecord {
	t.Helper()
	var ev events.DynamoDBEvent
	if err := json.Unmarshal([]byte(streamEvent), &ev); err != nil {
		t.Fatalf("decode event: %v", err)
	}
	var out []ddb.StreamRecord
	for _, r := range ev.Records {
		rec, err := ddb.NewStreamRecord(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	return out
}

func TestStreamRecordsDecodeIntoTheModel(t *testing.T) {
	recs := streamRecords(t)
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3", len(recs))
	}
	wantKeys := map[string]types.AttributeValue{
		"customer_id": &types.AttributeValueMemberS{Value: "c1"},
		"order_date":  &types.AttributeValueMemberS{Value: "2026-11-25"},
	}
	for i, want := range []struct{ id, name, seq string }{{"1", ddb.StreamInsert, "111"}, {"2", ddb.StreamModify, "222"}, {"3", ddb.StreamRemove, "333"}} {
		r := recs[i]
		if r.EventID != want.id || r.EventName != want.name || r.SequenceNumber != want.seq {
			t.Errorf("record %d = %s %s %s, want %s %s %s", i, r.EventID, r.EventName, r.SequenceNumber, want.id, want.name, want.seq)
		}
		if !reflect.DeepEqual(r.Keys, wantKeys) {
			t.Errorf("record %d keys = %v", i, r.Keys)
		}
	}

	// INSERT: the new image is exactly what MarshalMap writes for the model, so the
	// generated codec (identical to MarshalMap by contract) reads it.
	inserted := streamOrder{
		CustomerID: "c1", OrderDate: "2026-11-25", Status: "NEW", Total: 12.5,
		Items: []string{"apple", "pear"}, Notes: map[string]string{"door": "back"}, Gift: true, Blob: []byte{1, 2},
	}
	if recs[0].OldImage != nil {
		t.Errorf("INSERT has an old image: %v", recs[0].OldImage)
	}
	marshalled, err := attributevalue.MarshalMap(inserted)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0].NewImage, marshalled) {
		t.Errorf("INSERT image\n got %#v\nwant %#v (MarshalMap)", recs[0].NewImage, marshalled)
	}
	var got streamOrder
	if err := attributevalue.UnmarshalMap(recs[0].NewImage, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, inserted) {
		t.Errorf("INSERT decodes to %+v, want %+v", got, inserted)
	}

	// MODIFY carries both images; REMOVE only the old one.
	var before, after streamOrder
	if err := attributevalue.UnmarshalMap(recs[1].OldImage, &before); err != nil {
		t.Fatal(err)
	}
	if err := attributevalue.UnmarshalMap(recs[1].NewImage, &after); err != nil {
		t.Fatal(err)
	}
	if before.Status != "NEW" || after.Status != "PAID" {
		t.Errorf("MODIFY status %q -> %q, want NEW -> PAID", before.Status, after.Status)
	}
	if recs[2].NewImage != nil || recs[2].OldImage == nil {
		t.Errorf("REMOVE images: new %v, old %v; want only the old one", recs[2].NewImage, recs[2].OldImage)
	}
}

// A converted image is an item DynamoDB itself accepts and returns unchanged.
func TestStreamImageIsAValidItem(t *testing.T) {
	client := ddblocal.Client(t)
	schema := ddb.TableSchema{
		Name: "stream_orders",
		PK:   ddb.KeyAttr{Name: "customer_id", Type: types.ScalarAttributeTypeS},
		SK:   ddb.KeyAttr{Name: "order_date", Type: types.ScalarAttributeTypeS},
	}
	table := ddblocal.UniqueTableName(t, schema.Name)
	if err := ddb.CreateTable(t.Context(), client, schema, table); err != nil {
		t.Fatalf("create table: %v", err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, table); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})

	item, err := ddb.FromStreamImage(decodeImage(t, everyTypeImage))
	if err != nil {
		t.Fatal(err)
	}
	item["customer_id"] = &types.AttributeValueMemberS{Value: "c1"}
	item["order_date"] = &types.AttributeValueMemberS{Value: "2026-11-25"}
	if _, err := client.PutItem(t.Context(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
		t.Fatalf("put converted image: %v", err)
	}
	out, err := client.GetItem(t.Context(), &dynamodb.GetItemInput{
		TableName:      aws.String(table),
		Key:            map[string]types.AttributeValue{"customer_id": item["customer_id"], "order_date": item["order_date"]},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range item {
		if !reflect.DeepEqual(out.Item[k], want) {
			t.Errorf("%s read back as %#v, want %#v", k, out.Item[k], want)
		}
	}
	if len(out.Item) != len(item) {
		t.Errorf("read back %d attributes, wrote %d", len(out.Item), len(item))
	}
}
