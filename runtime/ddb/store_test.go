package ddb_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/runtime/ddb"
)

// A Writer without a client (a read-only view) refuses every write before
// anything is sent.
func TestReadOnlyWriterRefusesWrites(t *testing.T) {
	s := newWidgets(t, true)
	s.put(&widget{PK: "p", SK: 1, Version: 1})
	w := ddb.NewWriter(nil, s.name, versionedWidgets)
	ctx := t.Context()
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, ddb.ErrInvalidInput) || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: %v, want ErrInvalidInput saying the store is read-only", op, err)
		}
	}
	v := &widget{PK: "p", SK: 2}
	check("Put", ddb.Put(ctx, &w, v, nil))
	if v.Version != 0 {
		t.Errorf("a refused put bumped the version to %d", v.Version)
	}
	check("Create", ddb.Create(ctx, &w, &widget{PK: "p", SK: 2}, nil))
	check("Delete", ddb.Delete(ctx, &w, widgetKey("p", 1), nil))
	check("DeleteVersion", ddb.DeleteVersion(ctx, &w, widgetKey("p", 1), 1, nil))
	_, err := ddb.Update(ctx, &w, widgetKey("p", 1), []ddb.UpdateOption{W.Name.Set("x")}, new(widget))
	check("Update", err)
	_, err = ddb.UpdateVersion(ctx, &w, widgetKey("p", 1), 1, []ddb.UpdateOption{W.Name.Set("x")}, new(widget))
	check("UpdateVersion", err)
	_, err = ddb.UpdateInput(&w, widgetKey("p", 1), nil, []ddb.UpdateOption{W.Name.Set("x")})
	check("UpdateInput", err)
	check("WriteBatch", ddb.WriteBatch(ctx, &w, []widget{{PK: "p", SK: 3}}, nil, nil))
	if got := s.get("p", 1); got == nil || got.Name != "" || s.count() != 1 {
		t.Fatal("a refused write changed the table")
	}
}

// WriteBatch and GetBatch of models: versions are written as they are,
// items come back in the order of their keys, missing ones left out.
func TestBatchesOfModels(t *testing.T) {
	s := newWidgets(t, true)
	var puts []widget
	for i := range 60 {
		puts = append(puts, widget{PK: "b", SK: i, Version: int64(i % 3), Name: "n" + itoa(i)})
	}
	if err := ddb.WriteBatch(t.Context(), &s.w, puts, nil, nil); err != nil {
		t.Fatal(err)
	}
	for i, p := range puts {
		if p.Version != int64(i%3) {
			t.Fatalf("WriteBatch changed the version of put %d to %d", i, p.Version)
		}
	}
	if got := s.get("b", 4); got == nil || got.Version != 1 || got.Name != "n4" {
		t.Fatalf("stored %+v, want n4 at version 1", got)
	}
	keys := []map[string]types.AttributeValue{widgetKey("b", 7), widgetKey("none", 1), widgetKey("b", 3), widgetKey("b", 59)}
	got, err := ddb.GetBatch[widget](t.Context(), &s.r, keys, []ddb.ReadOption{ddb.ConsistentRead()})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids(got), " ") != "b/7 b/3 b/59" {
		t.Fatalf("GetBatch returned %v, want b/7 b/3 b/59", ids(got))
	}
	// Deletes and puts together.
	var dels []map[string]types.AttributeValue
	for i := range 30 {
		dels = append(dels, widgetKey("b", i))
	}
	if err := ddb.WriteBatch(t.Context(), &s.w, []widget{{PK: "c", SK: 1}}, dels, nil); err != nil {
		t.Fatal(err)
	}
	if n := s.count(); n != 31 {
		t.Fatalf("%d items after deleting 30 of 60 and adding 1, want 31", n)
	}
}

// Several If options must all hold, with each other and with the checks
// of Create and optimistic locking.
func TestSeveralConditions(t *testing.T) {
	s := newWidgets(t, true)
	v := &widget{PK: "p", SK: 1, Name: "a", Count: 1}
	if err := ddb.Create(t.Context(), &s.w, v, []ddb.WriteOption{ddb.If(W.Name.NotExists()), ddb.If(W.Count.NotExists())}); err != nil {
		t.Fatalf("create with conditions on a missing item: %v", err)
	}
	err := ddb.Put(t.Context(), &s.w, v, []ddb.WriteOption{ddb.If(W.Name.Eq("a")), ddb.If(W.Count.Eq(2))})
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("put with one failing condition of two: %v", err)
	}
	if err := ddb.Put(t.Context(), &s.w, v, []ddb.WriteOption{ddb.If(W.Name.Eq("a")), ddb.If(W.Count.Eq(1))}); err != nil || v.Version != 2 {
		t.Fatalf("put with two conditions that hold: %v (version %d)", err, v.Version)
	}
	_, err = s.updateVersion("p", 1, 2, W.Count.Add(1), ddb.If(W.Name.Eq("a")), ddb.If(W.Count.Gt(5)))
	if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrVersionConflict) {
		t.Fatalf("update with one failing condition of two: %v", err)
	}
	err = ddb.DeleteVersion(t.Context(), &s.w, widgetKey("p", 1), 2, []ddb.WriteOption{ddb.If(W.Name.Eq("a")), ddb.If(ddb.Cond{}), ddb.If(W.Count.Eq(1))})
	if err != nil {
		t.Fatalf("delete with conditions that hold: %v", err)
	}
}

