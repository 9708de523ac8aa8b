package unknowntableoption

type Order struct {
	_          struct{} `dynamo:"table=orders,billing=provisioned"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
