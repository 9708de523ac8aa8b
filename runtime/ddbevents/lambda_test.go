package ddbevents

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

const arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-01-01T00:00:00.000"

// everyType is an image holding every DynamoDB type, nested and empty
// containers included.
func everyType() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"s":    &types.AttributeValueMemberS{Value: "héllo"},
		"n":    &types.AttributeValueMemberN{Value: "-12.50"},
		"b":    &types.AttributeValueMemberB{Value: []byte{0, 1, 2, 255}},
		"t":    &types.AttributeValueMemberBOOL{Value: true},
		"f":    &types.AttributeValueMemberBOOL{Value: false},
		"null": &types.AttributeValueMemberNULL{Value: true},
		"ss":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"ns":   &types.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
		"bs":   &types.AttributeValueMemberBS{Value: [][]byte{{1}, {0xfb, 0xff}}},
		"l": &types.AttributeValueMemberL{Value: []types.AttributeValue{
			&types.AttributeValueMemberS{Value: "x"},
			&types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberNULL{Value: true}}},
			&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"k": &types.AttributeValueMemberB{Value: []byte("hi")}}},
		}},
		"m": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"inner": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"deep": &types.AttributeValueMemberNS{Value: []string{"7"}}}},
		}},
		"el": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"em": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{}},
	}
}

// everyTypeJSON is everyType as DynamoDB (and Lambda) write it.
const everyTypeJSON = `{
	"s":    {"S": "héllo"},
	"n":    {"N": "-12.50"},
	"b":    {"B": "AAEC/w=="},
	"t":    {"BOOL": true},
	"f":    {"BOOL": false},
	"null": {"NULL": true},
	"ss":   {"SS": ["a", "b"]},
	"ns":   {"NS": ["1", "2.5"]},
	"bs":   {"BS": ["AQ==", "+/8="]},
	"l":    {"L": [{"S": "x"}, {"L": [{"NULL": true}]}, {"M": {"k": {"B": "aGk="}}}]},
	"m":    {"M": {"inner": {"M": {"deep": {"NS": ["7"]}}}}},
	"el":   {"L": []},
	"em":   {"M": {}}
}`

func modifyRecord() types.Record {
	at := time.Unix(1767225600, 0)
	return types.Record{
		AwsRegion:    aws.String("ddblocal"),
		EventID:      aws.String("e1"),
		EventName:    types.OperationTypeModify,
		EventSource:  aws.String("aws:dynamodb"),
		EventVersion: aws.String("1.1"),
		Dynamodb: &types.StreamRecord{
			ApproximateCreationDateTime: &at,
			Keys:                        map[string]types.AttributeValue{"id": &types.AttributeValueMemberB{Value: []byte{0xff}}},
			NewImage:                    everyType(),
			OldImage:                    map[string]types.AttributeValue{"id": &types.AttributeValueMemberB{Value: []byte{0xff}}},
			SequenceNumber:              aws.String("000000000000000000042"),
			SizeBytes:                   aws.Int64(123),
			StreamViewType:              types.StreamViewTypeNewAndOldImages,
		},
	}
}

