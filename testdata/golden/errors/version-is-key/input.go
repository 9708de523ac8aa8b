package versioniskey

type Doc struct {
	ID  string `dynamodbav:"id" dynamo:"pk"`
	Rev int64  `dynamodbav:"rev" dynamo:"sk,version"`
}
