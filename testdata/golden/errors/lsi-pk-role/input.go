package lsipkrole

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	OrderDate  string `dynamodbav:"order_date" dynamo:"sk"`
	Status     string `dynamodbav:"status" lsi:"status-index,pk"`
}
