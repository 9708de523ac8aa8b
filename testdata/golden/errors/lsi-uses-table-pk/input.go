package lsiusestablepk

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk" lsi:"by-customer"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
}
