// Package storetest holds tagged model structs with their committed generated
// code (codec, typed store, queries) and tests that run every store and query
// method against a real DynamoDB server (DynamoDB Local, see scripts/test.sh).
package storetest

import "time"

//go:generate go tool stelviogen -json

// Order is the guide's orders table, with optimistic locking, a TTL, a set and
// room for large items.
type Order struct {
	_          struct{} `dynamo:"table=orders,stream=new-and-old-images"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string   `dynamodbav:"order_date" dynamo:"sk"`
	Status     string   `dynamodbav:"status" lsi:"status-index,project=total" gsi:"status-total-index,pk,project=all"`
	Total      float64  `dynamodbav:"total" gsi:"status-total-index,sk"`
	Tags       []string `dynamodbav:"tags,stringset,omitempty"`
	Note       *string  `dynamodbav:"note"`
	Notes      string   `dynamodbav:"notes,omitempty"` // padding for large items
	ExpiresAt  int64    `dynamodbav:"expires_at,omitempty" dynamo:"ttl"`
	Version    int64    `dynamodbav:"version" dynamo:"version"`
}

// Event is keyed and indexed on DynamoDB reserved words only: name, date,
// status, count, data, total.
type Event struct {
	_      struct{} `dynamo:"table=events"`
	Name   string   `dynamodbav:"name" dynamo:"pk"`
	Date   string   `dynamodbav:"date" dynamo:"sk"`
	Status string   `dynamodbav:"status" gsi:"by-status,pk"`
	Count  int      `dynamodbav:"count" gsi:"by-status,sk"`
	Data   string   `dynamodbav:"data"`
	Total  uint32   `dynamodbav:"total"`
}

// Reading has a binary partition key, a numeric sort key, a time sort key on
// an LSI and a GSI without sort key projecting an attribute list.
type Reading struct {
	_       struct{}  `dynamo:"table=readings"`
	Sensor  []byte    `dynamodbav:"sensor" dynamo:"pk"`
	Seq     int64     `dynamodbav:"seq" dynamo:"sk"`
	At      time.Time `dynamodbav:"at" lsi:"by-time,project=all"`
	Kind    string    `dynamodbav:"kind" gsi:"by-kind,pk,project=value|unit"`
	Value   float32   `dynamodbav:"value"`
	Unit    string    `dynamodbav:"unit"`
	Comment string    `dynamodbav:"comment"`
}

// Counter has a partition key only and no version: plain puts and upserts.
type Counter struct {
	ID    string            `dynamodbav:"id" dynamo:"pk"`
	Hits  int64             `dynamodbav:"hits"`
	Peak  *uint16           `dynamodbav:"peak"`
	Seen  []int             `dynamodbav:"seen,numberset,omitempty"`
	Label string            `dynamodbav:"label,omitempty"`
	Meta  map[string]string `dynamodbav:"meta,omitempty"`
}

// CarrierID and Blob are named key types.
type (
	CarrierID string
	Blob      []byte
)

// Audit is embedded in Shipment: its fields are promoted attributes.
type Audit struct {
	By  string `dynamodbav:"by"`
	Rev int    `dynamodbav:"rev"`
}

// Shipment has keys of named types and of encodings that change the
// attribute type: a number stored as a string, a time as unix seconds.
type Shipment struct {
	Carrier CarrierID `dynamodbav:"carrier" dynamo:"pk"`
	Seq     uint32    `dynamodbav:"seq,string" dynamo:"sk"`
	When    time.Time `dynamodbav:"when,unixtime" lsi:"by-when,project=all"`
	Weight  float32   `dynamodbav:"weight" gsi:"by-weight,pk"`
	Label   Blob      `dynamodbav:"label" gsi:"by-label,pk,project=all"`
	Audit
}

// Stock is a versioned item written two ways: Update at a version read
// (optimistic locking) and UpdateAnyVersion guarded by a condition on
// Quantity, as a reservation that must not oversell.
type Stock struct {
	SKU      string `dynamodbav:"sku" dynamo:"pk"`
	Quantity int64  `dynamodbav:"quantity"`
	Held     int64  `dynamodbav:"held"`
	Version  int64  `dynamodbav:"version" dynamo:"version"`
}
