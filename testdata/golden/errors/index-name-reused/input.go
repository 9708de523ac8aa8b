package indexnamereused

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
	Status     string `dynamodbav:"status" lsi:"by-status"`
	Region     string `dynamodbav:"region" gsi:"by-status,pk"`
}
