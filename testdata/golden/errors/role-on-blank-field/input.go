package roleonblankfield

type Order struct {
	_          struct{} `dynamo:"table=orders,pk"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
