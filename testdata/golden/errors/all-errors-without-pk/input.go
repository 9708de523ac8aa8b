package allerrorswithoutpk

type Thing struct {
	_  struct{} `dynamo:"Table=things"`
	ID string   `dynamodbav:"id" dynamo:"PK"`
}
