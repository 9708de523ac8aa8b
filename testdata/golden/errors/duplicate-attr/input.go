package duplicateattr

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Customer   string `dynamodbav:"customer_id"`
}
