package samedepthshadowing

type A struct {
	Name string `dynamodbav:"name"`
}

type B struct {
	Name string `dynamodbav:"name"`
}

type Thing struct {
	A
	B
	ID string `dynamodbav:"id" dynamo:"pk"`
}
