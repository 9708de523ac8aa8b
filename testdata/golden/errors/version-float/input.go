package versionfloat

type Doc struct {
	ID      string  `dynamodbav:"id" dynamo:"pk"`
	Version float64 `dynamodbav:"version" dynamo:"version"`
}
