package nearmissdynamodb

// Order is a table; Customer's only pk tag is misspelt, so without the check
// it would silently not be a table while the run succeeds.
type Order struct {
	ID string `dynamodbav:"id" dynamo:"pk"`
}

type Customer struct {
	ID   string `json:"id" dynamodb:"pk"`
	Name string `json:"name" dynamodbav:"name"`
}
