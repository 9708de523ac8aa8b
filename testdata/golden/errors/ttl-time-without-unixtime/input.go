package ttltimewithoutunixtime

import "time"

type Session struct {
	ID        string    `dynamodbav:"id" dynamo:"pk"`
	ExpiresAt time.Time `dynamodbav:"expires_at" dynamo:"ttl"`
}
