package versionomitempty

type Thing struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
	V  int64  `dynamodbav:"v,omitempty" dynamo:"version"`
}
