// Package ttlstream has a TTL attribute and a stream, with both TTL encodings.
package ttlstream

import "time"

type Session struct {
	_         struct{}  `dynamo:"table=sessions,stream=new-image"`
	ID        string    `dynamodbav:"id" dynamo:"pk"`
	UserID    string    `dynamodbav:"user_id"`
	ExpiresAt time.Time `dynamodbav:"expires_at,unixtime" dynamo:"ttl"`
}

type Event struct {
	_       struct{} `dynamo:"table=events,stream=keys-only"`
	Stream  string   `dynamodbav:"stream" dynamo:"pk"`
	Seq     int64    `dynamodbav:"seq" dynamo:"sk"`
	PurgeAt int64    `dynamodbav:"purge_at,omitempty" dynamo:"ttl"`
}
