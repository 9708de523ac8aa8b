package twopks

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderID    string `dynamodbav:"order_id" dynamo:"pk"`
}
