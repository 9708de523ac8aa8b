package ttliskey

type Event struct {
	At int64 `dynamodbav:"at" dynamo:"pk,ttl"`
}
