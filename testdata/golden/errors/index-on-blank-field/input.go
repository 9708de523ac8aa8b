package indexonblankfield

type Order struct {
	_          struct{} `dynamo:"table=orders" gsi:"by-x,pk"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