func TestLambdaJSONShape(t *testing.T) {
	b, err := RecordJSON(modifyRecord(), arn)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
		"eventID": "e1",
		"eventName": "MODIFY",
		"eventVersion": "1.1",
		"eventSource": "aws:dynamodb",
		"awsRegion": "ddblocal",
		"dynamodb": {
			"ApproximateCreationDateTime": 1767225600,
			"Keys": {"id": {"B": "/w=="}},
			"NewImage": ` + everyTypeJSON + `,
			"OldImage": {"id": {"B": "/w=="}},
			"SequenceNumber": "000000000000000000042",
			"SizeBytes": 123,
			"StreamViewType": "NEW_AND_OLD_IMAGES"
		},
		"eventSourceARN": "` + arn + `"
	}`
	assertSameJSON(t, b, want)
}

func TestLambdaJSONLeavesOutMissingImagesAndKeepsUserIdentity(t *testing.T) {
	r := modifyRecord()
	r.EventName = types.OperationTypeRemove
	r.Dynamodb.NewImage, r.Dynamodb.OldImage = nil, nil
	r.Dynamodb.StreamViewType = types.StreamViewTypeKeysOnly
	frac := time.Unix(1767225600, 250_000_000)
	r.Dynamodb.ApproximateCreationDateTime = &frac
	r.UserIdentity = &types.Identity{Type: aws.String("Service"), PrincipalId: aws.String("dynamodb.amazonaws.com")}
	b, err := RecordJSON(r, arn)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	change := got["dynamodb"].(map[string]any)
	if _, ok := change["NewImage"]; ok {
		t.Errorf("NewImage present: %s", b)
	}
	if _, ok := change["OldImage"]; ok {
		t.Errorf("OldImage present: %s", b)
	}
	if change["ApproximateCreationDateTime"] != 1767225600.25 {
		t.Errorf("ApproximateCreationDateTime %v", change["ApproximateCreationDateTime"])
	}
	if !reflect.DeepEqual(got["userIdentity"], map[string]any{"type": "Service", "principalId": "dynamodb.amazonaws.com"}) {
		t.Errorf("userIdentity %v", got["userIdentity"])
	}

	rec, err := FromStreamRecord(r, arn)
	if err != nil {
		t.Fatal(err)
	}
	if rec.UserIdentity == nil || rec.UserIdentity.Type != "Service" || rec.UserIdentity.PrincipalID != "dynamodb.amazonaws.com" {
		t.Errorf("decoded userIdentity %+v", rec.UserIdentity)
	}
	if rec.Change.NewImage != nil || rec.Change.OldImage != nil {
		t.Errorf("decoded images %v %v", rec.Change.NewImage, rec.Change.OldImage)
	}
	// aws-lambda-go reads the seconds as a float64: exact to about a microsecond.
	if d := rec.Change.ApproximateCreationDateTime.Sub(frac); d < -time.Microsecond || d > time.Microsecond {
		t.Errorf("decoded time %v, want %v", rec.Change.ApproximateCreationDateTime, frac)
	}
}

// The record aws-lambda-go decodes carries every field and every value as written.
func TestLambdaRecordRoundTrip(t *testing.T) {
	ev, err := FromStreamRecords([]types.Record{modifyRecord()}, arn)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Records) != 1 {
		t.Fatalf("%d records", len(ev.Records))
	}
	rec := ev.Records[0]
	if rec.EventID != "e1" || rec.EventName != "MODIFY" || rec.EventVersion != "1.1" || rec.EventSource != "aws:dynamodb" ||
		rec.AWSRegion != "ddblocal" || rec.EventSourceArn != arn || rec.UserIdentity != nil {
		t.Errorf("record fields: %+v", rec)
	}
	c := rec.Change
	if c.SequenceNumber != "000000000000000000042" || c.SizeBytes != 123 || c.StreamViewType != "NEW_AND_OLD_IMAGES" ||
		!c.ApproximateCreationDateTime.Equal(time.Unix(1767225600, 0)) {
		t.Errorf("change fields: %+v", c)
	}
	if got := c.Keys["id"]; got.DataType() != events.DataTypeBinary || string(got.Binary()) != "\xff" {
		t.Errorf("binary key: %v", got)
	}
	got, err := ddb.FromStreamImage(c.NewImage)
	if err != nil {
		t.Fatal(err)
	}
	if want := everyTypeDynamoDB(); !reflect.DeepEqual(got, want) {
		t.Errorf("NewImage:\n got %#v\nwant %#v", got, want)
	}
}

func TestLambdaJSONRejectsUnknownValues(t *testing.T) {
	r := modifyRecord()
	r.Dynamodb.NewImage["bad"] = &types.UnknownUnionMember{Tag: "X"}
	if _, err := RecordJSON(r, arn); err == nil || !strings.Contains(err.Error(), "NewImage.bad") {
		t.Fatalf("error %v, want one naming NewImage.bad", err)
	}
}

// everyTypeDynamoDB is everyType in the DynamoDB API's types, which the
// generated codec decodes.
func everyTypeDynamoDB() map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{
		"s":    &ddbtypes.AttributeValueMemberS{Value: "héllo"},
		"n":    &ddbtypes.AttributeValueMemberN{Value: "-12.50"},
		"b":    &ddbtypes.AttributeValueMemberB{Value: []byte{0, 1, 2, 255}},
		"t":    &ddbtypes.AttributeValueMemberBOOL{Value: true},
		"f":    &ddbtypes.AttributeValueMemberBOOL{Value: false},
		"null": &ddbtypes.AttributeValueMemberNULL{Value: true},
		"ss":   &ddbtypes.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"ns":   &ddbtypes.AttributeValueMemberNS{Value: []string{"1", "2.5"}},
		"bs":   &ddbtypes.AttributeValueMemberBS{Value: [][]byte{{1}, {0xfb, 0xff}}},
		"l": &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{
			&ddbtypes.AttributeValueMemberS{Value: "x"},
			&ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{&ddbtypes.AttributeValueMemberNULL{Value: true}}},
			&ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{"k": &ddbtypes.AttributeValueMemberB{Value: []byte("hi")}}},
		}},
		"m": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{
			"inner": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{"deep": &ddbtypes.AttributeValueMemberNS{Value: []string{"7"}}}},
		}},
		"el": &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{}},
		"em": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{}},
	}
}

func assertSameJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs:\n got %s\nwant %s", got, want)
	}
}
