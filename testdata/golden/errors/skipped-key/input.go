package skippedkey

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Secret     string `dynamodbav:"-" gsi:"by-secret,pk"`
}
