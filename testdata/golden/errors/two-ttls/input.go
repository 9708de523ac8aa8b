package twottls

type Session struct {
	ID        string `dynamodbav:"id" dynamo:"pk"`
	ExpiresAt int64  `dynamodbav:"expires_at" dynamo:"ttl"`
	PurgeAt   int64  `dynamodbav:"purge_at" dynamo:"ttl"`
}
