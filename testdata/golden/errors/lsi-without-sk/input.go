package lsiwithoutsk

type Order struct {
	CustomerID string `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string `dynamodbav:"status" lsi:"status-index"`
}
