package duplicatenamewithfielderrors

// Both tables are named "orders", and the second also has a field DynamoDB
// cannot store: one run reports both problems.
type Order struct {
	_  struct{} `dynamo:"table=orders"`
	ID string   `dynamodbav:"id" dynamo:"pk"`
}

type Archive struct {
	_     struct{}      `dynamo:"table=orders"`
	ID    string        `dynamodbav:"id" dynamo:"pk"`
	Ready chan struct{} `dynamodbav:"ready"`
}
