package generictable

type Box[T any] struct {
	ID    string `dynamodbav:"id" dynamo:"pk"`
	Value T      `dynamodbav:"value"`
}