// widgetEvent is a stream event of the widget table as Lambda delivers it.
const widgetEvent = `{"Records": [
 {"eventID": "1", "eventName": "INSERT", "dynamodb": {"SequenceNumber": "111", "StreamViewType": "NEW_AND_OLD_IMAGES",
   "Keys": {"pk": {"S": "p"}, "sk": {"N": "1"}},
   "NewImage": {"pk": {"S": "p"}, "sk": {"N": "1"}, "version": {"N": "1"}, "status": {"S": "open"}, "code": {"S": "c"},
    "data": {"SS": ["a"]}, "addr": {"M": {"city": {"S": "Oslo"}}}, "lines": {"L": [{"M": {"sku": {"S": "s"}, "qty": {"N": "2"}}}]}}}},
 {"eventID": "2", "eventName": "MODIFY", "dynamodb": {"SequenceNumber": "222", "StreamViewType": "NEW_AND_OLD_IMAGES",
   "Keys": {"pk": {"S": "p"}, "sk": {"N": "1"}},
   "OldImage": {"pk": {"S": "p"}, "sk": {"N": "1"}, "version": {"N": "1"}, "status": {"S": "open"}},
   "NewImage": {"pk": {"S": "p"}, "sk": {"N": "1"}, "version": {"N": "2"}, "status": {"S": "done"}}}},
 {"eventID": "3", "eventName": "REMOVE", "dynamodb": {"SequenceNumber": "333", "StreamViewType": "KEYS_ONLY",
   "Keys": {"pk": {"S": "p"}, "sk": {"N": "1"}}}},
 {"eventID": "4", "eventName": "MODIFY", "dynamodb": {"SequenceNumber": "444", "StreamViewType": "NEW_IMAGE",
   "Keys": {"pk": {"S": "p"}, "sk": {"N": "1"}},
   "NewImage": {"pk": {"S": "p"}, "sk": {"N": "1"}, "count": {"S": "not a number"}}}}
]}`

func TestDecodeChange(t *testing.T) {
	var ev events.DynamoDBEvent
	if err := json.Unmarshal([]byte(widgetEvent), &ev); err != nil {
		t.Fatal(err)
	}
	insert, err := ddb.DecodeChange[widget](&ev.Records[0], plainWidgets)
	if err != nil {
		t.Fatal(err)
	}
	want := &widget{PK: "p", SK: 1, Version: 1, Status: "open", Code: aws.String("c"), Tags: []string{"a"}, Addr: &address{City: "Oslo"}, Lines: []line{{"s", 2}}}
	if insert.EventName != ddb.StreamInsert || insert.EventID != "1" || insert.SequenceNumber != "111" || insert.Old != nil || !sameWidget(insert.New, want) {
		t.Fatalf("INSERT decoded to %+v (new %+v)", insert, insert.New)
	}
	if len(insert.Keys) != 2 {
		t.Fatalf("INSERT keys %v", insert.Keys)
	}
	modify, err := ddb.DecodeChange[widget](&ev.Records[1], versionedWidgets)
	if err != nil {
		t.Fatal(err)
	}
	if modify.EventName != ddb.StreamModify || modify.Old == nil || modify.New == nil || modify.Old.Status != "open" || modify.New.Status != "done" || modify.New.Version != 2 {
		t.Fatalf("MODIFY decoded to %+v (old %+v, new %+v)", modify, modify.Old, modify.New)
	}
	remove, err := ddb.DecodeChange[widget](&ev.Records[2], plainWidgets)
	if err != nil || remove.EventName != ddb.StreamRemove || remove.Old != nil || remove.New != nil || len(remove.Keys) != 2 {
		t.Fatalf("REMOVE (keys only) decoded to %+v, %v", remove, err)
	}
	if _, err := ddb.DecodeChange[widget](&ev.Records[3], plainWidgets); err == nil || !strings.Contains(err.Error(), "NewImage") {
		t.Fatalf("an image that does not decode: %v", err)
	}
	// A table of another model refuses to decode into T.
	if _, err := ddb.DecodeChange[widgetKeys](&ev.Records[0], plainWidgets); err == nil {
		t.Fatal("DecodeChange into another model than the table's succeeded")
	}
	// A record of another table's stream (other key attributes) is refused,
	// from its Keys or, when it has none (built by hand), from its images.
	other := events.DynamoDBEventRecord{EventID: "9", EventName: "INSERT", Change: events.DynamoDBStreamRecord{
		Keys:     map[string]events.DynamoDBAttributeValue{"user_id": events.NewStringAttribute("u")},
		NewImage: map[string]events.DynamoDBAttributeValue{"user_id": events.NewStringAttribute("u"), "pk": events.NewStringAttribute("p")}}}
	if _, err := ddb.DecodeChange[widget](&other, plainWidgets); err == nil || !strings.Contains(err.Error(), `its Keys lack key attribute "pk"`) || !strings.Contains(err.Error(), "this table's stream") {
		t.Errorf("a record of another table: %v", err)
	}
	other.Change.Keys = nil
	if _, err := ddb.DecodeChange[widget](&other, plainWidgets); err == nil || !strings.Contains(err.Error(), `its NewImage lacks key attribute "sk"`) {
		t.Errorf("a record of another table, without Keys: %v", err)
	}
	handBuilt := ev.Records[0]
	handBuilt.Change.Keys = nil
	if _, err := ddb.DecodeChange[widget](&handBuilt, plainWidgets); err != nil {
		t.Errorf("a record without Keys whose image holds the key: %v", err)
	}
}
