package main

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/aws/aws-lambda-go/events"
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
