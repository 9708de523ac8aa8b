package twoversions

type Doc struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
	V1 int64  `dynamodbav:"v1" dynamo:"version"`
	V2 int64  `dynamodbav:"v2" dynamo:"version"`
}
