package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stelviogen/stelviogen/example/models"
	"github.com/stelviogen/stelviogen/internal/ddblocal"
	"github.com/stelviogen/stelviogen/runtime/ddb"
	"github.com/stelviogen/stelviogen/runtime/ddbevents"
)

func order(customer, date, status string, total float64, version int64) *models.Order {
	return &models.Order{CustomerID: customer, OrderDate: date, Status: status, Total: total, Version: version}
}

// published runs handle on event and returns the transitions it published
// and the records it reported as failed.
func published(t *testing.T, event events.DynamoDBEvent, fail func(Transition) error) ([]Transition, []string) {
	t.Helper()
	var out []Transition
	prev := publish
	publish = func(ctx context.Context, tr Transition) error {
		if fail != nil {
			if err := fail(tr); err != nil {
				return err
			}
		}
		out = append(out, tr)
		return prev(ctx, tr)
	}
	defer func() { publish = prev }()
	resp, err := handle(t.Context(), event)
	if err != nil {
		t.Fatalf("handle returned an error (Lambda would retry the whole batch): %v", err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	return out, failed
}

// The batch Lambda delivers for these changes, built with runtime/ddbevents
// from model values as a user's test would.
func TestTransitions(t *testing.T) {
	pending := order("c1", "2026-11-01", "pending", 10, 1)
	shipped := order("c1", "2026-11-01", "shipped", 10, 2)
	repriced := order("c1", "2026-11-01", "shipped", 12, 3)
	stale := order("c2", "2026-11-02", "pending", 3, 1)
	ev, err := ddbevents.Event(models.OrderSchema,
		ddbevents.Insert(pending),
		ddbevents.Modify(pending, shipped),
		ddbevents.Modify(shipped, repriced), // same status: no transition
		ddbevents.Remove(repriced),
		ddbevents.Expire(stale), // deleted by TTL
	)
	if err != nil {
		t.Fatal(err)
	}
	captureLogs(t)
	got, failed := published(t, ev, nil)
	want := []Transition{
		{"c1", "2026-11-01", "", "pending", false},
		{"c1", "2026-11-01", "pending", "shipped", false},
		{"c1", "2026-11-01", "shipped", "", false},
		{"c2", "2026-11-02", "pending", "", true},
	}
	if !reflect.DeepEqual(got, want) || len(failed) != 0 {
		t.Errorf("got %+v (failed %v)\nwant %+v", got, failed, want)
	}
}

// The handler on a real batch: orders written through the generated store to
// an orders table on DynamoDB Local, its stream read back and delivered as
// Lambda delivers it (ddbevents.ReadEvent); the same changes built from model
// values with ddbevents give the same event, but for the IDs, sequence numbers
// and times the server chose.
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

	ev := readEvent(t, client, name, 6)
	if len(ev.Records) != 6 {
		t.Fatalf("%d stream records, want 6", len(ev.Records))
	}
	v1 := order("c1", "2026-11-01", "pending", 42.5, 1)
	v1.Items = []string{"book"}
	v2, v3 := *v1, *v1
	v2.Status, v2.Version = "shipped", 2
	v3.Status, v3.Total, v3.Version = "shipped", 40, 3
	w1 := order("c2", "2026-11-02", "pending", 7, 1)
	w2 := order("c2", "2026-11-02", "cancelled", 7, 2)
	built, err := ddbevents.Stream{Schema: models.OrderSchema, Table: name, Region: ev.Records[0].AWSRegion,
		Account: "000000000000", Label: label(ev.Records[0].EventSourceArn)}.Event(
		ddbevents.Insert(v1), ddbevents.Modify(v1, &v2), ddbevents.Modify(&v2, &v3),
		ddbevents.Insert(w1), ddbevents.Modify(w1, w2), ddbevents.Remove(&v3))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range ev.Records {
		b := built.Records[i]
		r.EventID, r.Change.SequenceNumber, r.Change.ApproximateCreationDateTime = "", "", events.SecondsEpochTime{}
		b.EventID, b.Change.SequenceNumber, b.Change.ApproximateCreationDateTime = "", "", events.SecondsEpochTime{}
		if !reflect.DeepEqual(r, b) {
			t.Errorf("record %d:\nserver %+v\n built %+v", i, r, b)
		}
	}
	want := []Transition{
		{"c1", "2026-11-01", "", "pending", false},
		{"c1", "2026-11-01", "pending", "shipped", false},
		{"c2", "2026-11-02", "", "pending", false},
		{"c2", "2026-11-02", "pending", "cancelled", false},
		{"c1", "2026-11-01", "shipped", "", false},
	}
	logs := captureLogs(t)
	got, failed := published(t, ev, nil)
	if !reflect.DeepEqual(got, want) || len(failed) != 0 {
		t.Errorf("transitions:\n got %+v (failed %v)\nwant %+v", got, failed, want)
	}
	// One log line per transition.
	var logged []Transition
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l struct {
			Msg, Customer, Order, From, To string
			Expired                        bool
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil || l.Msg != "order status" {
			t.Fatalf("log line %q (%v)", line, err)
		}
		logged = append(logged, Transition{l.Customer, l.Order, l.From, l.To, l.Expired})
	}
	if !reflect.DeepEqual(logged, want) {
		t.Errorf("logged:\n got %+v\nwant %+v", logged, want)
	}

	// Publishing fails in the middle of the batch: the failed record is
	// reported, nothing after it is published, and Lambda's retry from it
	// publishes the rest.
	down := true
	got, failed = published(t, ev, func(tr Transition) error {
		if down && tr.To == "cancelled" {
			return errors.New("queue unavailable")
		}
		return nil
	})
	if len(got) != 3 || len(failed) != 1 || failed[0] != ev.Records[4].Change.SequenceNumber {
		t.Fatalf("published %+v, failed %v; want 3 published and record 4 reported", got, failed)
	}
	down = false
	retry := events.DynamoDBEvent{Records: ev.Records[4:]}
	if got, failed = published(t, retry, nil); len(failed) != 0 || !reflect.DeepEqual(got, want[3:]) {
		t.Fatalf("retry published %+v, failed %v", got, failed)
	}
}

// A record of the real stream that does not decode is reported; the records
// before it are published.
func TestUndecodableStreamRecordIsReported(t *testing.T) {
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
	ev := readEvent(t, client, name, 2)
	logs := captureLogs(t)
	got, failed := published(t, ev, nil)
	if len(got) != 1 || got[0].OrderDate != "2026-11-01" {
		t.Fatalf("published %+v, want the good order only", got)
	}
	if len(failed) != 1 || failed[0] != ev.Records[1].Change.SequenceNumber {
		t.Fatalf("failed %v, want the undecodable record", failed)
	}
	if !strings.Contains(logs.String(), "version") {
		t.Errorf("the failure's log does not name the version attribute:\n%s", logs)
	}
}

// readEvent reads the table's stream on the local server until it holds want
// records, as the Lambda event a subscribed function receives.
func readEvent(t *testing.T, client *dynamodb.Client, table string, want int) events.DynamoDBEvent {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	ev, err := ddbevents.ReadEvent(ctx, client, table, want)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// label is the end of a stream ARN, after "/stream/".
func label(arn string) string {
	_, l, _ := strings.Cut(arn, "/stream/")
	return l
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
