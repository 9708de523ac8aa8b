package tablenamechars

type Order struct {
	_          struct{} `dynamo:"table=my orders"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
