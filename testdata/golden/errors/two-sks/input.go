package twosks

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
	OrderID    string `dynamodbav:"order_id" dynamo:"sk"`
}
