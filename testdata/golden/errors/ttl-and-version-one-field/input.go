package ttlandversiononefield

type Thing struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
	V  int64  `dynamodbav:"v" dynamo:"ttl,version"`
}
