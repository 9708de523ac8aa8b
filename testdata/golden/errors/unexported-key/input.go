package unexportedkey

type Order struct {
	customerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
}
