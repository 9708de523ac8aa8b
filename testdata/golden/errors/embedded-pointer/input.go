package embeddedpointer

type Base struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
}

type Order struct {
	*Base
	Total int64 `dynamodbav:"total"`
}
