package ttlstring

type Session struct {
	ID        string `dynamodbav:"id" dynamo:"pk"`
	ExpiresAt string `dynamodbav:"expires_at" dynamo:"ttl"`
}
