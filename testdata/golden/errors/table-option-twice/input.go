package tableoptiontwice

type Order struct {
	_          struct{} `dynamo:"table=orders,table=orders2"`
	CustomerID string   `dynamodbav:"customer_id" dynamo:"pk"`
}
