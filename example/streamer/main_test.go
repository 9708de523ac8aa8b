package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/internal/streamrecords"
	"github.com/stelviogen/stelviogen/runtime/ddb"
)

func image(customer, date, status string, total float64) map[string]events.DynamoDBAttributeValue {
	return map[string]events.DynamoDBAttributeValue{
		"customer_id": events.NewStringAttribute(customer),
		"order_date":  events.NewStringAttribute(date),
		"status":      events.NewStringAttribute(status),
		"total":       events.NewNumberAttribute(strconv.FormatFloat(total, 'f', -1, 64)),
		"version":     events.NewNumberAttribute("1"),
	}
}

func record(name string, old, new map[string]events.DynamoDBAttributeValue) events.DynamoDBEventRecord {
	return events.DynamoDBEventRecord{EventID: name, EventName: name, Change: events.DynamoDBStreamRecord{OldImage: old, NewImage: new}}
}

func TestTransitions(t *testing.T) {
	ev := events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{
		record("INSERT", nil, image("c1", "2026-11-01", "pending", 10)),
		record("MODIFY", image("c1", "2026-11-01", "pending", 10), image("c1", "2026-11-01", "shipped", 10)),
		record("MODIFY", image("c1", "2026-11-01", "shipped", 10), image("c1", "2026-11-01", "shipped", 12)),
		record("REMOVE", image("c1", "2026-11-01", "shipped", 12), nil),
	}}
	got, err := transitions(ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []Transition{
		{"c1", "2026-11-01", "", "pending"},
		{"c1", "2026-11-01", "pending", "shipped"},
		{"c1", "2026-11-01", "shipped", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// A record that does not decode fails the batch (Lambda retries it).
func TestBadRecordFails(t *testing.T) {
	bad := image("c1", "2026-11-01", "pending", 1)
	bad["total"] = events.NewStringAttribute("not a number")
	if _, err := transitions(events.DynamoDBEvent{Records: []events.DynamoDBEventRecord{record("INSERT", nil, bad)}}); err == nil {
		t.Fatal("no error for an undecodable record")
	}
}

// The handler on a real batch: orders written through the generated store to
// an orders table on DynamoDB Local, its stream read back and delivered as
// Lambda delivers it (internal/streamrecords).
func TestHandleStreamOfLocalTable(t *testing.T) {
	ctx := t.Context()
	client, name := ordersTable(t)
	store := models.NewOrderStore(client, name)

	a := models.Order{CustomerID: "c1", OrderDate: "2026-11-01", Status: "pending", Total: 42.5, Items: []string{"book"}}
	if err := store.Create(ctx, &a); err != nil { // INSERT: "" -> pending
		t.Fatal(err)
	}
	if _, err := store.Update(ctx, "c1", "2026-11-01", 1, models.OrderAttrs.Status.Set("shipped")); err != nil { // pending -> shipped
		t.Fatal(err)
	}
	if _, err := store.Update(ctx, "c1", "2026-11-01", 2, models.OrderAttrs.Total.Set(40)); err != nil { // same status: no transition
		t.Fatal(err)
	}
	b := models.Order{CustomerID: "c2", OrderDate: "2026-11-02", Status: "pending", Total: 7}
	if err := store.Create(ctx, &b); err != nil { // INSERT: "" -> pending
		t.Fatal(err)
	}
	b.Status = "cancelled"
	if err := store.Put(ctx, &b); err != nil { // pending -> cancelled, by Put
		t.Fatal(err)
	}
	if err := store.Delete(ctx, "c1", "2026-11-01"); err != nil { // REMOVE: shipped -> ""
		t.Fatal(err)
	}

	ev := streamrecords.Event(t, client, name, 6)
	if len(ev.Records) != 6 {
		t.Fatalf("%d stream records, want 6", len(ev.Records))
	}
	want := []Transition{
		{"c1", "2026-11-01", "", "pending"},
		{"c1", "2026-11-01", "pending", "shipped"},
		{"c2", "2026-11-02", "", "pending"},
		{"c2", "2026-11-02", "pending", "cancelled"},
		{"c1", "2026-11-01", "shipped", ""},
	}
	got, err := transitions(ev)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("transitions:\n got %+v\nwant %+v", got, want)
	}

	// handle, as Lambda invokes it, logs one line per transition.
	logs := captureLogs(t)
	if err := handle(ctx, ev); err != nil {
		t.Fatalf("handle: %v", err)
	}
	var logged []Transition
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l struct{ Msg, Customer, Order, From, To string }
		if err := json.Unmarshal([]byte(line), &l); err != nil || l.Msg != "order status" {
			t.Fatalf("log line %q (%v)", line, err)
		}
		logged = append(logged, Transition{l.Customer, l.Order, l.From, l.To})
	}
	if !reflect.DeepEqual(logged, want) {
		t.Errorf("logged:\n got %+v\nwant %+v", logged, want)
	}
}

// A record of the real stream that does not decode fails the whole batch.
func TestHandleFailsOnUndecodableStreamRecord(t *testing.T) {
	ctx := t.Context()
	client, name := ordersTable(t)
	store := models.NewOrderStore(client, name)
	good := models.Order{CustomerID: "c1", OrderDate: "2026-11-01", Status: "pending", Total: 1}
	if err := store.Create(ctx, &good); err != nil {
		t.Fatal(err)
	}
	// Written by other code: a version that is not a number.
	bad, err := good.MarshalItem()
	if err != nil {
		t.Fatal(err)
	}
	bad["order_date"] = &types.AttributeValueMemberS{Value: "2026-11-02"}
	bad["version"] = &types.AttributeValueMemberS{Value: "one"}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: bad}); err != nil {
		t.Fatal(err)
	}
	ev := streamrecords.Event(t, client, name, 2)
	logs := captureLogs(t)
	err = handle(ctx, ev)
	if err == nil || !strings.Contains(err.Error(), "version") {
		t.Fatalf("handle: %v, want an error naming the version attribute", err)
	}
	if logs.Len() != 0 {
		t.Errorf("a failed batch logged transitions:\n%s", logs)
	}
}

// ordersTable creates an orders table on the local server (scripts/test.sh).
func ordersTable(t *testing.T) (*dynamodb.Client, string) {
	t.Helper()
	client := ddblocal.Client(t)
	name := ddblocal.UniqueTableName(t, "orders")
	if err := ddb.CreateTable(t.Context(), client, models.OrderSchema, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ddb.DeleteTable(context.Background(), client, name); err != nil {
			t.Errorf("delete table: %v", err)
		}
	})
	return client, name
}

// captureLogs sends the default logger's records, as JSON lines, to the
// returned buffer until the test ends.
func captureLogs(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return &buf
}
