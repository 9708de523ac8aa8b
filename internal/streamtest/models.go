// Package streamtest holds one small table per stream view type, with their
// committed generated code, and tests that write items through the generated
// stores on DynamoDB Local, read the table's stream with the DynamoDB Streams
// API, turn its records into the Lambda events a subscribed function receives
// (internal/streamrecords) and decode them with the generated Decode<T>Change.
package streamtest

//go:generate go tool stelviogen

// Payload holds the attribute kinds a stream record must carry unchanged:
// binary, a string set, a number set, a nested map (struct), a list, a map, numbers,
// a bool, and a pointer that is NULL when nil. Each table embeds it.
type Payload struct {
	Blob    []byte         `dynamodbav:"blob"`
	Tags    []string       `dynamodbav:"tags,stringset,omitempty"`
	Sizes   []int          `dynamodbav:"sizes,numberset,omitempty"`
	Address Address        `dynamodbav:"address"`
	Scores  []float64      `dynamodbav:"scores"`
	Counts  map[string]int `dynamodbav:"counts"`
	Amount  float64        `dynamodbav:"amount"`
	Active  bool           `dynamodbav:"active"`
	Note    *string        `dynamodbav:"note"`
}

// Address is stored as a map, with a nested map that is NULL when nil.
type Address struct {
	Street string    `dynamodbav:"street"`
	Lines  []string  `dynamodbav:"lines"`
	Geo    *GeoPoint `dynamodbav:"geo"`
}

// GeoPoint is nested two levels deep.
type GeoPoint struct {
	Lat float64 `dynamodbav:"lat"`
	Lng float64 `dynamodbav:"lng"`
}

// Session's stream carries keys only: a string partition key and a numeric
// sort key. It has optimistic locking.
type Session struct {
	_       struct{} `dynamo:"table=sessions,stream=keys-only"`
	User    string   `dynamodbav:"user" dynamo:"pk"`
	Seq     int64    `dynamodbav:"seq" dynamo:"sk"`
	Version int64    `dynamodbav:"version" dynamo:"version"`
	Payload
}

// Reading's stream carries new images: a binary partition key and a string
// sort key, without optimistic locking.
type Reading struct {
	_      struct{} `dynamo:"table=readings,stream=new-image"`
	Sensor []byte   `dynamodbav:"sensor" dynamo:"pk"`
	At     string   `dynamodbav:"at" dynamo:"sk"`
	Payload
}

// Profile's stream carries old images: a partition key only, with
// optimistic locking.
type Profile struct {
	_       struct{} `dynamo:"table=profiles,stream=old-image"`
	ID      string   `dynamodbav:"id" dynamo:"pk"`
	Version int64    `dynamodbav:"version" dynamo:"version"`
	Payload
}

// Account's stream carries new and old images (the example's orders table
// does the same): string keys, optimistic locking and a TTL attribute.
type Account struct {
	_         struct{} `dynamo:"table=accounts,stream=new-and-old-images"`
	Tenant    string   `dynamodbav:"tenant" dynamo:"pk"`
	ID        string   `dynamodbav:"id" dynamo:"sk"`
	ExpiresAt int64    `dynamodbav:"expires_at,omitempty" dynamo:"ttl"`
	Version   int64    `dynamodbav:"version" dynamo:"version"`
	Payload
}
