package indexgonameclash

type Order struct {
	_          struct{} `dynamo:"table=orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
	Status     string   `dynamodbav:"status" gsi:"by-status,pk"`
	State      string   `dynamodbav:"state" gsi:"by_status,pk"`
}
